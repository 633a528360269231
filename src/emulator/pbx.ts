import type { Logger } from '../shared/index.ts';
import { ActionLog } from './action-log.ts';
import { AmiHub } from './ami-hub.ts';
import { AriHub } from './ari-hub.ts';
import type { Bridge } from './bridge.ts';
import { cdrAnswered, cdrFinish } from './cdr.ts';
import {
  amiChannelFields,
  makeChannel,
  type Channel,
  type ChannelState,
  type Fields,
  type HangupRequest,
  type NewChannelInit,
} from './channel.ts';
import { causeText } from './hangup-causes.ts';
import { PbxHooks } from './hooks.ts';
import { IdAllocator } from './ids.ts';
import type { ResolvedOptions } from './options.ts';
import { Scheduler } from './scheduler.ts';

const QOS_VARS: Array<[string, string]> = [
  [
    'RTPAUDIOQOS',
    'ssrc=1969528786;themssrc=0;lp=0;rxjitter=0.000000;rxcount=0;txjitter=0.000000;txcount=0;rlp=0;rtt=0.000000;rxmes=0.000000;txmes=0.000000',
  ],
  [
    'RTPAUDIOQOSJITTER',
    'minrxjitter=000.000000;maxrxjitter=000.000000;avgrxjitter=000.000000;stdevrxjitter=000.000000;mintxjitter=000.000000;maxtxjitter=000.000000;avgtxjitter=000.000000;stdevtxjitter=000.000000;',
  ],
  [
    'RTPAUDIOQOSLOSS',
    '  minrxlost=000.000000;  maxrxlost=000.000000;  avgrxlost=000.000000;  stdevrxlost=000.000000;  mintxlost=000.000000;  maxtxlost=000.000000;  avgtxlost=000.000000;  stdevtxlost=000.000000;',
  ],
  ['RTPAUDIOQOSRTT', '     minrtt=000.000000;     maxrtt=000.000000;     avgrtt=000.000000;     stdevrtt=000.000000;'],
  [
    'RTPAUDIOQOSMES',
    '   minrxmes=000.000000;   maxrxmes=000.000000;   avgrxmes=000.000000;   stdevrxmes=000.000000;   mintxmes=000.000000;   maxtxmes=000.000000;   avgtxmes=000.000000;   stdevtxmes=000.000000;',
  ],
];

/**
 * The emulated Asterisk core: channels, bridges and the primitives every feature uses to change
 * them. Each primitive emits the AMI event and, for channels an ARI app can see, the ARI event,
 * so features never forget one side. It knows none of the services built on it (device states,
 * queues, Stasis): index.ts extends it with them, and features see the result as `Pbx` (ports.ts).
 */
export abstract class PbxCore {
  readonly ids = new IdAllocator();
  readonly timers: Scheduler;
  readonly ami = new AmiHub();
  readonly ari: AriHub;
  readonly hooks = new PbxHooks();
  readonly actions = new ActionLog();
  readonly channels = new Map<string, Channel>();
  readonly bridges = new Map<string, Bridge>();
  /** Global dialplan variables (AMI Getvar/Setvar without a Channel). */
  readonly globals = new Map<string, string>();
  startedAt = Date.now();
  processedCalls = 0;

  constructor(readonly opts: ResolvedOptions) {
    this.timers = new Scheduler(opts.timeScale, (err) => opts.logger.error({ err }, 'emulator: scheduled step failed'));
    this.ari = new AriHub(() => opts.asteriskId);
  }

  get log(): Logger {
    return this.opts.logger;
  }

  /** An endpoint's channels changed: its device state is recomputed (and posted if it moved). */
  protected abstract updateDevice(endpoint: string): void;

  /** An event whose body starts with the channel block. */
  chanEvent(name: string, privilege: string, ch: Channel, extra: Fields = []): void {
    this.ami.event(name, privilege, [...amiChannelFields(ch), ...extra]);
  }

  createChannel(init: NewChannelInit): Channel {
    const ch = makeChannel(init);
    this.channels.set(ch.id, ch);
    this.processedCalls++;
    this.chanEvent('Newchannel', 'call,all', ch);
    return ch;
  }

  findChannel(idOrName: string): Channel | undefined {
    const byId = this.channels.get(idOrName);
    if (byId) return byId;
    for (const ch of this.channels.values()) if (ch.name === idOrName) return ch;
    return undefined;
  }

  setVar(ch: Channel, name: string, value: string): void {
    const v = value.replace(/[\r\n]/g, ' ');
    ch.vars.set(name, v);
    this.chanEvent('VarSet', 'dialplan,all', ch, [
      ['Variable', name],
      ['Value', v],
    ]);
    this.ari.channelEvent(ch, 'ChannelVarset', { variable: name, value: v });
  }

