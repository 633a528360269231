import type { CallLegs } from './call-legs.ts';
import { interfaceOfChannel } from './call-reconcile.ts';
import type { CtiBus, LiveCall, RingAttempt } from './cti-events.ts';
import type { TelephonyEvent } from './telephony-events.ts';

/** What the hold/transfer/Dial handlers need from the tracker. */
export interface TrackerCore {
  readonly bus: CtiBus;
  readonly legs: CallLegs;
  get(serverId: string, linkedid: string): LiveCall | undefined;
  /** An operator now talks with the caller (AgentConnect, Dial answered, attended transfer). */
  answer(
    c: LiveCall,
    a: { interface: string; memberName: string; channel: string; via: NonNullable<RingAttempt['via']>; at: number },
  ): void;
  startRing(
    c: LiveCall,
    r: { interface: string; memberName: string; channel: string; via: NonNullable<RingAttempt['via']>; at: number },
  ): void;
  endRing(c: LiveCall, match: (r: RingAttempt) => boolean, outcome: RingAttempt['outcome'], at: number): void;
  /** A leg with no AgentComplete (Dial, handed over) ended by the operator's hangup or a transfer. */
  completeLeg(c: LiveCall, channel: string, at: number, reason: string): void;
}

export type TransferEvent = Extract<
  TelephonyEvent,
  { type: 'hold' | 'unhold' | 'dial-begin' | 'dial-end' | 'blind-transfer' | 'attended-transfer' }
>;

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
    case 'unhold': {
      const c = t.get(e.serverId, e.linkedid);
      if (!c) return;
      if (e.type === 'hold') t.legs.hold(c, e.at);
      else t.legs.unhold(c, e.at);
      return;
    }
    case 'dial-begin': {
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
      return;
    }
    case 'dial-end': {
      const c = t.get(e.serverId, e.linkedid);
      const ring = c?.rings.find(
        (r) => r.agentChannel === e.destChannel && r.via === 'dial' && r.outcome === 'ringing',
      );
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
      return;
    }
    case 'blind-transfer': {
      const c = t.get(e.serverId, e.linkedid) ?? t.get(e.serverId, e.transfereeLinkedid);
      if (!c || e.result !== 'Success') return;
      c.transfers++;
      c.endReason = 'transferred';
      t.legs.unhold(c, e.at);
      // A leg that came by Dial gets no AgentComplete: it ends here.
      const leg = t.legs.current(c);
      if (leg && leg.via !== 'queue') t.completeLeg(c, leg.channel, e.at, 'transfer');
      return;
    }
    case 'attended-transfer': {
      const c =
        t.get(e.serverId, e.origLinkedid) ??
        t.get(e.serverId, e.transfereeLinkedid) ??
        t.get(e.serverId, e.secondLinkedid);
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
      return;
    }
  }
}
