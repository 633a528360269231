import { createPostgresBackend, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.ts';
import { ResilientClient } from '../db/pool.ts';

// Timed work (end of a wrap-up, request deadlines, escalations) as BullMQ jobs, so it survives a
// restart and runs once across several cti137 nodes. Redis in production; BullMQ's PostgreSQL
// backend in embedded mode, so `npm start` needs no Redis.

export interface JobPayloads {
  'wrapup-end': { operatorId: string; token: string };
  'request-deadline': { requestId: string };
}
export type JobName = keyof JobPayloads;
type Handler<N extends JobName> = (data: JobPayloads[N]) => Promise<void>;

export interface JobsOptions {
  /** One of them: Redis URL (production) or PostgreSQL URL (embedded). */
  redisUrl: string | null;
  databaseUrl: string;
  /** Queue name prefix: tests give each run its own. */
  prefix: string;
  logger: Logger;
}

export interface Jobs {
  schedule<N extends JobName>(name: N, data: JobPayloads[N], opts: { delayMs: number; jobId?: string }): Promise<void>;
  handle<N extends JobName>(name: N, handler: Handler<N>): void;
  start(): void;
  close(): Promise<void>;
  readonly backend: 'redis' | 'postgres';
}

const QUEUE = 'cti137-timers';

export function createJobs(o: JobsOptions): Jobs {
  const handlers = new Map<JobName, Handler<JobName>>();
  const backend = o.redisUrl ? 'redis' : 'postgres';
  const redis = o.redisUrl ? redisConnection(o.redisUrl) : null;
  const workerRedis = o.redisUrl ? redisConnection(o.redisUrl) : null;
  // BullMQ's typings overload on the backend; both branches are the same API.
  const queue: Queue = redis
    ? new Queue(QUEUE, { connection: redis, prefix: o.prefix })
    : (new Queue(
        QUEUE,
        {
          connection: {
            connectionString: o.databaseUrl,
            schema: schemaName(o.prefix),
            migrate: true,
            Client: ResilientClient,
          },
          prefix: o.prefix,
        },
        createPostgresBackend,
      ) as unknown as Queue);
  // Without a listener BullMQ prints store errors to stderr; ours go through the logger.
  queue.on('error', (err) =>
    o.logger.warn({ err: err.message }, 'job queue store error; scheduling retries on the next call'),
  );
  let worker: Worker | null = null;
  let closing = false;
  let stopBackoff: () => void = () => undefined;

  const processor = async (job: Job) => {
    const h = handlers.get(job.name as JobName);
    if (!h) throw new Error(`no handler for job ${job.name}`);
    await h(job.data);
  };

  return {
    backend,
    async schedule(name, data, opts) {
      await queue.add(name, data, {
        delay: Math.max(0, opts.delayMs),
        jobId: opts.jobId,
        removeOnComplete: 1000,
        removeOnFail: 5000,
        attempts: 3,
        backoff: { type: 'exponential', delay: 1000 },
      });
    },
    handle(name, handler) {
      handlers.set(name, handler as Handler<JobName>);
    },
    start() {
      if (worker) return;
      worker = redis
        ? new Worker(QUEUE, processor, { connection: workerRedis!, prefix: o.prefix, concurrency: 5 })
        : (new Worker(
            QUEUE,
            processor,
            {
              connection: {
                connectionString: o.databaseUrl,
                schema: schemaName(o.prefix),
                migrate: true,
                Client: ResilientClient,
              },
              prefix: o.prefix,
              concurrency: 5,
            },
            createPostgresBackend,
          ) as unknown as Worker);
      worker.on('failed', (job, err) => o.logger.warn({ job: job?.name, err: err.message }, 'job failed'));
      // While the store is down the worker would retry as fast as connections are refused and
      // starve the event loop: pause it and try again with backoff.
      let backoffMs = 0;
      let resumeTimer: NodeJS.Timeout | null = null;
      worker.on('error', (err) => {
        if (resumeTimer || closing) return;
        backoffMs = Math.min(Math.max(backoffMs * 2, 500), 10_000);
        o.logger.error({ err: err.message, retryInMs: backoffMs }, 'job worker error; pausing and retrying');
        const w = worker!;
        void w.pause(true).catch(() => undefined);
        resumeTimer = setTimeout(() => {
          resumeTimer = null;
          if (!closing) w.resume();
        }, backoffMs);
      });
      worker.on('completed', () => (backoffMs = 0));
      stopBackoff = () => resumeTimer && clearTimeout(resumeTimer);
    },
    async close() {
      closing = true;
      stopBackoff();
      await worker?.close();
      await queue.close();
      // Connections we built are ours to end; BullMQ only closes the ones it made.
      redis?.disconnect();
      workerRedis?.disconnect();
    },
  };
}

function redisConnection(url: string): Redis {
  // Workers must wait for Redis forever instead of failing commands (BullMQ's production advice).
  return new Redis(url, { maxRetriesPerRequest: null });
}

/** One schema per prefix keeps test runs apart on the same database. */
function schemaName(prefix: string): string {
  return `bullmq_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
}
