import type { Channel } from './channel.ts';
import { uuid } from './ids.ts';
import type { PbxCore } from './pbx.ts';
import type { TimerHandle } from './scheduler.ts';
import { mediaDurationMs } from './sound-durations.ts';
import { ariTime } from './time-format.ts';

export interface Playback {
  id: string;
  channel: Channel;
  media: string[];
  index: number;
  language: string;
  state: 'queued' | 'playing' | 'done' | 'canceled';
  timer?: TimerHandle;
}

/**
 * ARI playbacks. A channel plays one at a time; later ones wait their turn (the control queue),
 * a comma-separated media list plays in sequence with PlaybackContinuing between items.
 */
export class Playbacks {
  private readonly byId = new Map<string, Playback>();
  private readonly perChannel = new Map<string, Playback[]>();

  constructor(private readonly pbx: PbxCore) {}

  get(id: string): Playback | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Queue media on a channel; the caller answers 201 with the returned (queued) playback. */
  play(ch: Channel, media: string[], language: string, id?: string): Playback {
    const pb: Playback = { id: id ?? uuid(), channel: ch, media, index: 0, language, state: 'queued' };
    this.byId.set(pb.id, pb);
    const list = this.perChannel.get(ch.id) ?? [];
    list.push(pb);
    this.perChannel.set(ch.id, list);
    // Start after the REST response has been written, as in Asterisk.
    if (list.length === 1) this.pbx.timers.soon(() => this.start(pb));
    return pb;
  }

  json(pb: Playback): object {
    const next = pb.media[pb.index + 1];
    return {
      id: pb.id,
      media_uri: pb.media[pb.index],
      ...(next !== undefined ? { next_media_uri: next } : {}),
      target_uri: `channel:${pb.channel.id}`,
      language: pb.language,
      state: pb.state,
    };
  }

  private send(pb: Playback, type: string): void {
    const event = { type, timestamp: ariTime(), playback: this.json(pb) };
    for (const app of this.pbx.ari.appsFor(pb.channel)) this.pbx.ari.send(app, event);
  }

  private start(pb: Playback): void {
    if (pb.state !== 'queued' || pb.channel.destroyed) return;
    pb.state = 'playing';
    this.send(pb, 'PlaybackStarted');
    this.playCurrent(pb);
  }

  private playCurrent(pb: Playback): void {
    const ms = mediaDurationMs(pb.media[pb.index] ?? '', pb.language, this.pbx.opts.soundDirs);
    if (ms === null) return;
    pb.timer = this.pbx.timers.after(ms, () => {
      if (pb.index + 1 < pb.media.length) {
        pb.index++;
        this.send(pb, 'PlaybackContinuing');
        this.playCurrent(pb);
      } else {
        this.finish(pb, 'done');
        this.pbx.hooks.emit('playback-finished', pb.channel, pb.id);
      }
    });
  }

  private finish(pb: Playback, state: 'done' | 'canceled'): void {
    pb.timer?.cancel();
    const wasQueued = pb.state === 'queued';
    pb.state = state;
    this.byId.delete(pb.id);
    const list = (this.perChannel.get(pb.channel.id) ?? []).filter((p) => p !== pb);
    if (list.length) this.perChannel.set(pb.channel.id, list);
    else this.perChannel.delete(pb.channel.id);
    if (!wasQueued) this.send(pb, 'PlaybackFinished');
    const next = list[0];
    if (next && next.state === 'queued' && !list.some((p) => p.state === 'playing')) {
      this.pbx.timers.soon(() => this.start(next));
    }
  }

  /** DELETE /playbacks/{id}: a playing one finishes as `done`, a queued one is dropped. */
  stop(id: string): boolean {
    const pb = this.byId.get(id);
    if (!pb) return false;
    this.finish(pb, pb.state === 'queued' ? 'canceled' : 'done');
    return true;
  }

  /** The channel leaves Stasis or hangs up: the current playback ends, queued ones vanish. */
  stopAll(ch: Channel): void {
    const list = this.perChannel.get(ch.id) ?? [];
    for (const pb of [...list].reverse()) this.finish(pb, pb.state === 'queued' ? 'canceled' : 'done');
  }

  clear(): void {
    for (const pb of this.byId.values()) pb.timer?.cancel();
    this.byId.clear();
    this.perChannel.clear();
  }
}
