import { Redis } from 'ioredis';
import type { Db } from '../db/index.ts';
import { AppError, type Logger } from '../shared/index.ts';
import { hitWindow } from './citizen-repository.ts';

// The public page has no sign-in to count by, so it counts by address and by phone number, in
// fixed windows held where every node sees them: Redis when the deployment has it, else a
// PostgreSQL table (embedded mode). A node's own memory would let a script spread over the nodes.

/** How many in how long, per key. */
export interface Limit {
  max: number;
  windowSeconds: number;
}

export const CITIZEN_LIMITS = {
  /** Tracking look-ups per address. */
  track: { max: 30, windowSeconds: 60 },
  /** Pick lists and the page's settings per address (a page load asks once). */
  read: { max: 60, windowSeconds: 60 },
  /** Reports submitted per address (generous: a mobile carrier puts many phones behind one address). */
  report: { max: 30, windowSeconds: 3600 },
  /** Feedback questions started per address. */
  feedback: { max: 10, windowSeconds: 3600 },
  /** Codes typed per address, over every challenge (each challenge also allows only 5). */
  confirm: { max: 30, windowSeconds: 600 },
  /** Codes sent to one number (first codes and resends alike): no one can flood a phone. */
  codesPerNumber: { max: 3, windowSeconds: 3600 },
} satisfies Record<string, Limit>;

export type LimitName = keyof typeof CITIZEN_LIMITS;

export interface WindowCounter {
  /** Counts one hit for `key` in the current window; the window's total so far. */
  hit(key: string, windowSeconds: number): Promise<number>;
}

export function pgCounter(db: Db): WindowCounter {
  return { hit: (key, windowSeconds) => hitWindow(db, key, windowSeconds) };
}

export function redisCounter(url: string, prefix: string, logger: Logger): WindowCounter & { close(): void } {
  // Fail fast while Redis is away (the caller falls back); ioredis reconnects by itself.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (err: Error) => logger.debug({ err: err.message }, 'citizen rate limits: Redis error'));
  return {
    async hit(key, windowSeconds) {
      const w = Math.floor(Date.now() / 1000 / windowSeconds);
      const k = `${prefix}:citizen-rate:${key}:${w}`;
      const r = await redis
        .multi()
        .incr(k)
        .expire(k, windowSeconds + 5)
        .exec();
      const first = r?.[0];
      if (!first || first[0]) throw first?.[0] ?? new Error('Redis did not answer');
      return Number(first[1]);
    },
    close: () => redis.disconnect(),
  };
}

/** Redis first; while it is unreachable the PostgreSQL counters (also shared) keep the limits. */
export function withFallback(primary: WindowCounter, backup: WindowCounter, logger: Logger): WindowCounter {
  return {
    async hit(key, windowSeconds) {
      try {
        return await primary.hit(key, windowSeconds);
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'citizen rate limits: Redis unavailable, counting in PostgreSQL');
        return backup.hit(key, windowSeconds);
      }
    },
  };
}

export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', 429, `Too many tries; please try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });

export class CitizenLimiter {
  constructor(
    private readonly counter: WindowCounter,
    private readonly limits: Record<LimitName, Limit> = CITIZEN_LIMITS,
  ) {}

  /** Counts one hit; RATE_LIMITED (429, with the seconds left in the window) past the limit. */
  async take(name: LimitName, subject: string): Promise<void> {
    const { max, windowSeconds } = this.limits[name];
    const hits = await this.counter.hit(`${name}:${subject}`, windowSeconds);
    if (hits <= max) return;
    const nowS = Date.now() / 1000;
    throw rateLimited(Math.max(1, Math.ceil(windowSeconds - (nowS % windowSeconds))));
  }
}
