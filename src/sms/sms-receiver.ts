import type { PDU } from 'smpp';
import type { Db } from '../db/index.ts';
import type { Jobs } from '../jobs/index.ts';
import type { Logger } from '../shared/index.ts';
import { claimInbound, settleInbound, storeMo } from './sms-inbound-repository.ts';
import { parseMo } from './sms-inbound.ts';
import type { InboundOutcome, InboundSms } from './sms-types.ts';

declare module '../jobs/index.ts' {
  interface JobPayloads {
    /** A citizen's message to the short code, stored, to be answered once (sms_inbound.id). */
    'sms-received': { id: string };
  }
}

type Handler = (m: InboundSms) => Promise<InboundOutcome>;

/**
 * Messages to the short code: stored (then the SMSC hears our answer), then a job per whole message
 * whose run claims the row, so one node in the cluster answers it once; a failed answer is retried
 * by the job.
 */
export class SmsReceiver {
  private handler: Handler | null = null;

  constructor(private readonly d: { db: Db; jobs: Pick<Jobs, 'schedule'>; logger: Logger }) {}

  onReceived(h: Handler): void {
    this.handler = h;
  }

  /** The link's onMessage: resolves once stored and its job queued (a throw makes the SMSC resend). */
  async store(pdu: PDU): Promise<void> {
    const part = parseMo(pdu);
    if (!part) {
      this.d.logger.warn('an SMS to the short code from no answerable number: dropped');
      return;
    }
    const stored = await storeMo(this.d.db, part);
    // A resend of a message not yet answered queues its job again: the job id makes it one job.
    if (stored.id && !stored.handled)
      await this.d.jobs.schedule('sms-received', { id: stored.id }, { delayMs: 0, jobId: `sms-received-${stored.id}` });
  }

  async run(id: string): Promise<void> {
    if (!this.handler) return; // nothing answers messages on this node: left unhandled for a later run
    const m = await claimInbound(this.d.db, id);
    if (!m) return;
    try {
      await settleInbound(this.d.db, id, await this.handler(m));
    } catch (err) {
      await settleInbound(this.d.db, id, null);
      throw err;
    }
  }
}
