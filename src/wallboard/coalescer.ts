/**
 * Turns a stream of "something changed" marks into at most one flush per interval. The first
 * mark after a quiet spell flushes on the next tick (a lone change shows at once, and a burst
 * emitted in one tick still flushes once); marks inside the interval wait for its end.
 * `flush` answers false when nobody listens: the state stays dirty and nothing is built until
 * someone asks (`flushNow`).
 */
export class Coalescer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = Number.NEGATIVE_INFINITY;
  private dirty = false;
  private stopped = false;

  constructor(
    private readonly minIntervalMs: number,
    private readonly flush: () => boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get pending(): boolean {
    return this.dirty;
  }

  mark(): void {
    this.dirty = true;
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.last + this.minIntervalMs - this.now());
    this.timer = setTimeout(() => this.fire(), wait);
  }

  /**
   * Flush now if dirty (a new client wants the current picture), optionally with another flush
   * (one that builds even with nobody listening yet); counts as a flush for the interval.
   */
  flushNow(flush: () => boolean = this.flush): void {
    clearTimeout(this.timer);
    this.fire(flush);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(flush: () => boolean = this.flush): void {
    this.timer = undefined;
    if (!this.dirty || this.stopped) return;
    this.dirty = false;
    this.last = this.now();
    if (!flush()) this.dirty = true;
  }
}
