import { createPostgresBackend, Queue, Worker, type Processor } from 'bullmq';
import { Redis } from 'ioredis';
import { ResilientClient } from '../db/index.ts';

/** Where the jobs live: Redis in production, BullMQ's PostgreSQL backend in embedded mode. */
export interface StoreOptions {
  redisUrl: string | null;
  databaseUrl: string;
  /** Queue name prefix: tests give each run its own. */
  prefix: string;
}

export const QUEUE = 'cti137-timers';

/** The Redis connections we open are ours to end; BullMQ only closes the ones it made. */
export class JobStore {
  readonly backend: 'redis' | 'postgres';
  private readonly redis: Redis | null;
  private readonly workerRedis: Redis | null;

  constructor(private readonly o: StoreOptions) {
    this.backend = o.redisUrl ? 'redis' : 'postgres';
    this.redis = o.redisUrl ? redisConnection(o.redisUrl) : null;
    this.workerRedis = o.redisUrl ? redisConnection(o.redisUrl) : null;
  }

  queue(): Queue {
    if (this.redis) return new Queue(QUEUE, { connection: this.redis, prefix: this.o.prefix });
    // BullMQ's typings overload on the backend; both branches are the same API.
    return new Queue(
      QUEUE,
      { connection: this.postgresConnection(), prefix: this.o.prefix },
      createPostgresBackend,
    ) as unknown as Queue;
  }

  worker(processor: Processor): Worker {
    if (this.workerRedis)
      return new Worker(QUEUE, processor, { connection: this.workerRedis, prefix: this.o.prefix, concurrency: 5 });
    return new Worker(
      QUEUE,
      processor,
      { connection: this.postgresConnection(), prefix: this.o.prefix, concurrency: 5 },
      createPostgresBackend,
    ) as unknown as Worker;
  }

  disconnect(): void {
    this.redis?.disconnect();
    this.workerRedis?.disconnect();
  }

  private postgresConnection() {
    return {
      connectionString: this.o.databaseUrl,
      schema: schemaName(this.o.prefix),
      migrate: true,
      Client: ResilientClient,
    };
  }
}

function redisConnection(url: string): Redis {
  // Workers must wait for Redis forever instead of failing commands (BullMQ's production advice).
  return new Redis(url, { maxRetriesPerRequest: null });
}

/** One schema per prefix keeps test runs apart on the same database. */
function schemaName(prefix: string): string {
  return `bullmq_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
}
