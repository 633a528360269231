import type { Job, Worker } from 'bullmq';
import type { Logger } from '../shared/index.ts';
import { JobStore, QUEUE, type StoreOptions } from './bullmq-store.ts';

// Timed work (end of a wrap-up, request deadlines, escalations) as BullMQ jobs, so it survives a
// restart and runs once across several cti137 nodes. Redis in production; BullMQ's PostgreSQL
// backend in embedded mode, so `npm start` needs no Redis.

/**
 * Job name → payload. Empty here: each domain adds its own jobs by declaration merging
 * (`declare module '../jobs/index.ts' { interface JobPayloads { 'wrapup-end': {...} } }`), so this
 * layer knows no domain and every schedule/handle call is still typed.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface JobPayloads {}
export type JobName = keyof JobPayloads & string;
type Handler<N extends JobName> = (data: JobPayloads[N]) => Promise<void>;

export interface JobsOptions extends StoreOptions {
  logger: Logger;
}

export interface Jobs {
  schedule<N extends JobName>(name: N, data: JobPayloads[N], opts: ScheduleOpts): Promise<void>;
  /** Several `schedule`s in one round trip to the store (a referral's escalation levels). */
  scheduleMany<N extends JobName>(jobs: Array<{ name: N; data: JobPayloads[N]; opts: ScheduleOpts }>): Promise<void>;
  handle<N extends JobName>(name: N, handler: Handler<N>): void;
  start(): void;
  close(): Promise<void>;
  readonly backend: 'redis' | 'postgres';
  /** Jobs per state in each queue now (for /metrics): waiting, active, delayed, failed. */
  depths(): Promise<Array<{ queue: string; state: JobState; count: number }>>;
}

export type JobState = 'waiting' | 'active' | 'delayed' | 'failed';
const JOB_STATES: readonly JobState[] = ['waiting', 'active', 'delayed', 'failed'];

/** How long a stop waits for the job worker and queue to close before cutting their connections. */
const CLOSE_WAIT_MS = 5000;

/** True when `p` settles (either way) within `ms`. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = p.then(
    () => true,
    () => true,
  );
  const settled = await Promise.race([done, late]);
  clearTimeout(timer);
  return settled;
}

export interface ScheduleOpts {
  delayMs: number;
  jobId?: string;
}

function jobOptions(opts: ScheduleOpts) {
  return {
    // BullMQ stores the delay as an integer: a fractional one (a share of a deadline) would be refused.
    delay: Math.max(0, Math.round(opts.delayMs)),
    jobId: opts.jobId,
    removeOnComplete: 1000,
    removeOnFail: 5000,
    attempts: 3,
    backoff: { type: 'exponential' as const, delay: 1000 },
  };
}

export function createJobs(o: JobsOptions): Jobs {
  const handlers = new Map<string, Handler<JobName>>();
  const store = new JobStore(o);
  const queue = store.queue();
  // Without a listener BullMQ prints store errors to stderr; ours go through the logger.
  queue.on('error', (err) =>
    o.logger.warn({ err: err.message }, 'job queue store error; scheduling retries on the next call'),
  );
  let worker: Worker | null = null;
  let pauser: WorkerPauser | null = null;

  const processor = async (job: Job) => {
    const h = handlers.get(job.name);
    if (!h) throw new Error(`no handler for job ${job.name}`);
    await h(job.data as never);
  };

  return {
    backend: store.backend,
    async schedule(name, data, opts) {
      await queue.add(name, data, jobOptions(opts));
    },
    async scheduleMany(jobs) {
      if (jobs.length) await queue.addBulk(jobs.map((j) => ({ name: j.name, data: j.data, opts: jobOptions(j.opts) })));
    },
    async depths() {
      const counts = await queue.getJobCounts(...JOB_STATES);
      return JOB_STATES.map((state) => ({ queue: QUEUE, state, count: counts[state] ?? 0 }));
    },
    handle(name, handler) {
      handlers.set(name, handler as Handler<JobName>);
    },
    start() {
      if (worker) return;
      worker = store.worker(processor);
      worker.on('failed', (job, err) => o.logger.warn({ job: job?.name, err: err.message }, 'job failed'));
      pauser = new WorkerPauser(worker, o.logger);
    },
    async close() {
      pauser?.stop();
      // A graceful close waits for the jobs in hand. After the store came back empty (a Redis
      // restart) BullMQ can wait on it for ever, so the wait is bounded: then the store's
      // connections are cut, which ends whatever BullMQ still waits on, and the stop goes on.
      const closed = (async () => {
        await worker?.close();
        await queue.close();
      })();
      if (!(await within(closed, CLOSE_WAIT_MS))) {
        o.logger.warn({ waitedMs: CLOSE_WAIT_MS }, 'job queue did not close in time; cutting its store connections');
      }
      store.disconnect();
      await within(closed, CLOSE_WAIT_MS);
    },
  };
}

/**
 * While the store is down the worker would retry as fast as connections are refused and starve
 * the event loop: pause it and try again with a growing backoff (0.5 s to 10 s).
 */
class WorkerPauser {
  private backoffMs = 0;
  private resumeTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly worker: Worker,
    private readonly logger: Logger,
  ) {
    worker.on('error', (err) => this.onError(err));
    worker.on('completed', () => (this.backoffMs = 0));
  }

  stop(): void {
    this.stopped = true;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
  }

  private onError(err: Error): void {
    if (this.resumeTimer || this.stopped) return;
    this.backoffMs = Math.min(Math.max(this.backoffMs * 2, 500), 10_000);
    this.logger.error({ err: err.message, retryInMs: this.backoffMs }, 'job worker error; pausing and retrying');
    void this.worker.pause(true).catch(() => undefined);
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = null;
      if (!this.stopped) this.worker.resume();
    }, this.backoffMs);
  }
}
