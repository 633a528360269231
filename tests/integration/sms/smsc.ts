import type { AddressInfo } from 'node:net';
import * as smpp from 'smpp';
import type { PDU, Server, Session } from 'smpp';

// A real SMSC for the tests: the `smpp` package's server side on a free port. It checks the bind,
// answers every submit_sm with a message id, keeps what it received, and sends a delivery receipt
// (deliver_sm, esm_class 0x04) for each segment, as an operator's SMSC does.

export interface Received {
  at: number;
  destination: string;
  source: string;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  /** The user data header's IEs (each: IEI, length, data). */
  udh: Buffer[];
  /** The UCS-2 text of this segment, decoded. */
  text: string;
  messageId: string;
}

export interface Smsc {
  port: number;
  received: Received[];
  receipts: { messageId: string; answeredStatus: number }[];
  binds: number;
  sessions(): number;
  /**
   * A citizen's message to the short code (deliver_sm, esm_class 0; UCS-2 unless `gsm`), on the
   * first bound session; resolves with the deliver_sm_resp's command_status. `sequence` repeated
   * is a resend of the same PDU; `concat` makes it one part of a long message (UDH IEI 0x00).
   */
  mo(o: MoOptions): Promise<number>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface MoOptions {
  from: string;
  to?: string;
  text: string;
  gsm?: boolean;
  sequence?: number;
  concat?: { ref: number; total: number; part: number };
}

export const SYSTEM_ID = 'cti137';
export const PASSWORD = 'secret';

export async function startSmsc(port = 0): Promise<Smsc> {
  let seq = 0;
  let server: Server | null = null;
  const smsc: Smsc = {
    port,
    received: [],
    receipts: [],
    binds: 0,
    sessions: () => server?.sessions.length ?? 0,
    async start() {
      server = smpp.createServer((session) => serve(session));
      const s = server;
      await new Promise<void>((resolve) => s.listen(smsc.port, '127.0.0.1', () => resolve()));
      smsc.port = (s.address() as AddressInfo).port;
    },
    /** The SMSC goes away: every session cut, nothing listening. */
    async stop() {
      const s = server;
      server = null;
      if (!s) return;
      for (const session of [...s.sessions]) session.socket.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    close: () => smsc.stop(),
    mo: (o) => {
      const session = server?.sessions[0];
      if (!session) return Promise.reject(new Error('no session bound to the test SMSC'));
      const udh = o.concat ? Buffer.from([0x05, 0x00, 0x03, o.concat.ref, o.concat.total, o.concat.part]) : null;
      return new Promise<number>((resolve) =>
        session.deliver_sm(
          {
            ...(o.sequence ? { sequence_number: o.sequence } : {}),
            source_addr_ton: 1,
            source_addr_npi: 1,
            source_addr: o.from,
            destination_addr: o.to ?? '10005137',
            esm_class: 0,
            data_coding: o.gsm ? 0 : 8,
            short_message: udh ? { udh, message: o.text } : { message: o.text },
          },
          (resp) => resolve(resp.command_status),
        ),
      );
    },
  };

  function serve(session: Session): void {
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: PDU) => {
      const ok = pdu.system_id === SYSTEM_ID && pdu.password === PASSWORD;
      if (ok) smsc.binds += 1;
      session.send(pdu.response({ command_status: ok ? 0 : 0x0d, system_id: 'test-smsc' }));
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => (session.send(pdu.response()), session.close()));
    session.on('submit_sm', (pdu: PDU) => {
      const messageId = `m${++seq}`;
      const sm = pdu.short_message as { udh?: Buffer[]; message: string };
      smsc.received.push({
        at: Date.now(),
        destination: String(pdu.destination_addr),
        source: String(pdu.source_addr),
        dataCoding: pdu.data_coding as number,
        esmClass: pdu.esm_class as number,
        registeredDelivery: pdu.registered_delivery as number,
        udh: sm.udh ?? [],
        text: sm.message,
        messageId,
      });
      session.send(pdu.response({ message_id: messageId }));
      if ((pdu.registered_delivery as number) & 1) receipt(session, pdu, messageId);
    });
  }

  function receipt(session: Session, submit: PDU, messageId: string): void {
    const text = `id:${messageId} sub:001 dlvrd:001 submit date:2612062000 done date:2612062000 stat:DELIVRD err:000 text:`;
    session.deliver_sm(
      {
        source_addr: submit.destination_addr,
        destination_addr: submit.source_addr,
        esm_class: 0x04,
        short_message: text,
        receipted_message_id: messageId,
        message_state: 2,
      },
      (resp) => smsc.receipts.push({ messageId, answeredStatus: resp.command_status }),
    );
  }

  await smsc.start();
  return smsc;
}

/** The messages as the phone shows them: segments joined by their UDH reference, in sequence order. */
export function reassemble(received: Received[]): { ref: number | null; parts: number; text: string }[] {
  const singles = received.filter((r) => r.udh.length === 0).map((r) => ({ ref: null, parts: 1, text: r.text }));
  // Only whole messages: a long one appears once all its segments are in.
  const byRef = new Map<number, Received[]>();
  for (const r of received) {
    const ie = r.udh.find((u) => u[0] === 0x00);
    if (!ie) continue;
    byRef.set(ie[2]!, [...(byRef.get(ie[2]!) ?? []), r]);
  }
  const long = [...byRef]
    .filter(([, segs]) => segs.length === segs[0]!.udh[0]![3]!)
    .map(([ref, segs]) => {
      const sorted = [...segs].sort((a, b) => a.udh[0]![4]! - b.udh[0]![4]!);
      return { ref, parts: sorted[0]!.udh[0]![3]!, text: sorted.map((s) => s.text).join('') };
    });
  return [...singles, ...long];
}
