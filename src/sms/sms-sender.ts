import type { Db } from '../db/index.ts';
import type { Jobs } from '../jobs/index.ts';
import type { Logger } from '../shared/index.ts';
import { DATA_CODING_UCS2, encodeSegments, ESM_CLASS_UDHI, segmentCount } from './sms-encoding.ts';
import { applyReceipt, claimSms, pendingSmsIds, recordPart, setSmsStatus, type Claimed } from './sms-repository.ts';
import { LinkDownError, type Receipt, type SmppLink } from './smpp-link.ts';

declare module '../jobs/index.ts' {
  interface JobPayloads {
    /** One SMS to hand to the SMSC (sms_messages.id). */
    'sms-send': { id: string };
  }
}

// The send queue. Every message is a row (the record) and a BullMQ job (the durable, cluster-wide
// hand-over: one node claims the row). The job only claims and hands the message to this node's
// pacer, which spaces segments to SMS_PER_SECOND while the link keeps at most SMS_WINDOW unanswered;
// so the shared job workers are never held by the throttle. A message that meets a dead link goes
// back to 'queued' and is queued again when the link is bound.

const ESME_RMSGQFUL = 0x14;
const ESME_RTHROTTLED = 0x58;
/** Claim no more than this many seconds of sending at the pace: the rest waits in the job queue. */
const BACKLOG_SECONDS = 30;
const DEFER_MS = 5_000;
const RETRY_MS = 2_000;
const RECEIPT_RETRY_MS = 500;

export interface SenderOptions {
  db: Db;
  jobs: Pick<Jobs, 'schedule'>;
  link: SmppLink;
  sender: string;
  perSecond: number;
  logger: Logger;
}

export class SmsSender {
  private lastSentAt = 0;
  private paceChain: Promise<void> = Promise.resolve();
  private backlog = 0;
  private readonly partWrites = new Set<Promise<unknown>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly o: SenderOptions) {}

  schedule(id: string, delayMs = 0, tag = 'q'): Promise<void> {
    return this.o.jobs.schedule('sms-send', { id }, { delayMs, jobId: `sms-send-${id}-${tag}` });
  }

  /** The job: claim the row and pace it out on this node, or leave it queued for the link. */
  async run(id: string): Promise<void> {
    if (!this.o.link.up) return; // stays 'queued': the bind schedules it again
    if (this.backlog >= this.o.perSecond * BACKLOG_SECONDS) {
      await this.schedule(id, DEFER_MS, `d${Date.now()}`);
      return;
    }
    const c = await claimSms(this.o.db, id);
    if (!c) return; // sent, or another node has it
    const work = this.sendClaimed(c).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** The link is bound: queue again every message that waited for it. */
  async flush(): Promise<void> {
    const ids = await pendingSmsIds(this.o.db);
    const tag = `b${Date.now()}`;
    for (const id of ids) await this.schedule(id, 0, tag);
    if (ids.length) this.o.logger.info({ count: ids.length }, 'SMS queued while the SMSC was away go now');
  }

  async receipt(r: Receipt): Promise<void> {
    // The receipt can come in the same read as the submit_sm_resp, before the segment's SMSC id is
    // written: let the resp's continuation start that write (next turn), wait for it, and give a
    // write on another path one more chance.
    for (const waitMs of [0, RECEIPT_RETRY_MS]) {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      await Promise.allSettled([...this.partWrites]);
      if (await applyReceipt(this.o.db, r.smscId, r.state, r.error)) return;
    }
    this.o.logger.warn({ smscId: r.smscId }, 'a delivery receipt for a message we do not know');
  }

  /** At stop: let what is being submitted finish (the link fails it quickly if it is gone). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async sendClaimed(c: Claimed): Promise<void> {
    const segments = encodeSegments(c.text, c.concatRef).filter((s) => !c.sentParts.includes(s.part));
    const weight = segmentCount(c.text);
    this.backlog += weight;
    try {
      const results = await Promise.all(segments.map((s) => this.sendSegment(c, s)));
      const refused = results.find((r) => r !== 'ok');
      if (!refused) await setSmsStatus(this.o.db, c.id, 'submitted');
      else if (refused === 'retry') await this.requeue(c.id, RETRY_MS);
      else await setSmsStatus(this.o.db, c.id, 'failed', refused);
    } catch (err) {
      if (!(err instanceof LinkDownError)) this.o.logger.error({ err: (err as Error).message, sms: c.id }, 'SMS send');
      await this.requeue(c.id, err instanceof LinkDownError ? null : RETRY_MS).catch(() => undefined);
    } finally {
      this.backlog -= weight;
    }
  }

  /** Back to 'queued': a job later, or (link down: null) when the link is bound again. */
  private async requeue(id: string, delayMs: number | null): Promise<void> {
    await setSmsStatus(this.o.db, id, 'queued');
    if (delayMs !== null && this.o.link.up) await this.schedule(id, delayMs, `r${Date.now()}`);
  }

  private async sendSegment(c: Claimed, s: ReturnType<typeof encodeSegments>[number]): Promise<string> {
    await this.pace();
    const resp = await this.o.link.submit({
      source_addr_ton: 0,
      source_addr_npi: 1,
      source_addr: this.o.sender,
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: c.phone.replace(/^\+/, ''),
      esm_class: s.udhi ? ESM_CLASS_UDHI : 0,
      data_coding: DATA_CODING_UCS2,
      registered_delivery: 1, // a final delivery receipt, success or failure
      short_message: s.bytes,
    });
    if ('status' in resp) {
      if (resp.status === ESME_RTHROTTLED || resp.status === ESME_RMSGQFUL) return 'retry';
      return `SMSC refused: 0x${resp.status.toString(16).padStart(8, '0')}`;
    }
    const write = recordPart(this.o.db, c.id, s.part, resp.messageId);
    this.partWrites.add(write);
    try {
      await write;
    } finally {
      this.partWrites.delete(write);
    }
    return 'ok';
  }

  /**
   * Spaces every segment on this node at least 1/perSecond apart, counted from the moment the one
   * before was let go (not from a slot booked in advance): a late segment never lets the next one
   * catch up and burst.
   */
  private pace(): Promise<void> {
    const gap = 1000 / this.o.perSecond;
    const turn = this.paceChain.then(async () => {
      const wait = this.lastSentAt + gap - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.lastSentAt = Date.now();
    });
    this.paceChain = turn;
    return turn;
  }
}
