import { randomUUID } from 'node:crypto';
import { AriHttpError, type AriClient, type AriEvent } from '../asterisk/ari/index.ts';
import { IVR_LANGUAGE } from './prompts.ts';

export type IvrAri = Pick<
  AriClient,
  'answer' | 'request' | 'stopPlayback' | 'hangup' | 'continueInDialplan' | 'setVariable' | 'getVariable' | 'subscribe'
>;

/** How often a playback we wait on is checked for having ended without an event. */
const PLAYBACK_WATCHDOG_MS = 10_000;

export class CallerHungUp extends Error {
  constructor() {
    super('caller hung up');
  }
}

/**
 * This node no longer drives the call: it is stopping, or its ARI link was stopped (the PBX lease
 * went to another node), or another client registered the Stasis app. The caller stays in Stasis
 * for the node that takes over, so the flow ends without a word, a hang-up or a final status.
 */
export class SessionReleased extends Error {
  constructor() {
    super('call left to another node');
  }
}

/**
 * One caller channel inside our Stasis app: plays prompts and collects keypad digits. Digits
 * pressed during a prompt are kept (callers who know the menu press early) and stop the prompt,
 * unless it was played as not interruptible.
 * ARI sends ChannelDtmfReceived once per digit; anything that is not 0-9 * # is ignored.
 */
export class ChannelSession {
  private digits: string[] = [];
  private digitWaiter: ((d: string | null) => void) | null = null;
  private playbacks = new Map<string, { done: () => void; interruptible: boolean }>();
  hungUp = false;
  released = false;
  /** ARI event socket reconnects lived through: events may have been lost (kept on the response). */
  reconnects = 0;
  /** Every ARI request of the flow goes through here, refused once the session is released. */
  readonly ari: IvrAri;

