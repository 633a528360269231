import { ariChannelJson, type Channel, type HangupRequest } from './channel.ts';
import type { Playbacks } from './playback.ts';
import type { Pbx, RedirectTarget, StasisPort } from './ports.ts';
import { gotoTarget } from './redirect.ts';
import { ariTime } from './time-format.ts';

/**
 * The Stasis() dialplan application. With no WebSocket registered for the app it fails at once
 * (STASISSTATUS=FAILED) and the dialplan goes on, as Asterisk does.
 */
export class Stasis implements StasisPort {
  constructor(
    private readonly pbx: Pbx,
    private readonly playbacks: Playbacks,
  ) {}

  enter(ch: Channel, app: string, args: string[], next: () => void): void {
    const pbx = this.pbx;
    pbx.setVar(ch, 'STASISSTATUS', '');
    if (!pbx.ari.isActive(app)) {
      pbx.log.warn({ app, channel: ch.name }, 'emulator: Stasis app not registered; Stasis() fails');
      pbx.setVar(ch, 'STASISSTATUS', 'FAILED');
      next();
      return;
    }
    ch.stasis = { app, args, next };
    ch.owner = { onHangup: (c, req) => this.onHangup(c, req) };
    pbx.ari.send(app, { type: 'StasisStart', timestamp: ariTime(), args, channel: ariChannelJson(ch) });
    pbx.hooks.emit('stasis-start', ch, app, args);
  }

  inStasis(ch: Channel): boolean {
    return ch.stasis !== undefined && !ch.hangingUp;
  }

  /** StasisEnd goes to the app and to subscribers; afterwards only subscribers hear the channel. */
  private leave(ch: Channel): (() => void) | undefined {
    const st = ch.stasis;
    if (!st) return undefined;
    this.playbacks.stopAll(ch);
    this.pbx.ari.channelEvent(ch, 'StasisEnd');
    ch.stasis = undefined;
    ch.owner = undefined;
    return st.next;
  }

  /** POST /channels/{id}/continue: the next priority, or a given context/extension/priority. */
  continue(ch: Channel, target?: RedirectTarget): void {
    const next = this.leave(ch);
    if (!next) return;
    this.pbx.setVar(ch, 'STASISSTATUS', 'SUCCESS');
    if (target) gotoTarget(this.pbx, ch, target);
    else next();
  }

  /** AMI Redirect out of Stasis: StasisEnd, but the dialplan goes where the redirect says. */
  detach(ch: Channel): void {
    if (!this.leave(ch)) return;
    this.pbx.setVar(ch, 'STASISSTATUS', 'SUCCESS');
  }

  /** Hung up while in Stasis (BYE or DELETE): StasisEnd, then the PBX finishes the channel. */
  private onHangup(ch: Channel, req: HangupRequest): void {
    this.leave(ch);
    this.pbx.setVar(ch, 'STASISSTATUS', 'SUCCESS');
    this.pbx.softHangupEvent(ch, 16);
    this.pbx.destroy(ch, req.origin === 'remote' ? 16 : req.cause);
  }

  /** Channels currently in Stasis for an app (for the Application model). */
  channelsOf(app: string): string[] {
    return [...this.pbx.channels.values()].filter((c) => c.stasis?.app === app).map((c) => c.id);
  }
}
