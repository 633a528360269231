import { amiChannelFields, type Channel } from './channel.ts';
import type { Pbx } from './ports.ts';

/**
 * ChanSpy(<prefix>,<options>) on an answered supervisor channel: like Asterisk, it spies on the
 * first live channel whose name starts with `<prefix>` (plain prefix: `PJSIP/1001` also matches
 * `PJSIP/10010-…`, which is why callers pass `PJSIP/1001-`), posts ChanSpyStart/ChanSpyStop, and
 * keeps scanning for the next call until the supervisor hangs up, unless option `E` is given:
 * then the supervisor's channel is hung up when the spied-on channel hangs up.
 */
export class ChanSpySession {
  private spyee?: Channel;
  private stopped = false;
  private readonly off: Array<() => void> = [];

  constructor(
    private readonly pbx: Pbx,
    private readonly spyer: Channel,
    private readonly prefix: string,
    private readonly options = '',
  ) {
    const onConnect = (): void => this.scan();
    const onGone = (ch: Channel): void => {
      if (ch === this.spyee) this.stopSpying();
      if (ch === this.spyer) this.stop();
    };
    const onReset = (): void => this.dispose();
    pbx.hooks.on('agent-connected', onConnect);
    pbx.hooks.on('channel-destroyed', onGone);
    pbx.hooks.on('reset', onReset);
    this.off.push(
      () => pbx.hooks.off('agent-connected', onConnect),
      () => pbx.hooks.off('channel-destroyed', onGone),
      () => pbx.hooks.off('reset', onReset),
    );
    this.scan();
  }

  private scan(): void {
    if (this.stopped || this.spyee) return;
    const target = [...this.pbx.channels.values()].find(
      (c) => c !== this.spyer && c.state === 6 && !c.hangingUp && c.name.startsWith(this.prefix),
    );
    if (!target) return;
    this.spyee = target;
    this.event('ChanSpyStart', target);
  }

  private event(name: string, spyee: Channel): void {
    this.pbx.ami.event(name, 'call,all', [
      ...amiChannelFields(this.spyer, 'Spyer'),
      ...amiChannelFields(spyee, 'Spyee'),
    ]);
  }

  private stopSpying(): void {
    const s = this.spyee;
    this.spyee = undefined;
    if (s) this.event('ChanSpyStop', s);
    // E: exit when the spied-on channel hangs up (Asterisk's OPTION_EXITONHANGUP).
    if (this.options.includes('E')) {
      this.dispose();
      this.pbx.hangup(this.spyer, { origin: 'soft', cause: 16 });
      return;
    }
    this.pbx.timers.soon(() => this.scan());
  }

  stop(): void {
    if (this.stopped) return;
    if (this.spyee) this.event('ChanSpyStop', this.spyee);
    this.dispose();
  }

  /** Forget the session without events (the PBX was reset under it). */
  private dispose(): void {
    this.spyee = undefined;
    this.stopped = true;
    for (const f of this.off.splice(0)) f();
  }
}
