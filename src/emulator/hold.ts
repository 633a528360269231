import type { Channel } from './channel.ts';
import type { Pbx } from './ports.ts';

const onHold = new WeakSet<Channel>();

export function isOnHold(ch: Channel): boolean {
  return onHold.has(ch);
}

/**
 * The operator's phone puts its call on hold (a re-INVITE with sendonly): chan_pjsip raises Hold
 * on the operator's own channel (with the suggested MusicClass), and the bridge plays music to
 * the other side, so MusicOnHoldStart is on the caller. Returns an error message or undefined.
 */
export function hold(pbx: Pbx, ch: Channel): string | undefined {
  if (onHold.has(ch)) return `${ch.name} is already on hold`;
  const peer = pbx.bridgePeer(ch);
  if (!peer) return `${ch.name} is not talking to anyone`;
  onHold.add(ch);
  pbx.chanEvent('Hold', 'call,all', ch, [['MusicClass', 'default']]);
  pbx.ari.channelEvent(ch, 'ChannelHold', {}, { musicclass: 'default' });
  pbx.chanEvent('MusicOnHoldStart', 'call,all', peer, [['Class', 'default']]);
  return undefined;
}

/** Unhold (a re-INVITE with sendrecv): Unhold has the channel block only; the music stops on the peer. */
export function unhold(pbx: Pbx, ch: Channel): string | undefined {
  if (!onHold.has(ch)) return `${ch.name} is not on hold`;
  onHold.delete(ch);
  pbx.chanEvent('Unhold', 'call,all', ch);
  pbx.ari.channelEvent(ch, 'ChannelUnhold');
  const peer = pbx.bridgePeer(ch);
  if (peer) pbx.chanEvent('MusicOnHoldStop', 'call,all', peer);
  return undefined;
}

/** The held leg leaves the call (transfer, hangup): the music on the peer stops without an Unhold. */
export function dropHold(pbx: Pbx, ch: Channel, peer: Channel | undefined): void {
  if (!onHold.delete(ch)) return;
  if (peer && !peer.destroyed) pbx.chanEvent('MusicOnHoldStop', 'call,all', peer);
}