  newexten(ch: Channel, priority: number, app: string, data: string, where?: { context: string; exten: string }): void {
    if (where) {
      ch.context = where.context;
      ch.exten = where.exten;
    }
    ch.priority = priority;
    ch.appName = app;
    ch.appData = data;
    this.chanEvent('Newexten', 'dialplan,all', ch, [
      ['Extension', ch.exten],
      ['Application', app],
      ['AppData', data],
    ]);
    this.ari.channelEvent(ch, 'ChannelDialplan', {}, { dialplan_app: app, dialplan_app_data: data });
  }

  /** `deferDevice`: the flow posts the device change itself, later, where Asterisk does. */
  setState(ch: Channel, state: ChannelState, deferDevice = false): void {
    if (ch.state === state) return;
    ch.state = state;
    if (state === 6 && ch.answeredAt === undefined) {
      ch.answeredAt = Date.now();
      cdrAnswered(ch, ch.answeredAt);
    }
    this.chanEvent('Newstate', 'call,all', ch);
    this.ari.channelEvent(ch, 'ChannelStateChange');
    if (!deferDevice) this.updateDevice(ch.endpoint);
  }

  setConnected(ch: Channel, num: string, name: string): void {
    ch.connectedNum = num;
    ch.connectedName = name;
    this.chanEvent('NewConnectedLine', 'call,all', ch);
    this.ari.channelEvent(ch, 'ChannelConnectedLine');
  }

  /** chan_pjsip's RTCP summary, posted just before a media session ends. */
  rtpQos(ch: Channel): void {
    if (ch.qosSent || ch.tech !== 'PJSIP' || ch.answeredAt === undefined) return;
    ch.qosSent = true;
    const peer = this.bridgePeer(ch);
    for (const [name, value] of QOS_VARS) {
      this.setVar(ch, name, value);
      if (peer && !peer.destroyed) this.setVar(peer, `${name}BRIDGED`, value);
    }
  }

  bridgePeer(ch: Channel): Channel | undefined {
    const b = ch.bridgeId ? this.bridges.get(ch.bridgeId) : undefined;
    const other = b?.channelIds.find((id) => id !== ch.id);
    return other ? this.channels.get(other) : undefined;
  }

  /**
   * Ask for a hangup: the request event first (HangupRequest for a BYE, SoftHangupRequest for
   * AMI/ARI/dialplan), then whoever owns the channel unwinds it and finally calls destroy().
   */
  hangup(ch: Channel, req: HangupRequest): void {
    if (ch.hangingUp || ch.destroyed) return;
    ch.hangingUp = true;
    if (req.origin === 'remote') {
      this.rtpQos(ch);
      this.chanEvent('HangupRequest', 'call,all', ch, ch.stasis ? [['Cause', String(req.cause)]] : []);
      this.ari.channelEvent(ch, 'ChannelHangupRequest', { cause: req.cause });
    } else {
      const cause = req.origin === 'ari' ? 32 : req.cause;
      if (req.origin === 'ari') this.rtpQos(ch);
      this.softHangupEvent(ch, cause);
    }
    const owner = ch.owner;
    if (owner) owner.onHangup(ch, req);
    else this.destroy(ch, req.cause);
  }

  softHangupEvent(ch: Channel, cause: number): void {
    this.chanEvent('SoftHangupRequest', 'call,all', ch, [['Cause', String(cause)]]);
    this.ari.channelEvent(ch, 'ChannelHangupRequest', { cause, soft: true });
  }

  /** The channel is gone: Hangup, its Cdr records, device state, and ChannelDestroyed for subscribers. */
  destroy(ch: Channel, cause: number): void {
    if (ch.destroyed) return;
    this.rtpQos(ch);
    ch.destroyed = true;
    ch.hangingUp = true;
    ch.owner = undefined;
    this.chanEvent('Hangup', 'call,all', ch, [
      ['Cause', String(cause)],
      ['Cause-txt', causeText(cause)],
    ]);
    for (const rec of ch.kind === 'agent' ? [] : cdrFinish(ch)) this.ami.event('Cdr', 'cdr,all', rec);
    this.channels.delete(ch.id);
    this.updateDevice(ch.endpoint);
    ch.appName = '';
    ch.appData = '';
    this.ari.channelEvent(ch, 'ChannelDestroyed', {}, { cause, cause_txt: causeText(cause) });
    this.ari.forget(ch.id);
    this.hooks.emit('channel-destroyed', ch);
  }

  /** Forget every channel without a single event (reset/restart). */
  dropAllSilently(): void {
    for (const ch of this.channels.values()) {
      ch.destroyed = true;
      ch.hangingUp = true;
      ch.owner = undefined;
    }
    this.channels.clear();
    this.bridges.clear();
    this.globals.clear();
    this.timers.clearAll();
  }
}
