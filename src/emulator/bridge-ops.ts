import { amiBridgeFields, type Bridge } from './bridge.ts';
import { amiChannelFields, type Channel } from './channel.ts';
import { uuid } from './ids.ts';
import type { Pbx } from './ports.ts';

// Basic two-party bridges for the flows outside app_queue (Dial, attended transfer). app_queue's
// own bridge keeps its exact event order in queue-bridge.ts.

export function bridgeEvent(pbx: Pbx, name: string, b: Bridge, ch?: Channel): void {
  pbx.ami.event(name, 'call,all', [...amiBridgeFields(b), ...(ch ? amiChannelFields(ch) : [])]);
}

/** BRIDGEPEER on both sides while two channels share a bridge, cleared when they part. */
function setPeers(pbx: Pbx, b: Bridge): void {
  const chans = b.channelIds.map((id) => pbx.channels.get(id)).filter((c): c is Channel => c !== undefined);
  for (const ch of chans) {
    const peer = chans.length === 2 ? chans.find((x) => x !== ch) : undefined;
    pbx.setVar(ch, 'BRIDGEPEER', peer?.name ?? '');
  }
}

export function openBridge(pbx: Pbx, chans: Channel[]): Bridge {
  const b: Bridge = { id: uuid(), technology: 'simple_bridge', channelIds: [], createdAt: Date.now() };
  pbx.bridges.set(b.id, b);
  bridgeEvent(pbx, 'BridgeCreate', b);
  for (const ch of chans) enterBridge(pbx, b, ch);
  b.technology = 'native_rtp';
  return b;
}

export function enterBridge(pbx: Pbx, b: Bridge, ch: Channel): void {
  b.channelIds.push(ch.id);
  ch.bridgeId = b.id;
  bridgeEvent(pbx, 'BridgeEnter', b, ch);
  if (b.channelIds.length === 2) setPeers(pbx, b);
}

/** The channel leaves; the last one out destroys the bridge. */
export function leaveBridge(pbx: Pbx, b: Bridge, ch: Channel): void {
  if (!b.channelIds.includes(ch.id)) return;
  if (b.channelIds.length === 2) {
    for (const id of b.channelIds) {
      const c = pbx.channels.get(id);
      if (c && !c.destroyed) pbx.setVar(c, 'BRIDGEPEER', '');
    }
  }
  b.channelIds = b.channelIds.filter((id) => id !== ch.id);
  ch.bridgeId = undefined;
  bridgeEvent(pbx, 'BridgeLeave', b, ch);
  if (b.channelIds.length === 0) {
    pbx.bridges.delete(b.id);
    bridgeEvent(pbx, 'BridgeDestroy', b);
  }
}

/** Everyone leaves, in the given order first. */
export function closeBridge(pbx: Pbx, b: Bridge, first?: Channel): void {
  const order = [...(first ? [first.id] : []), ...b.channelIds.filter((id) => id !== first?.id)];
  for (const id of order) {
    const ch = pbx.channels.get(id);
    if (ch) leaveBridge(pbx, b, ch);
  }
  if (pbx.bridges.has(b.id)) {
    b.channelIds = [];
    pbx.bridges.delete(b.id);
    bridgeEvent(pbx, 'BridgeDestroy', b);
  }
}
