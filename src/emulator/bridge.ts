import type { Fields } from './channel.ts';
import { ariTime } from './time-format.ts';

/** A basic two-party bridge as app_queue builds one. */
export interface Bridge {
  id: string;
  /** `simple_bridge` while being set up, `native_rtp` once media flows (as the transcripts show). */
  technology: 'simple_bridge' | 'native_rtp';
  channelIds: string[];
  createdAt: number;
}

export function amiBridgeFields(b: Bridge): Fields {
  return [
    ['BridgeUniqueid', b.id],
    ['BridgeType', 'basic'],
    ['BridgeTechnology', b.technology],
    ['BridgeCreator', '<unknown>'],
    ['BridgeName', '<unknown>'],
    ['BridgeNumChannels', String(b.channelIds.length)],
    ['BridgeVideoSourceMode', 'none'],
  ];
}

/** ARI Bridge model. */
export function ariBridgeJson(b: Bridge): object {
  return {
    id: b.id,
    technology: b.technology,
    bridge_type: 'mixing',
    bridge_class: 'basic',
    creator: '',
    name: '',
    channels: [...b.channelIds],
    creationtime: ariTime(b.createdAt),
    video_mode: 'none',
  };
}
