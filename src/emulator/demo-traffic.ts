import type { Channel } from './channel.ts';
import { placeCall } from './dialplan.ts';
import { CallerPool } from './demo-numbers.ts';
import { receiveDtmf } from './dtmf.ts';
import type { Pbx } from './ports.ts';
import type { TimerHandle } from './scheduler.ts';

const between = (lo: number, hi: number): number => lo + Math.random() * (hi - lo);

/** The demo's pace (ms, before EMULATOR_TIME_SCALE): see DemoTraffic. */
export const DEMO_PACE = {
  arrival: [8000, 24_000],
  talk: [20_000, 60_000],
  answerAfter: [2000, 5000],
  /** Share of callers who give up after a short wait, and how long they wait. */
  impatientShare: 0.08,
  impatient: [6000, 30_000],
  patient: [120_000, 300_000],
  hazardShare: 0.1,
} as const;

type Menu = 'welcome' | 'survey';
type Mood = 'answer' | 'silent' | 'hangup';

/**
 * Demo calls so a newcomer sees the desk and wallboard move: a citizen every 8–24 s who presses
 * 1 (sometimes 9) after the greeting, waits in the queue, talks, and answers the survey; operator
 * phones pick up after 2–5 s and hang up after 20–60 s. The pace is that of a busy but healthy
 * centre with the four demo operators Ready: ring + talk + a held 15 s wrap-up make about 3.7
 * Erlangs on 4 people, and about 80–85% of callers are answered within 20 s (measured over 20–55
 * demo minutes; a call every 10–26 s gave 96%, too quiet to show a queue; the old pace of a call
 * every 8–20 s with 90 s calls was more than four people can take: a failing centre).
 * A few callers are impatient, so the wallboard also shows the occasional abandon.
 * Everything runs on the PBX scheduler, so reset/restart stop it cleanly.
 */
export class DemoTraffic {
  private on = false;
  private nextCall?: TimerHandle;
  private readonly callers = new CallerPool();
  private readonly demoCalls = new Set<string>();
  /** Keys pressed per channel and menu, the welcome choice, and how the caller treats the survey. */
  private readonly presses = new Map<string, number>();
  private readonly choice = new Map<string, string>();
  private readonly mood = new Map<string, Mood>();

  constructor(private readonly pbx: Pbx) {
    pbx.hooks.on('stasis-start', (ch, _app, args) => this.onStasis(ch, args));
    pbx.hooks.on('playback-finished', (ch) => this.onPromptDone(ch));
    pbx.hooks.on('endpoint-ringing', (_ep, ch) => this.onRinging(ch));
    pbx.hooks.on('agent-connected', (_ep, agent) => this.onConnected(agent));
    pbx.hooks.on('channel-destroyed', (ch) => this.forget(ch.id));
  }

  enabled(): boolean {
    return this.on;
  }

  set(on: boolean): void {
    this.on = on;
    this.nextCall?.cancel();
    this.nextCall = undefined;
    if (on) this.schedule();
  }

  /** After a reset or restart the scheduler was cleared; start the call clock again. */
  resume(): void {
    for (const id of [...this.demoCalls]) this.forget(id);
    this.set(this.on);
  }

  private forget(id: string): void {
    this.demoCalls.delete(id);
    this.presses.delete(`${id}:welcome`);
    this.presses.delete(`${id}:survey`);
    this.choice.delete(id);
    this.mood.delete(id);
  }

  private schedule(): void {
    this.nextCall = this.pbx.timers.after(between(...DEMO_PACE.arrival), () => {
      if (!this.on) return;
      this.call();
      this.schedule();
    });
  }

  private call(): void {
    const who = this.callers.next();
    const ch = placeCall(this.pbx, { ...who, to: '137' });
    this.demoCalls.add(ch.id);
    // Patience: most callers wait minutes, a few hang up after half a minute at most.
    const [lo, hi] = Math.random() < DEMO_PACE.impatientShare ? DEMO_PACE.impatient : DEMO_PACE.patient;
    this.pbx.timers.after(between(lo, hi), () => {
      const qc = this.pbx.queues.callerOf(ch.id);
      if (qc && !qc.connected && !ch.hangingUp) this.pbx.hangup(ch, { origin: 'remote', cause: 16 });
    });
    // A demo call never outlives ten minutes, whatever the app did with it.
    this.pbx.timers.after(600_000, () => {
      if (!ch.hangingUp) this.pbx.hangup(ch, { origin: 'remote', cause: 16 });
    });
  }

  private isDemo(ch: Channel): boolean {
    return this.on && this.demoCalls.has(ch.id);
  }

  private menuOf(ch: Channel): Menu | undefined {
    if (!ch.stasis) return undefined;
    return ch.stasis.args[0] === 'survey' ? 'survey' : 'welcome';
  }

  private onStasis(ch: Channel, args: string[]): void {
    if (!this.isDemo(ch)) return;
    const menu: Menu = args[0] === 'survey' ? 'survey' : 'welcome';
    if (menu === 'survey') {
      const r = Math.random();
      const mood: Mood = r < 0.8 ? 'answer' : r < 0.9 ? 'silent' : 'hangup';
      this.mood.set(ch.id, mood);
      if (mood === 'hangup') {
        this.pbx.timers.after(between(3000, 8000), () => {
          if (!ch.hangingUp) this.pbx.hangup(ch, { origin: 'remote', cause: 16 });
        });
      }
    }
    // If the app never plays anything, press anyway after a while.
    this.pbx.timers.after(between(6000, 9000), () => {
      if (!this.presses.has(`${ch.id}:${menu}`)) this.press(ch, menu);
    });
  }

  /** A prompt ended: the citizen keys in (the menu choice, or a survey score per question). */
  private onPromptDone(ch: Channel): void {
    if (!this.isDemo(ch)) return;
    const menu = this.menuOf(ch);
    if (menu) this.pbx.timers.after(between(600, 2000), () => this.press(ch, menu));
  }

  private press(ch: Channel, menu: Menu): void {
    if (ch.hangingUp || this.menuOf(ch) !== menu) return;
    const key = `${ch.id}:${menu}`;
    const count = this.presses.get(key) ?? 0;
    if (menu === 'welcome') {
      if (count >= 2) return; // pressed, maybe once more after "invalid"; then let the app decide
      this.presses.set(key, count + 1);
      this.choice.set(ch.id, this.choice.get(ch.id) ?? (Math.random() < DEMO_PACE.hazardShare ? '9' : '1'));
      receiveDtmf(this.pbx, ch, this.choice.get(ch.id)!);
      return;
    }
    if (this.mood.get(ch.id) !== 'answer' || count >= 6) return;
    this.presses.set(key, count + 1);
    receiveDtmf(this.pbx, ch, String(1 + Math.floor(Math.random() * 5)));
  }

  private onRinging(ch: Channel): void {
    if (!this.on || ch.kind !== 'agent') return;
    this.pbx.timers.after(between(...DEMO_PACE.answerAfter), () => {
      if (ch.state === 5 && !ch.hangingUp) ch.owner?.answer?.();
    });
  }

  private onConnected(agent: Channel): void {
    if (!this.on) return;
    this.pbx.timers.after(between(...DEMO_PACE.talk), () => {
      if (!agent.hangingUp) this.pbx.hangup(agent, { origin: 'remote', cause: 16 });
    });
  }
}
