// A peer that sends garbage can send a lot of it; one warning per bad frame would flood the logs
// (and the disk) faster than the garbage itself. This lets a few through per window and counts
// the rest, so the next logged line says how many were suppressed.

export class LogThrottle {
  private windowStart = 0;
  private inWindow = 0;
  private suppressed = 0;

  constructor(
    private readonly windowMs = 10_000,
    private readonly perWindow = 5,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether to log now; `suppressed` is how many were skipped since the last one that was logged. */
  take(): { log: boolean; suppressed: number } {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.windowStart = t;
      this.inWindow = 0;
    }
    if (this.inWindow >= this.perWindow) {
      this.suppressed++;
      return { log: false, suppressed: 0 };
    }
    this.inWindow++;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    return { log: true, suppressed };
  }
}
