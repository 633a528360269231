import type { Channel } from './channel.ts';
import type { PbxCore } from './pbx.ts';
import type { Member, Queue, QueueCaller, RingAttempt } from './queue-model.ts';

// The shapes the emulator's parts need of each other. This file imports only the core and plain
// models, never a service, so any module may depend on it; index.ts wires the real services in.

/** Device states as Asterisk names them (device-state.ts holds their numeric codes). */
export type DeviceStateName =
  'UNKNOWN' | 'NOT_INUSE' | 'INUSE' | 'BUSY' | 'INVALID' | 'UNAVAILABLE' | 'RINGING' | 'RINGINUSE' | 'ONHOLD';

/** Device states of the endpoints and the queue pseudo-devices (device-state.ts). */
export interface DevicePort {
  isEndpoint(name: string): boolean;
  isRegistered(name: string): boolean;
  of(device: string): DeviceStateName;
  code(device: string): number;
  /** Recompute an endpoint's state from its live channels. */
  update(endpoint: string): void;
  setRegistered(endpoint: string, on: boolean): void;
  set(device: string, state: DeviceStateName): void;
  /** Hold back the queue members' updates until release() (app_queue's order around a connect). */
  hold(): void;
  release(): void;
}

/** app_queue (queue-engine.ts), as the dialplan, the AMI actions and the queue helpers use it. */
export interface QueuePort {
  readonly queues: ReadonlyMap<string, Queue>;
  get(name: string): Queue | undefined;
  /** Emulated milliseconds since a real timestamp. */
  since(realMs: number): number;
  /** Queue(name,c): false if there is no such queue. */
  join(ch: Channel, name: string, next: () => void): boolean;
  /** Take a caller out of the waiting list; returns its old position. */
  leave(c: QueueCaller): number;
  /** A ringing member picked up. */
  connect(a: RingAttempt): void;
  callerOf(channelId: string): QueueCaller | undefined;
  forget(channelId: string): void;
  /** Redirect out of Queue(). */
  withdraw(c: QueueCaller): void;
  /** Let waiting callers ring free members (on the next tick). */
  kick(): void;
  /** Every membership of an interface, across queues. */
  allMembers(iface: string): Member[];
}

/** A dialplan location to go to (AMI Redirect, ARI continue). */
export interface RedirectTarget {
  context: string;
  exten: string;
  priority: number;
}

/** The Stasis() application (stasis.ts). */
export interface StasisPort {
  enter(ch: Channel, app: string, args: string[], next: () => void): void;
  inStasis(ch: Channel): boolean;
  continue(ch: Channel, target?: RedirectTarget): void;
  /** AMI Redirect out of Stasis. */
  detach(ch: Channel): void;
  channelsOf(app: string): string[];
}

/** The PBX as every feature sees it: the core (pbx.ts) and the services index.ts builds on it. */
export interface Pbx extends PbxCore {
  readonly devices: DevicePort;
  readonly queues: QueuePort;
  readonly stasis: StasisPort;
}
