import type { Db } from '../db/index.ts';
import type { OutboundHandle } from '../outbound/index.ts';
import type { RequestsHandle } from '../requests/index.ts';
import type { Host } from '../shared/index.ts';
import type { SmsHandle } from '../sms/index.ts';
import { registerFeedbackRoutes } from './feedback-routes.ts';
import { createFeedbackService, type FeedbackService } from './feedback-service.ts';

export type FeedbackCore = Pick<Host, 'logger' | 'api'> & {
  db: Db;
  requests: RequestsHandle;
  outbound: OutboundHandle;
  sms: SmsHandle;
  /** FEEDBACK_DELAY_HOURS in ms: how long after "done" the citizen is called. */
  delayMs: number;
};

/** What the IVR (and the citizen page) use: the facts it reads out, which question, where the citizen's answer goes. */
export type FeedbackHandle = Pick<FeedbackService, 'callFacts' | 'answer' | 'noInput' | 'kindFor'>;

/** Feedback calls after "done", closure checks after a special follow-up, the answers and the tasks. */
export function install(core: FeedbackCore): FeedbackHandle {
  const log = core.logger.child({ mod: 'feedback' });
  const service = createFeedbackService({
    db: core.db,
    logger: log,
    requests: core.requests.service,
    outbound: core.outbound,
    sms: core.sms,
    delayMs: core.delayMs,
  });
  // The bus reports a listener's failure; these are logged with the request so staff can ask by hand.
  core.requests.bus.on('status-changed', async (e) => {
    if (e.to !== 'done') return;
    await service.afterDone(e.requestId).catch((err: Error) => {
      log.error({ err: err.message, request: e.requestId }, 'feedback call could not be scheduled');
    });
  });
  core.outbound.onResult((r) =>
    service.onOutboundResult(r).catch((err: Error) => {
      log.error({ err: err.message, outbound: r.id }, 'feedback: outbound result not recorded');
    }),
  );
  core.api((api) => registerFeedbackRoutes(api, service));
  return service;
}
