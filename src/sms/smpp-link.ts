import * as smpp from 'smpp';
import type { PDU, PduFields, Session } from 'smpp';
import { backoffDelay, type Logger } from '../shared/index.ts';
import { isMobileOriginated } from './sms-inbound.ts';

// One bound transceiver session to the SMSC: bind, keep alive (enquire_link), a window of
// outstanding submit_sm, delivery receipts in, and reconnection with backoff whenever the SMSC
// drops us. Those who submit while it is down get LinkDownError: the message stays queued.

export interface SmscAddress {
  host: string;
  port: number;
  systemId: string;
  password: string;
}

/** `smpp://systemid:password@host:port` (port 2775 when left out). */
export function parseSmppUrl(url: string): SmscAddress {
  const u = new URL(url);
  if (u.protocol !== 'smpp:') throw new Error('SMS_SMPP_URL must be smpp://systemid:password@host:port');
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 2775,
    systemId: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

export interface Receipt {
  smscId: string;
  /** DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED, ACCEPTD, UNKNOWN, ENROUTE */
  state: string;
  error: string | null;
}

export class LinkDownError extends Error {
  constructor() {
    super('the SMSC link is down');
  }
}

const ESM_RECEIPT = 0x04;
const STATES: Record<number, string> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};
const RESPONSE_TIMEOUT_MS = 30_000;
const ENQUIRE_MS = 30_000;

/** A receipt from a deliver_sm: the TLVs when present (SMPP 3.4 optional), else the text "id:… stat:… err:…". */
export function parseReceipt(pdu: PDU): Receipt | null {
  if (((pdu.esm_class as number) & ESM_RECEIPT) === 0) return null;
  const sm = pdu.short_message as { message?: unknown } | undefined;
  const text = typeof sm?.message === 'string' ? sm.message : '';
  const id = (pdu.receipted_message_id as string | undefined) ?? /id:(\S+)/.exec(text)?.[1];
  if (!id) return null;
  const tlvState = typeof pdu.message_state === 'number' ? STATES[pdu.message_state] : undefined;
  const state = tlvState ?? /stat:(\w+)/.exec(text)?.[1] ?? 'UNKNOWN';
  return { smscId: id, state: state.toUpperCase(), error: /err:(\w+)/.exec(text)?.[1] ?? null };
}

export interface LinkOptions {
  address: SmscAddress;
  window: number;
  logger: Logger;
  onReceipt(r: Receipt): Promise<void>;
  /** A citizen's message to the short code (not a receipt): resolves once it is stored. */
  onMessage?(pdu: PDU): Promise<void>;
  /** Bound (again): what waited for the link can go now. */
  onUp(): void;
}

export class SmppLink {
  private session: Session | null = null;
  private bound = false;
  private stopped = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private enquire: NodeJS.Timeout | null = null;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly pending = new Set<(err: Error) => void>();

  constructor(private readonly o: LinkOptions) {}

  get up(): boolean {
    return this.bound;
  }

