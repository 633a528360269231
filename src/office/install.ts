import type { AuthHandle } from '../auth/index.ts';
import type { Db } from '../db/index.ts';
import type { Jobs } from '../jobs/index.ts';
import type { RequestsHandle } from '../requests/index.ts';
import type { Host } from '../shared/index.ts';
import { Escalation } from './escalation.ts';
import { HOUR_MS } from './escalation-plan.ts';
import { Mailer, type MailConfig } from './mailer.ts';
import { markEmailed, mailTarget } from './notification-repository.ts';
import { registerNotificationRoutes } from './notification-routes.ts';
import { Notifier } from './notifier.ts';
import { OfficeGateway, mayStayOnOffice } from './office-gateway.ts';
import './office-jobs.ts';
import { listenToRequests } from './office-listeners.ts';

export type OfficeCore = Host & {
  db: Db;
  jobs: Pick<Jobs, 'schedule' | 'scheduleMany' | 'handle'>;
  requests: Pick<RequestsHandle, 'bus'>;
  auth: Pick<AuthHandle, 'service' | 'watchSockets'>;
  /** The centre's zone: deadlines in e-mails are its local times. */
  timeZone: string;
  /** Share of the time to a deadline after which the unit is reminded (default 0.75). */
  reminderShare?: number;
  /** SMTP; null sends no e-mail (the bell still rings). */
  mail: MailConfig | null;
  /** How long one of a unit's escalate_after_hours lasts (an hour; tests make it seconds). */
  hourMs?: number;
};

export interface OfficeHandle {
  escalation: Escalation;
  gateway: OfficeGateway;
}

/** How long to wait before planning the open referrals again when the first try at start failed. */
const PLAN_RETRY_MS = 30_000;

/**
 * The back office around requests: escalation jobs for every referral's deadline, the bell
 * (notifications table, REST, the /office socket) and e-mail when SMTP is configured. Install after
 * requests (it listens to their bus) and before the job worker starts.
 */
export function install(core: OfficeCore): OfficeHandle {
  const { db, jobs } = core;
  const log = core.logger.child({ mod: 'office' });
  const gateway = new OfficeGateway(core.io, core.auth.service, log);
  // A session that ended, or a user whose role or units changed, is closed at the next sweep.
  core.auth.watchSockets({ nsp: core.io.of('/office'), allowed: mayStayOnOffice });
  const mailer = core.mail ? new Mailer(core.mail, core.timeZone, log) : null;
  if (mailer) core.onStop(() => mailer.close());
  const notifier = new Notifier({ db, jobs, gateway, mail: mailer !== null, logger: log });
  const escalation = new Escalation({
    db,
    jobs,
    notifier,
    logger: log,
    reminderShare: core.reminderShare ?? 0.75,
    hourMs: core.hourMs ?? HOUR_MS,
  });
  jobs.handle('office-escalation', (step) => escalation.run(step));
  jobs.handle('office-mail', async ({ notificationId }) => {
    if (!mailer) return; // SMTP was configured when it was queued, not now
    const t = await mailTarget(db, notificationId);
    if (!t || t.emailedAt || !t.email || t.disabled) return;
    await mailer.send({ ...t, email: t.email }); // a refusal throws: the queue tries again
    await markEmailed(db, notificationId);
  });
  listenToRequests({ db, bus: core.requests.bus, escalation, notifier, gateway, logger: log });
  core.api((api) => registerNotificationRoutes(api, { db, gateway }));
  planOpenReferrals(escalation, log, core.onStop);
  return { escalation, gateway };
}

/** Jobs for every open referral (ids dedupe those still queued): nothing is lost across a restart. */
function planOpenReferrals(escalation: Escalation, log: OfficeCore['logger'], onStop: OfficeCore['onStop']): void {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  onStop(() => {
    stopped = true;
    if (timer) clearTimeout(timer);
  });
  const attempt = () => {
    timer = null;
    escalation
      .planAll()
      .then((n) => log.info({ referrals: n }, 'escalation planned for the open referrals'))
      .catch((err: Error) => {
        log.error({ err: err.message, retryInMs: PLAN_RETRY_MS }, 'could not plan escalation for open referrals');
        if (!stopped) timer = setTimeout(attempt, PLAN_RETRY_MS).unref();
      });
  };
  attempt();
}
