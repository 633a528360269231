// Typed ARI WebSocket events, shaped after what Asterisk 22 actually sent in the captures
// (asterisk-transcripts/ari-*.jsonl), not after the whole Swagger model: fields seen there are
// required, fields that depend on the situation are optional. JSON key order is not fixed
// (`type` is not always first), so nothing here relies on it.

export interface AriCallerId {
  name: string;
  number: string;
}

export interface AriDialplanCep {
  context: string;
  exten: string;
  priority: number;
  /** Empty once the channel has left its application (seen on ChannelDestroyed). */
  app_name?: string;
  app_data?: string;
}

export interface AriChannel {
  /** The same as the AMI Uniqueid (e.g. `1795329867.11`). */
  id: string;
  name: string;
  /** Ring, Up, Down, Ringing, Busy, … */
  state: string;
  /** The SIP Call-ID for PJSIP channels. */
  protocol_id?: string;
  caller: AriCallerId;
  connected: AriCallerId;
  accountcode?: string;
  dialplan: AriDialplanCep;
  creationtime: string;
  language: string;
  channelvars?: Record<string, string>;
  caller_rdnis?: string;
  tenantid?: string;
}

export interface AriPlayback {
  id: string;
  media_uri: string;
  target_uri: string;
  /** queued, playing, continuing, done, failed, cancelled */
  state: string;
  language?: string;
  next_media_uri?: string;
}

export interface AriBridge {
  id: string;
  technology: string;
  bridge_type: string;
  bridge_class: string;
  creator: string;
  name: string;
  channels: string[];
  creationtime?: string;
  video_mode?: string;
  video_source_id?: string;
}

/** Fields every event carries. */
interface AriBase {
  /** Like `2026-11-22T06:44:21.158+0000` (no colon in the offset; `new Date()` parses it). */
  timestamp: string;
  asterisk_id?: string;
  application: string;
}

interface WithChannel extends AriBase {
  channel: AriChannel;
}

export interface AriStasisStart extends WithChannel {
  type: 'StasisStart';
  /** The Stasis() arguments after the app name, e.g. ['postqueue', 'PJSIP/agent1001', 'Agent 1001']. */
  args: string[];
  replace_channel?: AriChannel;
}
export interface AriStasisEnd extends WithChannel {
  type: 'StasisEnd';
}
export interface AriChannelCreated extends WithChannel {
  type: 'ChannelCreated';
}
export interface AriChannelStateChange extends WithChannel {
  type: 'ChannelStateChange';
}
/** Once per digit, when the digit ends: there is no begin/end pair as in AMI. */
export interface AriChannelDtmfReceived extends WithChannel {
  type: 'ChannelDtmfReceived';
  digit: string;
  duration_ms: number;
}
/** `cause` 32 with `soft: true` after an API hangup (a soft-hangup flag, not Q.850); a BYE gives e.g. 16. */
export interface AriChannelHangupRequest extends WithChannel {
  type: 'ChannelHangupRequest';
  cause?: number;
  soft?: boolean;
}
/** Only arrives after StasisEnd if the app subscribed to the channel explicitly. */
export interface AriChannelDestroyed extends WithChannel {
  type: 'ChannelDestroyed';
  cause: number;
  cause_txt: string;
}
/** Without `channel` for a global variable. */
export interface AriChannelVarset extends AriBase {
  type: 'ChannelVarset';
  variable: string;
  value: string;
  channel?: AriChannel;
}
export interface AriChannelDialplan extends WithChannel {
  type: 'ChannelDialplan';
  dialplan_app: string;
  dialplan_app_data: string;
}
export interface AriChannelCallerId extends WithChannel {
  type: 'ChannelCallerId';
  caller_presentation: number;
  caller_presentation_txt: string;
}
export interface AriChannelConnectedLine extends WithChannel {
  type: 'ChannelConnectedLine';
}
export interface AriChannelUserevent extends AriBase {
  type: 'ChannelUserevent';
  eventname: string;
  userevent: Record<string, unknown>;
  channel?: AriChannel;
  bridge?: AriBridge;
}
export interface AriChannelHold extends WithChannel {
  type: 'ChannelHold';
  musicclass?: string;
}
export interface AriChannelUnhold extends WithChannel {
  type: 'ChannelUnhold';
}
export interface AriChannelTalkingStarted extends WithChannel {
  type: 'ChannelTalkingStarted';
}
export interface AriChannelTalkingFinished extends WithChannel {
  type: 'ChannelTalkingFinished';
  duration: number;
}
export interface AriChannelEnteredBridge extends WithChannel {
  type: 'ChannelEnteredBridge';
  bridge: AriBridge;
}
export interface AriChannelLeftBridge extends WithChannel {
  type: 'ChannelLeftBridge';
  bridge: AriBridge;
}
export interface AriBridgeCreated extends AriBase {
  type: 'BridgeCreated';
  bridge: AriBridge;
}
export interface AriBridgeDestroyed extends AriBase {
  type: 'BridgeDestroyed';
  bridge: AriBridge;
}
export interface AriPlaybackStarted extends AriBase {
  type: 'PlaybackStarted';
  playback: AriPlayback;
}
export interface AriPlaybackContinuing extends AriBase {
  type: 'PlaybackContinuing';
  playback: AriPlayback;
}
export interface AriPlaybackFinished extends AriBase {
  type: 'PlaybackFinished';
  playback: AriPlayback;
}
export interface AriDial extends AriBase {
  type: 'Dial';
  peer: AriChannel;
  caller?: AriChannel;
  forwarded?: AriChannel;
  /** Empty while ringing starts; ANSWER, BUSY, NOANSWER, CANCEL, … at the end. */
  dialstatus: string;
  dialstring?: string;
  forward?: string;
}

/**
 * Any other event type. Its own `type` literal keeps the union discriminated (a plain `string`
 * type would stop `switch (e.type)` from narrowing the known events); Asterisk's name is in
 * `eventType` and the whole JSON object in `raw`.
 */
export interface AriUnknownEvent {
  type: 'Unknown';
  eventType: string;
  timestamp?: string;
  application?: string;
  asterisk_id?: string;
  raw: Record<string, unknown>;
}

export type AriKnownEvent =
  | AriStasisStart
  | AriStasisEnd
  | AriChannelCreated
  | AriChannelStateChange
  | AriChannelDtmfReceived
  | AriChannelHangupRequest
  | AriChannelDestroyed
  | AriChannelVarset
  | AriChannelDialplan
  | AriChannelCallerId
  | AriChannelConnectedLine
  | AriChannelUserevent
  | AriChannelHold
  | AriChannelUnhold
  | AriChannelTalkingStarted
  | AriChannelTalkingFinished
  | AriChannelEnteredBridge
  | AriChannelLeftBridge
  | AriBridgeCreated
  | AriBridgeDestroyed
  | AriPlaybackStarted
  | AriPlaybackContinuing
  | AriPlaybackFinished
  | AriDial;

export type AriEvent = AriKnownEvent | AriUnknownEvent;
export type AriEventType = AriKnownEvent['type'];
