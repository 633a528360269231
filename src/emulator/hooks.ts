import { EventEmitter } from 'node:events';
import type { Channel } from './channel.ts';

/**
 * Internal notifications inside the emulator. Demo traffic listens here to play the citizen and
 * the operators; nothing outside the emulator depends on them.
 */
export interface PbxHookMap {
  /** A channel entered a Stasis app (args as in StasisStart). */
  'stasis-start': [ch: Channel, app: string, args: string[]];
  /** A playback on a channel ended by itself (not stopped). */
  'playback-finished': [ch: Channel, playbackId: string];
  /** An operator phone started ringing for a queue caller or an Originate. */
  'endpoint-ringing': [endpoint: string, ch: Channel];
  /** A queue call was bridged to an operator. */
  'agent-connected': [endpoint: string, agent: Channel, caller: Channel];
  'channel-destroyed': [ch: Channel];
  /** reset/restart dropped every channel without events. */
  reset: [];
}

export class PbxHooks extends EventEmitter<PbxHookMap> {
  constructor() {
    super();
    // One listener pair per live ChanSpy session; a busy supervisor room can have many.
    this.setMaxListeners(200);
  }
}
