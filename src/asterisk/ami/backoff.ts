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
