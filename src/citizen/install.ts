import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/index.ts';
import type { FeedbackHandle } from '../feedback/index.ts';
import { createAttachments, createAttachmentStore, canActorSee, type RequestsHandle } from '../requests/index.ts';
import type { Host } from '../shared/index.ts';
import type { SmsHandle } from '../sms/index.ts';
import type { TriageHandle } from '../triage/index.ts';
import { registerCitizenRoutes } from './citizen-routes.ts';
import { sweepStale } from './citizen-repository.ts';
import { createOtps } from './otp-service.ts';
import { CitizenLimiter, pgCounter, redisCounter, withFallback } from './rate-limits.ts';
import { createReports } from './report-service.ts';
import { createTracking } from './track-service.ts';

export type CitizenCore = Pick<Host, 'logger' | 'outside' | 'onStop'> & {
  db: Db;
  requests: RequestsHandle;
  sms: SmsHandle;
  feedback: FeedbackHandle;
  /** Non-phone submissions a person must place (a report with a point and no neighbourhood). */
  triage?: TriageHandle | undefined;
  /** ATTACHMENTS_DIR: photos are stored as the back office stores them. */
  attachmentsDir: string;
  /** REDIS_URL: the rate counters are shared there; without it, in PostgreSQL. */
  redisUrl: string | null;
  /** The deployment's name on Redis (the jobs prefix). */
  redisPrefix: string;
};

/** The built page (scripts/build-web.mjs copies web/public/citizen.html into web/dist). */
const PAGE = fileURLToPath(new URL('../../web/dist/citizen.html', import.meta.url));
/** Unconfirmed reports, their photos and old codes are kept this long at most. */
const KEEP_HOURS = 24;
const SWEEP_MS = 15 * 60_000;

/** The citizen page `/citizen` and its JSON API under `/citizen/api` (outside /api/v1: no staff session). */
export function install(core: CitizenCore): void {
  const { db } = core;
  const log = core.logger.child({ mod: 'citizen' });
  let counter = pgCounter(db);
  if (core.redisUrl) {
    const redis = redisCounter(core.redisUrl, core.redisPrefix, log);
    core.onStop(() => redis.close());
    counter = withFallback(redis, counter, log);
  }
  const limiter = new CitizenLimiter(counter);
  const otps = createOtps({ db, sms: core.sms, limiter, logger: log });
  const store = createAttachmentStore(core.attachmentsDir);
  const attachments = createAttachments({
    ...{ db, store, logger: log },
    canSee: (actor, id) => canActorSee(db, actor, id),
  });
  const service = core.requests.service;
  const reports = createReports({ db, logger: log, requests: service, attachments, otps, triage: core.triage });
  const tracking = createTracking({ db, feedback: core.feedback, otps });
  let page: Buffer | null = null;
  core.outside((app) => {
    app.get('/citizen', async (_req, reply) => {
      page ??= await readFile(PAGE).catch(() => null);
      if (!page)
        return reply.code(503).type('text/plain; charset=utf-8').send('web/dist is missing: npm run build:web');
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
    });
    app.register(async (scope) =>
      registerCitizenRoutes(scope, {
        requests: service,
        reports,
        tracking,
        otps,
        limiter,
        smsEnabled: core.sms.enabled,
      }),
    );
  });
  const sweep = setInterval(() => {
    sweepStale(db, KEEP_HOURS).catch((err: Error) => log.warn({ err: err.message }, 'citizen page: sweep failed'));
  }, SWEEP_MS);
  sweep.unref();
  core.onStop(() => clearInterval(sweep));
}
