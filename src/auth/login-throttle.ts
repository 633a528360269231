// Slows password guessing without handing anyone a switch that locks an operator out.
//
// An attempt is counted the moment it starts, before the password is checked (a burst of
// parallel guesses sees every guess in flight), and each key refuses further attempts with a
// growing delay once it has `limit` failures: 1 s after the limit, then 2, 4, 8 … up to `maxDelayMs`.
// The keys: the username from this address (the guesser's own budget, cleared by a success), the
// address (spraying many usernames; loose, since a whole centre may share one NAT address), and
// the username from any address (a guesser with many addresses) — which does not apply to an
// address the user has signed in from before, so a flood from elsewhere cannot keep the real
// operator out. In memory, per node.

export interface ThrottleLimits {
  /** Failures of one username from one address before the delays start. */
  userAtAddress: number;
  /** Failures of one username from addresses it never signed in from. */
  user: number;
  /** Failures from one address, whatever the usernames. */
  address: number;
  /** The longest delay (and how long a key with failures is remembered past it). */
  maxDelayMs: number;
  /** How long an address where a user signed in stays known for that user. */
  knownForMs: number;
  /** Failures are forgotten after this long without a new one. */
  forgetAfterMs: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = {
  userAtAddress: 10,
  user: 50,
  address: 100,
  maxDelayMs: 15 * 60_000,
  knownForMs: 30 * 24 * 3600_000,
  forgetAfterMs: 3600_000,
};

interface Counter {
  failures: number;
  inFlight: number;
  /** When the latest failure (or attempt still in flight) happened. */
  last: number;
}

export type Attempt =
  | {
      allowed: true;
      /** The outcome once the password was checked: true, false, or null when it could not be (database down). */
      done(ok: boolean | null, now?: number): void;
    }
  | { allowed: false; retryAfterSeconds: number };

const MAX_KEYS = 50_000;

export class LoginThrottle {
  private counters = new Map<string, Counter>();
  private known = new Map<string, number>();

  constructor(private readonly limits: ThrottleLimits = DEFAULT_LIMITS) {}

  /** Synchronous: check and count in one step, so no parallel attempt slips between the two. */
  begin(username: string, address: string, now = Date.now()): Attempt {
    const pair = `p\n${username}\n${address}`;
    const keys: Array<[string, number]> = [
      [pair, this.limits.userAtAddress],
      [`a\n${address}`, this.limits.address],
    ];
    if (!this.isKnown(pair, now)) keys.push([`u\n${username}`, this.limits.user]);
    const wait = Math.max(...keys.map(([k, limit]) => this.waitMs(k, limit, now)));
    if (wait > 0) return { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) };
    for (const [k] of keys) {
      const c = this.counter(k, now);
      c.inFlight++;
      c.last = now;
    }
    let reported = false;
    return {
      allowed: true,
      done: (ok: boolean | null, at = Date.now()) => {
        if (reported) return;
        reported = true;
        this.finish(keys, pair, ok, at);
      },
    };
  }

  private finish(keys: Array<[string, number]>, pair: string, ok: boolean | null, now: number): void {
    for (const [k] of keys) {
      const c = this.counter(k, now);
      c.inFlight = Math.max(0, c.inFlight - 1);
      if (ok === false) {
        c.failures++;
        c.last = now;
      }
    }
    if (ok === true) {
      this.counters.delete(pair);
      this.known.set(pair, now);
      if (this.known.size > MAX_KEYS) this.pruneKnown(now);
    }
  }

  /** How long key must still wait: nothing below the limit, then 1 s, 2 s, 4 s … after the latest failure. */
  private waitMs(key: string, limit: number, now: number): number {
    const c = this.counters.get(key);
    if (!c) return 0;
    if (c.inFlight === 0 && now - c.last > this.limits.forgetAfterMs) {
      this.counters.delete(key);
      return 0;
    }
    const seen = c.failures + c.inFlight;
    if (seen < limit) return 0;
    const delay = Math.min(1000 * 2 ** Math.min(seen - limit, 30), this.limits.maxDelayMs);
    return Math.max(0, c.last + delay - now);
  }

  private counter(key: string, now: number): Counter {
    let c = this.counters.get(key);
    if (!c) {
      if (this.counters.size >= MAX_KEYS) this.prune(now);
      c = { failures: 0, inFlight: 0, last: now };
      this.counters.set(key, c);
    }
    return c;
  }

  private isKnown(pair: string, now: number): boolean {
    const at = this.known.get(pair);
    return at !== undefined && now - at < this.limits.knownForMs;
  }

  /** Many keys: forgets those quiet for longer than the longest delay (their next try is allowed anyway). */
  private prune(now: number): void {
    for (const [k, c] of this.counters)
      if (c.inFlight === 0 && now - c.last > this.limits.maxDelayMs) this.counters.delete(k);
  }

  private pruneKnown(now: number): void {
    for (const [k, at] of this.known) if (now - at >= this.limits.knownForMs) this.known.delete(k);
  }
}

/**
 * At most `concurrent` password checks at once per address, the rest wait their turn (up to
 * `maxWaiting`, then refused): the address's failures are then counted before the next check
 * starts, and a burst of many usernames from one address cannot all be checked at once, while
 * a room of operators signing in together behind one NAT address only waits a moment.
 */
export class AddressGate {
  private running = new Map<string, number>();
  private waiting = new Map<string, Array<() => void>>();

  constructor(
    private readonly concurrent = 4,
    private readonly maxWaiting = 1000,
  ) {}

  /** Resolves with the release function once it is this attempt's turn; null when too many wait. */
  async enter(address: string): Promise<(() => void) | null> {
    const n = this.running.get(address) ?? 0;
    if (n < this.concurrent) {
      this.running.set(address, n + 1);
      return this.releaser(address);
    }
    const queue = this.waiting.get(address) ?? [];
    if (queue.length >= this.maxWaiting) return null;
    this.waiting.set(address, queue);
    await new Promise<void>((r) => queue.push(r));
    return this.releaser(address); // the slot was handed over by the release that woke us
  }

  private releaser(address: string): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const queue = this.waiting.get(address);
      const next = queue?.shift();
      if (queue?.length === 0) this.waiting.delete(address);
      if (next) return next();
      const n = (this.running.get(address) ?? 1) - 1;
      if (n > 0) this.running.set(address, n);
      else this.running.delete(address);
    };
  }
}
