import { interfaceOfChannel } from './core-channels.ts';
import type { RingAttempt } from './cti-events.ts';
import type { TelephonyEvent } from './telephony-events.ts';
import type { TrackerCore } from './tracker-core.ts';

export type TransferEvent = Extract<
  TelephonyEvent,
  { type: 'hold' | 'unhold' | 'dial-begin' | 'dial-end' | 'blind-transfer' | 'attended-transfer' }
>;
type Of<T extends TransferEvent['type']> = Extract<TransferEvent, { type: T }>;

const TYPES = new Set<string>(['hold', 'unhold', 'dial-begin', 'dial-end', 'blind-transfer', 'attended-transfer']);
export const isTransferEvent = (e: TelephonyEvent): e is TransferEvent => TYPES.has(e.type);

/**
 * Hold, transfers and Dial legs. The call follows whoever talks with the caller: a blind transfer
 * to a queue ends the leg (AgentComplete transfer) and the next AgentConnect starts the new one;
 * a blind transfer to a phone shows as Dial from the caller's channel; an attended transfer hands
 * the caller to the consultation's target at once (Asterisk sends no AgentConnect for it).
 */
export function handleTransferEvent(t: TrackerCore, e: TransferEvent): void {
  switch (e.type) {
    case 'hold':
    case 'unhold':
      return holdChanged(t, e);
    case 'dial-begin':
      return dialBegan(t, e);
    case 'dial-end':
      return dialEnded(t, e);
    case 'blind-transfer':
      return blindTransferred(t, e);
    case 'attended-transfer':
      return attendedTransferred(t, e);
  }
}

function holdChanged(t: TrackerCore, e: Of<'hold' | 'unhold'>): void {
  const c = t.get(e.serverId, e.linkedid);
  if (!c) return;
  if (e.type === 'hold') t.legs.hold(c, e.at);
  else t.legs.unhold(c, e.at);
}

function dialBegan(t: TrackerCore, e: Of<'dial-begin'>): void {
  const c = t.get(e.serverId, e.linkedid);
  // Only Dial run by the caller's own channel; queue members ring through AgentCalled first.
  if (!c || e.uniqueid !== c.linkedid || c.phase === 'queued' || c.phase === 'ringing') return;
  if (c.rings.some((r) => r.agentChannel === e.destChannel)) return;
  t.startRing(c, {
    interface: interfaceOfChannel(e.destChannel),
    memberName: e.destCallerName,
    channel: e.destChannel,
    via: 'dial',
    at: e.at,
  });
}

function dialEnded(t: TrackerCore, e: Of<'dial-end'>): void {
  const c = t.get(e.serverId, e.linkedid);
  const ring = c?.rings.find((r) => r.agentChannel === e.destChannel && r.via === 'dial' && r.outcome === 'ringing');
  if (!c || !ring) return;
  if (e.status === 'ANSWER') {
    t.answer(c, {
      interface: ring.interface,
      memberName: e.destCallerName || ring.memberName,
      channel: e.destChannel,
      via: 'dial',
      at: e.at,
    });
    return;
  }
  t.endRing(c, (r) => r === ring, e.status === 'NOANSWER' || e.status === 'BUSY' ? 'no-answer' : 'cancelled', e.at);
  if (c.phase === 'ringing' && !c.rings.some((r) => r.outcome === 'ringing')) c.phase = 'after-agent';
}

function blindTransferred(t: TrackerCore, e: Of<'blind-transfer'>): void {
  const c = t.get(e.serverId, e.linkedid) ?? t.get(e.serverId, e.transfereeLinkedid);
  if (!c || e.result !== 'Success') return;
  c.transfers++;
  c.endReason = 'transferred';
  t.legs.unhold(c, e.at);
  // A leg that came by Dial gets no AgentComplete: it ends here.
  const leg = t.legs.current(c);
  if (leg && leg.via !== 'queue') t.completeLeg(c, leg.channel, e.at, 'transfer');
}

function attendedTransferred(t: TrackerCore, e: Of<'attended-transfer'>): void {
  const c =
    t.get(e.serverId, e.origLinkedid) ?? t.get(e.serverId, e.transfereeLinkedid) ?? t.get(e.serverId, e.secondLinkedid);
  if (!c || e.result !== 'Success' || !e.targetChannel) return;
  c.transfers++;
  const leg = t.legs.current(c);
  // A queue leg is closed by app_queue's AgentComplete (transfer), which follows; others now.
  if (leg && leg.via !== 'queue') t.completeLeg(c, leg.channel, e.at, 'transfer');
  else t.legs.detach(c, e.at);
  const ring: RingAttempt = {
    interface: interfaceOfChannel(e.targetChannel),
    memberName: e.targetCallerName,
    agentChannel: e.targetChannel,
    startedAt: e.at,
    endedAt: null,
    outcome: 'ringing',
    via: 'transfer',
  };
  c.rings.push(ring);
  // The colleague's desk gets its screen-pop as the call is handed over.
  t.bus.emit('call:ringing', c, ring);
  t.answer(c, {
    interface: ring.interface,
    memberName: ring.memberName,
    channel: e.targetChannel,
    via: 'transfer',
    at: e.at,
  });
}
