import { Redis } from 'ioredis';
import { RateLimiter, type Logger } from '../shared/index.ts';

// Requests a minute per API key (the key's own limit) and per address for public reads. With
// Redis the count is shared by every node (a fixed one-minute window per name); without it each
// node counts alone, which is all a single-node deployment has.

export interface Limits {
  /** True when `name` may make one more request within `perMinute`. */
  take(name: string, perMinute: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createLimits(redisUrl: string | null, prefix: string, log: Logger): Limits {
  if (!redisUrl) return localLimits();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (err: Error) => log.debug({ err: err.message }, 'open311 rate-limit Redis connection error'));
  const local = localLimits();
  return {
    async take(name, perMinute) {
      const k = `${prefix}:open311:rl:${name}`;
      try {
        const out = await redis.multi().set(k, '0', 'PX', 60_000, 'NX').incr(k).exec();
        const count = Number(out?.[1]?.[1] ?? 0);
        return count <= perMinute;
      } catch {
        // Redis away: this node still refuses a flood on its own rather than letting all through.
        return local.take(name, perMinute);
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}

function localLimits(): Limits {
  const byLimit = new Map<number, RateLimiter>();
  return {
    async take(name, perMinute) {
      let l = byLimit.get(perMinute);
      if (!l) byLimit.set(perMinute, (l = new RateLimiter({ perMinute, burst: perMinute })));
      return l.take(name);
    },
    async close() {},
  };
}
