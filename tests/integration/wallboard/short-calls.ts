// Many short calls through the emulator, driven from the CTI bus like impatient but tidy people:
// each citizen dials 137 and lets the menu lapse into the queue, the ringing operator picks up at
// once and hangs up after `talkMs`, the citizen then hangs up in the survey. Shared by the
// wallboard's memory test and the `wallboard` benchmark.
import type { CtiBus } from '../../../src/cti/cti-events.ts';

export interface ShortCallsOptions {
  bus: CtiBus;
  /** The emulator's control API (http://127.0.0.1:port). */
  emulatorUrl: string;
  talkMs: number;
  /** Calls in flight at most (placed but not ended). */
  concurrency: number;
  /** Calls placed per second at most (0: as fast as concurrency allows). */
  ratePerSecond?: number;
}

const post = (url: string, body?: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  })
    .then((r) => r.arrayBuffer())
    .catch(() => undefined);

export class ShortCalls {
  placed = 0;
  ended = 0;
  answered = 0;
  private target = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private waiters: Array<{ n: number; resolve: () => void }> = [];
  private readonly offs: Array<() => void> = [];

  constructor(private readonly o: ShortCallsOptions) {
    const ext = (iface: string | null | undefined) => /^PJSIP\/(\d+)$/i.exec(iface ?? '')?.[1];
    const on = <E extends 'call:ringing' | 'call:answered' | 'call:agent-completed' | 'call:ended'>(
      e: E,
      fn: (...a: never[]) => void,
    ) => {
      o.bus.on(e, fn as never);
      this.offs.push(() => o.bus.off(e, fn as never));
    };
    on('call:ringing', (_c: unknown, r: { interface: string }) => {
      const e = ext(r.interface);
      if (e) void post(`${o.emulatorUrl}/_emulator/endpoints/${e}/answer`);
    });
    on('call:answered', (c: { memberInterface: string | null }) => {
      this.answered++;
      const e = ext(c.memberInterface);
      if (e) setTimeout(() => void post(`${o.emulatorUrl}/_emulator/endpoints/${e}/hangup`), o.talkMs);
    });
    on(
      'call:agent-completed',
      (c: { linkedid: string }) => void post(`${o.emulatorUrl}/_emulator/channels/${c.linkedid}/hangup`),
    );
    on('call:ended', () => {
      this.ended++;
      this.waiters = this.waiters.filter((w) => (this.ended >= w.n ? (w.resolve(), false) : true));
      this.pump();
    });
  }

  /** Place calls until `n` have been placed in all; resolves when `n` have ended. */
  run(n: number): Promise<void> {
    this.target = Math.max(this.target, n);
    const done = new Promise<void>((resolve) => (this.ended >= n ? resolve() : this.waiters.push({ n, resolve })));
    if (this.o.ratePerSecond) {
      clearInterval(this.timer);
      const every = 1000 / this.o.ratePerSecond;
      this.timer = setInterval(() => this.placeOne(true), every);
    } else {
      this.pump();
    }
    return done;
  }

  stop(): void {
    clearInterval(this.timer);
    for (const off of this.offs.splice(0)) off();
  }

  private pump(): void {
    if (this.o.ratePerSecond) return;
    while (this.placed < this.target && this.placed - this.ended < this.o.concurrency) this.placeOne(false);
  }

  private placeOne(paced: boolean): void {
    if (this.placed >= this.target || this.placed - this.ended >= this.o.concurrency) {
      if (paced && this.placed >= this.target) clearInterval(this.timer);
      return;
    }
    this.placed++;
    const from = `0912${String(1_000_000 + (this.placed % 9_000_000)).padStart(7, '0')}`;
    // No key pressed: the menu lapses and the IVR sends the caller to the queue anyway.
    void post(`${this.o.emulatorUrl}/_emulator/calls`, { from, to: '137' });
  }
}
