// The AMI client's options and the events it emits, apart from the class so the file that wires
// configuration can import them without the client.

import type { Logger } from '../../shared/index.ts';
import type { AmiMessage } from './ami-codec.ts';
import type { AmiProblem } from './ami-frames.ts';

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** Tag for logs and events when several Asterisks are used. */
  serverId: string;
  logger: Logger;
  /** Per action, default 5000; a list action's timeout restarts on every item. Also bounds the login. */
  actionTimeoutMs?: number;
  /** Default 15000; a Ping that times out means the connection is dead: it is closed and reopened. */
  pingIntervalMs?: number;
  /** Reconnect delay bounds, default 250 ms … 1 s with full jitter (see RECONNECT in backoff.ts). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** The Login `Events:` field, default 'on' (or a class list like 'call,agent'). */
  events?: 'on' | 'off' | string;
  /** Events dropped unparsed (no 'event' is emitted for them); default DEFAULT_DROPPED_EVENTS. */
  dropEvents?: ReadonlySet<string>;
}

/**
 * What cti137 never reads, by volume: per-variable and per-priority dialplan chatter and RTCP
 * reports. The README asks admins to filter them in manager.conf; this is the same list applied on
 * our side for an Asterisk where that was not done.
 */
export const DEFAULT_DROPPED_EVENTS: ReadonlySet<string> = new Set(['VarSet', 'Newexten', 'RTCPSent', 'RTCPReceived']);

export interface AmiClientEvents {
  event: [msg: AmiMessage];
  connected: [info: { banner: string }];
  disconnected: [info: { error?: Error }];
  'login-failed': [info: { message: string }];
  problem: [p: AmiProblem];
}

export interface AmiActionOptions {
  timeoutMs?: number;
  /** Use this ActionID (from newActionId()) to match later events, e.g. OriginateResponse, race-free. */
  actionId?: string;
}
