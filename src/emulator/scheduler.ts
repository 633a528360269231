/** A pending emulated delay; cancel() is safe to call twice. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Every emulated delay goes through here so that `timeScale` applies uniformly (tests run at 0.05)
 * and so that reset/restart can drop all pending work at once instead of leaking timers.
 */
export class Scheduler {
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(
    readonly timeScale: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Run fn after `ms` emulated milliseconds. A throwing callback is logged, never fatal. */
  after(ms: number, fn: () => void): TimerHandle {
    const t = setTimeout(
      () => {
        this.pending.delete(t);
        this.run(fn);
      },
      Math.max(0, Math.round(ms * this.timeScale)),
    );
    this.pending.add(t);
    return {
      cancel: () => {
        clearTimeout(t);
        this.pending.delete(t);
      },
    };
  }

  /** Run on the next turn of the event loop (not scaled, not cancellable). */
  soon(fn: () => void): void {
    setImmediate(() => this.run(fn));
  }

  private run(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onError(err);
    }
  }

  /** Real elapsed milliseconds converted back to emulated time (RingTime, HoldTime, …). */
  emulatedMs(realMs: number): number {
    return realMs / this.timeScale;
  }

  clearAll(): void {
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