  start(): void {
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const s = this.session;
    const wasBound = this.bound;
    this.dropped();
    if (!s) return;
    if (!wasBound || s.socket.destroyed) return void s.socket.destroy();
    // Unbind politely; an SMSC that does not answer within a second is simply cut.
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => (s.socket.destroy(), resolve()), 1000);
      s.socket.once('close', () => (clearTimeout(t), resolve()));
      if (!s.unbind(() => s.close())) s.socket.destroy();
    });
  }

  /** submit_sm within the window; resolves with the SMSC's message_id, or its refusal's status. */
  async submit(fields: PduFields): Promise<{ messageId: string } | { status: number }> {
    await this.slot();
    try {
      const s = this.session;
      if (!this.bound || !s) throw new LinkDownError();
      const resp = await this.request(s, (cb) => s.submit_sm(fields, cb));
      return resp.command_status === 0 ? { messageId: String(resp.message_id) } : { status: resp.command_status };
    } finally {
      this.inFlight -= 1;
      this.waiting.shift()?.();
    }
  }

  private async slot(): Promise<void> {
    while (this.inFlight >= this.o.window) await new Promise<void>((r) => this.waiting.push(r));
    this.inFlight += 1;
  }

  /** A request PDU's response, or LinkDownError when the link drops first or the SMSC never answers. */
  private request(s: Session, send: (cb: (pdu: PDU) => void) => boolean): Promise<PDU> {
    return new Promise<PDU>((resolve, reject) => {
      const fail = (err: Error) => (clearTimeout(timer), this.pending.delete(fail), reject(err));
      const timer = setTimeout(() => {
        fail(new LinkDownError());
        s.destroy(); // an SMSC that stops answering is as good as gone: reconnect
      }, RESPONSE_TIMEOUT_MS);
      this.pending.add(fail);
      const sent = send((pdu) => (clearTimeout(timer), this.pending.delete(fail), resolve(pdu)));
      if (!sent) fail(new LinkDownError());
    });
  }

  private connect(): void {
    if (this.stopped) return;
    const { host, port, systemId, password } = this.o.address;
    const s = smpp.connect({ host, port });
    this.session = s;
    s.on('connect', () => {
      s.bind_transceiver({ system_id: systemId, password, interface_version: 0x34 }, (pdu) => {
        if (pdu.command_status !== 0) {
          this.o.logger.error({ status: pdu.command_status }, 'the SMSC refused the bind; retrying later');
          s.destroy();
          return;
        }
        this.bound = true;
        this.attempt = 0;
        this.keepAlive(s);
        this.o.logger.info({ host, port }, 'bound to the SMSC');
        this.o.onUp();
      });
    });
    s.on('deliver_sm', (pdu: PDU) => this.delivered(s, pdu));
    s.on('enquire_link', (pdu: PDU) => s.send(pdu.response()));
    s.on('unbind', (pdu: PDU) => (s.send(pdu.response()), s.close()));
    s.on('error', (err: Error) => this.o.logger.warn({ err: err.message }, 'SMSC link error'));
    s.on('close', () => {
      if (this.session !== s) return;
      this.dropped();
      if (!this.stopped) this.retry();
    });
  }

  private delivered(s: Session, pdu: PDU): void {
    const receipt = parseReceipt(pdu);
    // Answer only once the receipt is stored: an SMSC resends an unanswered deliver_sm later.
    const answer = (status: number) => s.send(pdu.response({ command_status: status }));
    const mo = !receipt && isMobileOriginated(pdu) && this.o.onMessage;
    if (!receipt && !mo) return void answer(0); // an acknowledgement we do not use
    // A citizen's message (MO) too is answered only once stored: the SMSC keeps it until then.
    (mo ? this.o.onMessage!(pdu) : this.o.onReceipt(receipt!)).then(
      () => answer(0),
      (err: Error) => {
        this.o.logger.warn({ err: err.message, mo: !!mo }, 'could not store a deliver_sm; the SMSC will resend it');
        answer(0x08); // ESME_RSYSERR
      },
    );
  }

  /** enquire_link every 30 s: an SMSC that stopped answering (no TCP close) is cut and rebound. */
  private keepAlive(s: Session): void {
    this.enquire = setInterval(() => {
      if (this.session === s) this.request(s, (cb) => s.enquire_link(cb)).catch(() => undefined);
    }, ENQUIRE_MS);
  }

  private dropped(): void {
    if (this.enquire) clearInterval(this.enquire);
    this.enquire = null;
    if (this.bound) this.o.logger.warn('the SMSC link dropped; messages wait in the queue');
    this.bound = false;
    this.session = null;
    for (const fail of [...this.pending]) fail(new LinkDownError());
  }

  private retry(): void {
    const delay = backoffDelay(this.attempt++, { minMs: 250, maxMs: 10_000 });
    this.timer = setTimeout(() => ((this.timer = null), this.connect()), delay);
  }
}
