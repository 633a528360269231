// Work that keeps flowing while a fault test breaks something: citizens' calls that reach an
// operator and answer the keypad survey, and desks registering requests. Each records what the
// server acknowledged, so the test can count rows afterwards: nothing acknowledged lost, nothing
// written twice.
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../helpers/app.ts';
import { dial, hangUpCaller, hangUpPhone, live, press } from '../helpers/calls.ts';
import { actionLog, emulator } from '../helpers/emulator-control.ts';
import { playsOf } from '../helpers/ivr.ts';
import { waitFor } from '../helpers/wait.ts';

export const SURVEY_PROMPTS = ['cti137/survey-courtesy', 'cti137/survey-registered'];

export interface Pressed {
  linkedid: string;
  prompt: string;
  digit: string;
}

/** Until the IVR plays `sound` on the channel ('played'), or ends the caller's survey ('ended'). */
async function promptOrEnd(app: TestApp, channelId: string, sound: string): Promise<'played' | 'ended'> {
  return waitFor(
    async () => {
      const plays = await playsOf(app, channelId);
      if (plays.some((p) => p.media.includes(`sound:${sound}`))) return 'played' as const;
      const ended =
        plays.some((p) => p.media.includes('sound:cti137/goodbye') || p.media.includes('sound:cti137/thank-you')) ||
        (await actionLog(app)).some(
          (a) => a.proto === 'ari' && a.method === 'DELETE' && a.path === `/ari/channels/${channelId}`,
        );
      return ended ? ('ended' as const) : null;
    },
    20_000,
    `${sound} or the end of the survey`,
    100,
  );
}

/** Picks up the call on whichever operator's phone it rings; returns that phone's extension. */
async function pickUp(app: TestApp, linkedid: string): Promise<string> {
  return waitFor(
    async () => {
      const c = live(app, linkedid);
      if (c?.phase === 'talking' && c.memberInterface) return c.memberInterface.replace('PJSIP/', '');
      const ring = c?.rings.find((r) => r.outcome === 'ringing');
      if (ring)
        await emulator(app, 'POST', `/_emulator/endpoints/${ring.interface.replace('PJSIP/', '')}/answer`).catch(
          () => undefined,
        );
      return null;
    },
    15_000,
    `${linkedid} picked up`,
  );
}

/**
 * Citizens' calls, one after another, until stop(): menu key 1, an operator picks up and hangs
 * up, the caller answers each survey question that is asked, then hangs up. Several loops run side
 * by side; each call is answered on whichever phone the queue rings.
 */
export class CallLoop {
  readonly linkedids: string[] = [];
  readonly pressed: Pressed[] = [];
  /** Runs once, before the next survey key is pressed (a test breaking something mid-survey). */
  beforeNextKey: (() => Promise<void>) | null = null;
  private running = true;
  readonly done: Promise<void>;

  constructor(
    private readonly app: TestApp,
    private readonly fromPrefix: string,
  ) {
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  private async loop(): Promise<void> {
    for (let n = 0; this.running; n++) await this.oneCall(`${this.fromPrefix}${String(n).padStart(4, '0')}`);
  }

  private async oneCall(from: string): Promise<void> {
    const { app } = this;
    const { channelId } = await dial(app, from);
    this.linkedids.push(channelId);
    await waitFor(async () => (await playsOf(app, channelId)).length > 0, 10_000, 'menu');
    await press(app, channelId, '1');
    const ext = await pickUp(app, channelId);
    await hangUpPhone(app, ext);
    for (const [i, prompt] of SURVEY_PROMPTS.entries()) {
      if ((await promptOrEnd(app, channelId, prompt)) === 'ended') break;
      // Courtesy 1-5, registered 1 (yes) / 2 (no).
      const digit = i === 0 ? '4' : '1';
      const gate = this.beforeNextKey;
      this.beforeNextKey = null;
      if (gate) await gate();
      await press(app, channelId, digit);
      this.pressed.push({ linkedid: channelId, prompt, digit });
    }
    await promptOrEnd(app, channelId, 'cti137/thank-you');
    await hangUpCaller(app, channelId).catch(() => undefined);
    await waitFor(() => live(app, channelId) === undefined, 10_000, 'call over');
  }
}

/**
 * A desk registering requests, one every `everyMs`: each with its own Idempotency-Key, sent again
 * (same key, same body) after a 5xx or a network error until the server answers 201/200, as the
 * desk does with a kept draft. `acked` holds the request ids the server gave.
 */
export class RequestLoop {
  readonly acked = new Map<string, string>();
  readonly marker = `fault-${randomUUID().slice(0, 8)}`;
  retries = 0;
  /** Answers that were 500 (a bug: a database outage must give 503, so the desk retries). */
  internalErrors = 0;
  private running = true;
  readonly done: Promise<void>;

  constructor(
    private readonly base: string,
    private readonly cookie: string,
    private readonly categoryId: string,
    private readonly everyMs = 150,
  ) {
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  private async loop(): Promise<void> {
    for (let n = 0; this.running; n++) {
      await this.send(n);
      await new Promise((r) => setTimeout(r, this.everyMs));
    }
  }

  private async send(n: number): Promise<void> {
    const key = `${this.marker}-${n}`;
    const body = JSON.stringify({
      phone: `09121${String(n).padStart(6, '0')}`,
      categoryId: this.categoryId,
      description: `${this.marker} چراغ خاموش شماره ${n}`,
      hazard: false,
    });
    for (;;) {
      const res = await fetch(`${this.base}/api/v1/requests`, {
        method: 'POST',
        headers: { cookie: this.cookie, 'content-type': 'application/json', 'idempotency-key': key },
        body,
        signal: AbortSignal.timeout(10_000),
      }).catch(() => null);
      if (res && (res.status === 201 || res.status === 200)) {
        this.acked.set(key, String(((await res.json()) as { id: string | number }).id));
        return;
      }
      if (res && res.status < 500) throw new Error(`request ${n} refused: ${res.status} ${await res.text()}`);
      this.retries++;
      if (res?.status === 500) this.internalErrors++;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Until GET /health answers 200; the milliseconds that took. */
export async function untilHealthy(base: string, timeoutMs = 30_000): Promise<number> {
  const t0 = Date.now();
  await waitFor(
    async () =>
      (await fetch(`${base}/health`, { signal: AbortSignal.timeout(3000) }).catch(() => null))?.status === 200,
    timeoutMs,
    '/health 200',
    50,
  );
  return Date.now() - t0;
}

/** Until GET /health answers 503; its body. */
export async function untilUnhealthy(base: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  return waitFor(
    async () => {
      const r = await fetch(`${base}/health`, { signal: AbortSignal.timeout(3000) }).catch(() => null);
      return r?.status === 503 ? ((await r.json()) as Record<string, unknown>) : null;
    },
    timeoutMs,
    '/health 503',
    50,
  );
}

/** One line for the test output (and the README's Reliability table). */
export function report(what: string, ms: number): void {
  console.log(`[faults] ${what}: /health 200 again after ${(ms / 1000).toFixed(2)} s`);
}
