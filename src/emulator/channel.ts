import { ariTime } from './time-format.ts';

export type Fields = Array<readonly [string, string]>;

/** AST_STATE_*: only the ones a CTI call goes through. */
export type ChannelState = 0 | 4 | 5 | 6;
export const STATE_DESC: Record<ChannelState, string> = { 0: 'Down', 4: 'Ring', 5: 'Ringing', 6: 'Up' };

export type ChannelKind = 'caller' | 'agent' | 'originate' | 'citizen';

/** How a hangup was asked for: a BYE from the far end, AMI/dialplan soft hangup, or ARI DELETE. */
export interface HangupRequest {
  origin: 'remote' | 'soft' | 'ari';
  /** Q.850 cause for the final Hangup. */
  cause: number;
}

/** Whoever currently runs the channel (Stasis, the queue, a bridge, a ringing attempt). */
export interface ChannelOwner {
  onHangup(ch: Channel, req: HangupRequest): void;
  /** Present while the channel is a ringing phone that can pick up. */
  answer?(): void;
}

export interface StasisState {
  app: string;
  args: string[];
  /** The dialplan step to run after `continue` (or after Stasis ends without a hangup). */
  next: () => void;
}

/** The CDR being written for a channel (cdr.ts keeps it): the running segment and the closed records. */
export interface CdrState {
  seg: { start: number; answer?: number; dest: string };
  records: Fields[];
}

export interface Channel {
  id: string;
  linkedid: string;
  name: string;
  tech: 'PJSIP' | 'Local';
  /** Endpoint/resource: 'trunk' for callers, '1001' for operator phones. */
  endpoint: string;
  kind: ChannelKind;
  state: ChannelState;
  callerNum: string;
  callerName: string;
  connectedNum: string;
  connectedName: string;
  language: string;
  accountCode: string;
  context: string;
  exten: string;
  priority: number;
  appName: string;
  appData: string;
  dnid: string;
  vars: Map<string, string>;
  createdAt: number;
  answeredAt?: number;
  protocolId: string;
  bridgeId?: string;
  stasis?: StasisState;
  owner?: ChannelOwner;
  hangingUp: boolean;
  destroyed: boolean;
  qosSent: boolean;
  cdr?: CdrState;
}

export type NewChannelInit = Pick<Channel, 'id' | 'linkedid' | 'name' | 'tech' | 'endpoint' | 'kind' | 'state'> &
  Partial<Channel>;

export function makeChannel(init: NewChannelInit): Channel {
  return {
    callerNum: '',
    callerName: '',
    connectedNum: '',
    connectedName: '',
    language: 'en',
    accountCode: '',
    context: 'default',
    exten: 's',
    priority: 1,
    appName: '',
    appData: '',
    dnid: '',
    vars: new Map(),
    createdAt: Date.now(),
    protocolId: '',
    hangingUp: false,
    destroyed: false,
    qosSent: false,
    ...init,
  };
}

const unknown = (v: string): string => (v === '' ? '<unknown>' : v);

/** The standard channel block of an AMI event; `prefix` gives `Dest…`, `Spyee…` etc. */
export function amiChannelFields(ch: Channel, prefix = ''): Fields {
  return [
    [`${prefix}Channel`, ch.name],
    [`${prefix}ChannelState`, String(ch.state)],
    [`${prefix}ChannelStateDesc`, STATE_DESC[ch.state]],
    [`${prefix}CallerIDNum`, unknown(ch.callerNum)],
    [`${prefix}CallerIDName`, unknown(ch.callerName)],
    [`${prefix}ConnectedLineNum`, unknown(ch.connectedNum)],
    [`${prefix}ConnectedLineName`, unknown(ch.connectedName)],
    [`${prefix}Language`, ch.language],
    [`${prefix}AccountCode`, ch.accountCode],
    [`${prefix}Context`, ch.context],
    [`${prefix}Exten`, ch.exten],
    [`${prefix}Priority`, String(ch.priority)],
    [`${prefix}Uniqueid`, ch.id],
    [`${prefix}Linkedid`, ch.linkedid],
  ];
}

/** Caller block + agent block, the layout of AgentCalled, DialBegin, DialEnd, AgentConnect, … */
export function pairFields(caller: Channel, agent: Channel, agentOverride: Partial<Channel> = {}): Fields {
  return [...amiChannelFields(caller), ...amiChannelFields({ ...agent, ...agentOverride }, 'Dest')];
}

export interface AriChannelJson {
  id: string;
  name: string;
  state: string;
  protocol_id: string;
  caller: { name: string; number: string };
  connected: { name: string; number: string };
  accountcode: string;
  dialplan: { context: string; exten: string; priority: number; app_name: string; app_data: string };
  creationtime: string;
  language: string;
}

/** ARI Channel model, keys in the order Asterisk 22 sends them. */
export function ariChannelJson(ch: Channel): AriChannelJson {
  return {
    id: ch.id,
    name: ch.name,
    state: STATE_DESC[ch.state],
    protocol_id: ch.protocolId,
    caller: { name: ch.callerName, number: ch.callerNum },
    connected: { name: ch.connectedName, number: ch.connectedNum },
    accountcode: ch.accountCode,
    dialplan: {
      context: ch.context,
      exten: ch.exten,
      priority: ch.priority,
      app_name: ch.appName,
      app_data: ch.appData,
    },
    creationtime: ariTime(ch.createdAt),
    language: ch.language,
  };
}

/** `"Name" <number>` as CALLERID(all) and the Cdr CallerID print it. */
export function callerIdAll(ch: Channel): string {
  return `"${ch.callerName}" <${ch.callerNum}>`;
}