  constructor(
    ari: IvrAri,
    readonly channelId: string,
    /** Prompts are played in this language whatever the channel's own language is. */
    readonly language: string = IVR_LANGUAGE,
    /**
     * False once this node may no longer drive its callers (its ARI link was stopped). Asked before
     * every request: a link stopped while it was reconnecting announces nothing.
     */
    private readonly stillOurs: () => boolean = () => true,
  ) {
    this.ari = new Proxy(ari, {
      get: (target, prop, receiver) => {
        const v: unknown = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          if (!this.stillOurs()) this.release();
          if (this.released) return Promise.reject(new SessionReleased());
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  onEvent(e: AriEvent): void {
    switch (e.type) {
      case 'ChannelDtmfReceived': {
        if (!/^[0-9*#]$/.test(e.digit)) return;
        if (this.digitWaiter) {
          const w = this.digitWaiter;
          this.digitWaiter = null;
          w(e.digit);
        } else this.digits.push(e.digit);
        // A key pressed during a prompt ends the prompt (not a read-back or a thank-you). The flow
        // goes on at once rather than after Asterisk confirms the stop: the answer is stored a
        // round trip sooner, and a next prompt simply queues behind the one being stopped.
        for (const [id, pb] of this.playbacks) {
          if (!pb.interruptible) continue;
          this.playbacks.delete(id);
          pb.done();
          void this.ari.stopPlayback(id).catch(() => undefined);
        }
        return;
      }
      case 'PlaybackFinished': {
        const pb = this.playbacks.get(e.playback.id);
        if (pb) {
          this.playbacks.delete(e.playback.id);
          pb.done();
        }
        return;
      }
      case 'StasisEnd':
      case 'ChannelHangupRequest':
      case 'ChannelDestroyed':
        this.markHungUp();
        return;
      default:
        return;
    }
  }

  markHungUp(): void {
    if (this.hungUp) return;
    this.hungUp = true;
    this.wakeAll();
  }

  /** Hand the call over (see SessionReleased): every wait ends and the flow stops at its next step. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.wakeAll();
  }

  private wakeAll(): void {
    this.digitWaiter?.(null);
    this.digitWaiter = null;
    for (const pb of this.playbacks.values()) pb.done();
    this.playbacks.clear();
  }

  /** Throws when the flow must not go on: released first (nothing may be said or stored), then hung up. */
  private check(): void {
    if (this.released) throw new SessionReleased();
    if (this.hungUp) throw new CallerHungUp();
  }

  /** Play media and wait until it finishes, is interrupted by a digit, or the caller hangs up. */
  async play(media: string | string[], opts: { interruptible?: boolean } = {}): Promise<void> {
    this.check();
    const interruptible = opts.interruptible !== false;
    if (interruptible && this.digits.length) return;
    const id = `cti-${randomUUID()}`;
    const finished = new Promise<void>((resolve) => this.playbacks.set(id, { done: resolve, interruptible }));
    try {
      await this.ari.request('POST', `/channels/${encodeURIComponent(this.channelId)}/play/${encodeURIComponent(id)}`, {
        query: { media: Array.isArray(media) ? media.join(',') : media, lang: this.language },
      });
    } catch (err) {
      this.playbacks.delete(id);
      // 404: the channel is gone; 409: it left our app. Either way the caller is no longer ours,
      // even if the hangup event was lost (ARI socket down).
      if (err instanceof AriHttpError && (err.status === 404 || err.status === 409)) this.markHungUp();
      this.check();
      throw err;
    }
    // Safety net: if a PlaybackFinished never comes (an event lost, a queued playback dropped),
    // ask Asterisk now and then whether the playback still exists rather than wait forever.
    const watchdog = setInterval(() => void this.releaseIfGone(id), PLAYBACK_WATCHDOG_MS);
    try {
      await finished;
    } finally {
      clearInterval(watchdog);
    }
    this.check();
  }

  private async releaseIfGone(id: string): Promise<void> {
    const pb = this.playbacks.get(id);
    if (!pb) return;
    const alive = await this.ari.request('GET', `/playbacks/${encodeURIComponent(id)}`).then(
      () => true,
      (err) => !(err instanceof AriHttpError && err.status === 404),
    );
    if (!alive && this.playbacks.get(id) === pb) {
      this.playbacks.delete(id);
      pb.done();
    }
  }

  /** Next digit within timeoutMs, or null on silence. Throws CallerHungUp. */
  async readDigit(timeoutMs: number): Promise<string | null> {
    this.check();
    const queued = this.digits.shift();
    if (queued !== undefined) return queued;
    const d = await new Promise<string | null>((resolve) => {
      const t = setTimeout(() => {
        this.digitWaiter = null;
        resolve(null);
      }, timeoutMs);
      this.digitWaiter = (x) => {
        clearTimeout(t);
        resolve(x);
      };
    });
    this.check();
    return d;
  }

  /** Up to maxLen digits ended by '#', or by silence after the first digit. */
  async readDigits(maxLen: number, firstTimeoutMs: number, interDigitMs: number): Promise<string> {
    let out = '';
    let d = await this.readDigit(firstTimeoutMs);
    while (d !== null && d !== '#' && out.length < maxLen) {
      if (d !== '*') out += d;
      if (out.length >= maxLen) break;
      d = await this.readDigit(interDigitMs);
    }
    return out;
  }

  /**
   * After the ARI event socket came back: PlaybackFinished events sent while it was down are lost,
   * so ask Asterisk which of our playbacks still exist and release the waits of those that ended.
   */
  async afterReconnect(): Promise<void> {
    this.reconnects++;
    for (const id of [...this.playbacks.keys()]) await this.releaseIfGone(id);
  }

  /** The digits typed ahead and not read yet, oldest first; the buffer is emptied. */
  takeDigits(): string[] {
    const out = this.digits;
    this.digits = [];
    return out;
  }

  /** Forget digits typed ahead (before a question whose answer must be fresh). */
  clearDigits(): void {
    this.digits = [];
  }
}
