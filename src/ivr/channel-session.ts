import { randomUUID } from 'node:crypto';
import type { AriClient } from '../asterisk/ari/ari-client.ts';
import type { AriEvent } from '../asterisk/ari/ari-events.ts';

export type IvrAri = Pick<AriClient, 'answer' | 'play' | 'stopPlayback' | 'hangup' | 'continueInDialplan' | 'setVariable' | 'getVariable' | 'subscribe'>;

export class CallerHungUp extends Error {
  constructor() {
    super('caller hung up');
  }
}

/**
 * One caller channel inside our Stasis app: plays prompts and collects keypad digits. Digits
 * pressed during a prompt are kept (callers who know the menu press early) and stop the prompt.
 * ARI sends ChannelDtmfReceived once per digit; anything that is not 0-9 * # is ignored.
 */
export class ChannelSession {
  private digits: string[] = [];
  private digitWaiter: ((d: string | null) => void) | null = null;
  private playbacks = new Map<string, () => void>();
  hungUp = false;

  constructor(
    readonly ari: IvrAri,
    readonly channelId: string,
  ) {}

  onEvent(e: AriEvent): void {
    switch (e.type) {
      case 'ChannelDtmfReceived': {
        if (!/^[0-9*#]$/.test(e.digit)) return;
        if (this.digitWaiter) {
          const w = this.digitWaiter;
          this.digitWaiter = null;
          w(e.digit);
        } else this.digits.push(e.digit);
        // A key pressed during a prompt ends the prompt.
        for (const id of this.playbacks.keys()) void this.ari.stopPlayback(id).catch(() => undefined);
        return;
      }
      case 'PlaybackFinished': {
        const done = this.playbacks.get(e.playback.id);
        if (done) {
          this.playbacks.delete(e.playback.id);
          done();
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
    this.digitWaiter?.(null);
    this.digitWaiter = null;
    for (const done of this.playbacks.values()) done();
    this.playbacks.clear();
  }

  /** Play media and wait until it finishes, is interrupted by a digit, or the caller hangs up. */
  async play(media: string | string[], opts: { interruptible?: boolean } = {}): Promise<void> {
    if (this.hungUp) throw new CallerHungUp();
    if (opts.interruptible !== false && this.digits.length) return;
    const id = `cti-${randomUUID()}`;
    const finished = new Promise<void>((resolve) => this.playbacks.set(id, resolve));
    try {
      await this.ari.play(this.channelId, media, id);
    } catch (err) {
      this.playbacks.delete(id);
      if (this.hungUp) throw new CallerHungUp();
      throw err;
    }
    await finished;
    if (this.hungUp) throw new CallerHungUp();
  }

  /** Next digit within timeoutMs, or null on silence. Throws CallerHungUp. */
  async readDigit(timeoutMs: number): Promise<string | null> {
    if (this.hungUp) throw new CallerHungUp();
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
    if (this.hungUp) throw new CallerHungUp();
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

  /** Forget digits typed ahead (before a question whose answer must be fresh). */
  clearDigits(): void {
    this.digits = [];
  }
}
