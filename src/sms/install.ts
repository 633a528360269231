import type { Db } from '../db/index.ts';
import type { Jobs } from '../jobs/index.ts';
import type { RequestsHandle } from '../requests/index.ts';
import type { Host } from '../shared/index.ts';
import { registerSmsRoutes } from './sms-routes.ts';
import { SmsSender } from './sms-sender.ts';
import { createSmsService } from './sms-service.ts';
import { SmsReceiver } from './sms-receiver.ts';
import { listenForSms } from './sms-triggers.ts';
import type { SmsHandle } from './sms-types.ts';
import { parseSmppUrl, SmppLink } from './smpp-link.ts';

export interface SmsConfig {
  /** smpp://systemid:password@host:port */
  smppUrl: string;
  /** The short code messages come from (e.g. 10005137). */
  sender: string;
  /** Segments a second to the SMSC (default 5). */
  perSecond: number;
  /** submit_sm sent and not yet answered at most (default 10). */
  window: number;
}

export type SmsCore = Host & {
  db: Db;
  jobs: Pick<Jobs, 'schedule' | 'handle'>;
  requests: Pick<RequestsHandle, 'bus'>;
  timeZone: string;
  /** null: SMS is off (routes say so, send() returns null). */
  sms: SmsConfig | null;
};

/**
 * SMS to citizens: the SMPP link, the paced send queue, delivery receipts, templates, the routes and
 * the request triggers. Install after requests and before the job worker starts.
 */
export function install(core: SmsCore): SmsHandle {
  const { db, sms: cfg } = core;
  const log = core.logger.child({ mod: 'sms' });
  let sender: SmsSender | null = null;
  let link: SmppLink | null = null;
  const receiver = new SmsReceiver({ db, jobs: core.jobs, logger: log });
  core.jobs.handle('sms-received', ({ id }) => receiver.run(id));
  if (cfg) {
    const s: { current: SmsSender | null } = { current: null };
    link = new SmppLink({
      address: parseSmppUrl(cfg.smppUrl),
      window: cfg.window,
      logger: log,
      onReceipt: (r) => s.current!.receipt(r),
      onMessage: (pdu) => receiver.store(pdu),
      onUp: () => void s.current?.flush().catch((err: Error) => log.error({ err: err.message }, 'SMS flush')),
    });
    sender = s.current = new SmsSender({
      db,
      jobs: core.jobs,
      link,
      sender: cfg.sender,
      perSecond: cfg.perSecond,
      logger: log,
    });
    const active = sender;
    core.jobs.handle('sms-send', ({ id }) => active.run(id));
    link.start();
    const up = link;
    core.onStop(async () => {
      await up.stop();
      await active.drain();
    });
  } else {
    // Jobs queued while SMS was configured stay as rows ('queued'); nothing to send them with now.
    core.jobs.handle('sms-send', async () => {});
  }
  const service = createSmsService({ db, sender, timeZone: core.timeZone, logger: log });
  if (cfg) core.onStop(listenForSms(core.requests.bus, service, log));
  const status = cfg && link ? statusOf(cfg, link) : null;
  core.api((api) => registerSmsRoutes(api, { db, service, status }));
  return {
    enabled: service.enabled,
    send: service.send,
    notifyAboutRequest: service.notifyAboutRequest,
    replyStatus: service.replyStatus,
    onReceived: (h) => receiver.onReceived(h),
  };
}

function statusOf(cfg: SmsConfig, link: SmppLink) {
  return () => ({ connected: link.up, sender: cfg.sender, perSecond: cfg.perSecond, window: cfg.window });
}
