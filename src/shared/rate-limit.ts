// A client that sends one event thousands of times a second can make every event cost a database
// round trip (an audit row, a snapshot) and starve the pool for everyone. A token bucket per key
// lets a real client's bursts (a reconnect storm after a network blip) through and refuses a flood.

/** A bucket of `burst` tokens, refilled at `perMinute` tokens a minute. */
export interface RateLimitSettings {
  perMinute: number;
  burst: number;
}

/** Socket events: a desk or wallboard sends one after each (re)connect; a flood is refused. */
export const DEFAULT_SOCKET_EVENT_LIMIT: RateLimitSettings = { perMinute: 60, burst: 20 };

/** Buckets kept before full ones (keys that went quiet) are forgotten. */
const SWEEP_AT = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly s: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take one token for `key`: true when allowed, false when the key is over its limit. */
  take(key: string): boolean {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.s.burst, at: t };
    b.tokens = Math.min(this.s.burst, b.tokens + ((t - b.at) * this.s.perMinute) / 60_000);
    b.at = t;
    if (this.buckets.size >= SWEEP_AT && !this.buckets.has(key)) this.sweep(t);
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Milliseconds until `key` has a token again (0: it has one now). */
  retryAfterMs(key: string): number {
    const b = this.buckets.get(key);
    if (!b) return 0;
    const tokens = b.tokens + ((this.now() - b.at) * this.s.perMinute) / 60_000;
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 60_000) / this.s.perMinute);
  }

  private sweep(t: number): void {
    for (const [k, b] of this.buckets)
      if (b.tokens + ((t - b.at) * this.s.perMinute) / 60_000 >= this.s.burst) this.buckets.delete(k);
  }
}

/** The Ack a refused socket event gets: a stable code the client can tell apart, and when to retry. */
export function rateLimitedAck(retryAfterMs: number): { ok: false; error: { code: string; message: string } } {
  const s = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return {
    ok: false,
    error: { code: 'RATE_LIMITED', message: `Too many requests from this session; try again in ${s} s` },
  };
}
