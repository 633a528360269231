// Reconnect delays for the AMI and ARI clients. Exponential growth with full jitter spreads the
// reconnects of several cti137 nodes after an Asterisk restart, so they do not all log in at the
// same millisecond; the floor keeps a flapping server from being hammered in a tight loop.

export interface BackoffOptions {
  minMs: number;
  maxMs: number;
  /** Lower bound of the jittered delay; defaults to minMs. Raised after a login failure. */
  floorMs?: number;
  random?: () => number;
}

/** Delay before reconnect number `attempt` (0-based): uniform in [floor, min(max, min * 2^attempt)]. */
export function backoffDelay(attempt: number, opts: BackoffOptions): number {
  const min = Math.max(0, opts.minMs);
  const max = Math.max(min, opts.maxMs);
  // 2^31 is already far beyond any sane max; clamping avoids Infinity for endless retries.
  const ceiling = Math.min(max, min * 2 ** Math.min(attempt, 31));
  const floor = Math.min(ceiling, Math.max(0, opts.floorMs ?? min));
  const random = opts.random ?? Math.random;
  return Math.round(floor + random() * (ceiling - floor));
}

/**
 * A PBX that comes back must be followed again within a second or two (the live state is only
 * true while the link is up), so the reconnect delay stays short however long the outage: full
 * jitter between `minMs` and at most `maxMs` (default 250 ms … 1 s) still spreads several
 * cti137 nodes. A refused login or ARI password will be refused again: those retry slowly
 * (5 s … 30 s, or the caller's `maxMs`) so a wrong secret does not hammer Asterisk's auth log.
 */
export const RECONNECT = { minMs: 250, maxMs: 1_000, credentialFloorMs: 5_000, credentialMaxMs: 30_000 } as const;

export function reconnectDelay(
  attempt: number,
  o: { minMs?: number; maxMs?: number; credentialFailures: number; random?: () => number },
): number {
  const minMs = o.minMs ?? RECONNECT.minMs;
  if (o.credentialFailures > 0) {
    return backoffDelay(attempt + 3, {
      minMs,
      maxMs: o.maxMs ?? RECONNECT.credentialMaxMs,
      floorMs: RECONNECT.credentialFloorMs,
      random: o.random,
    });
  }
  return backoffDelay(attempt, { minMs, maxMs: o.maxMs ?? RECONNECT.maxMs, random: o.random });
}
