import { CallLegs } from './call-legs.ts';
import { handleQueueCallEvent, isQueueCallEvent } from './call-queue-events.ts';
import { handleTransferEvent, isTransferEvent } from './call-transfers.ts';
import type { CtiBus, LiveCall, RingAttempt } from './cti-events.ts';
import { toMemberChange } from './member-change.ts';
import type { TelephonyEvent } from './telephony-events.ts';
import { callKey, newLiveCall, type ChannelFacts, type LegStart, type TrackerCore } from './tracker-core.ts';

/** AST_SOFTHANGUP_SHUTDOWN (include/asterisk/channel.h): only ast_softhangup_all() sets it. */
const AST_SOFTHANGUP_SHUTDOWN = 4;

/**
 * How a call lost to an Asterisk shutdown ends: `pbx-restart`, unless it had already come to an
 * end of its own (the operator had hung up and the caller was in the survey, or Queue() had timed out).
 */
function restartReason(c: LiveCall): string {
  return c.endReason === null || c.endReason === 'transferred' ? 'pbx-restart' : c.endReason;
}

export interface CallTrackerOptions {
  /** Dialled numbers that make a new channel a citizen's call (default ['137']). */
  serviceNumbers: string[];
}

/**
 * Live calls, driven only by telephony events. Pure state: no I/O, so the AMI hot path stays
 * cheap and every transition is unit-testable by replaying transcripts. Events of different
 * channels arrive in no fixed order (see the transcripts' README), so each handler tolerates
 * missing predecessors: a call first seen in a queue is created there.
 */
export class CallTracker implements TrackerCore {
  private readonly calls = new Map<string, LiveCall>();
  private readonly services: Set<string>;
  /** Calls whose caller channel was asked to hang up (HangupRequest/SoftHangupRequest). */
  private readonly asked = new Set<string>();
  /** Calls Asterisk is hanging up because it shuts down or restarts (SoftHangupRequest Cause 4). */
  private readonly shutdown = new Set<string>();
  readonly legs = new CallLegs();

  constructor(
    readonly bus: CtiBus,
    opts: CallTrackerOptions,
  ) {
    this.services = new Set(opts.serviceNumbers);
  }

  get(serverId: string, linkedid: string): LiveCall | undefined {
    return this.calls.get(callKey(serverId, linkedid));
  }

  active(): LiveCall[] {
    return [...this.calls.values()];
  }

  /**
   * The IVR saw a caller enter Stasis(welcome): track it even if it dialled a number that is not
   * in serviceNumbers (a DID routed to 137), so its menu choice is not lost.
   */
  trackInbound(e: {
    serverId: string;
    channel: string;
    uniqueid: string;
    callerNum: string;
    callerName: string;
    at: number;
  }): void {
    this.ensure({ ...e, linkedid: e.uniqueid }, e.at);
  }

  /** The IVR tells us what the caller chose (1 new request, 2 status, 9 hazard). */
  setIvrChoice(serverId: string, linkedid: string, choice: string, hazard: boolean): void {
    const c = this.get(serverId, linkedid);
    if (!c) return;
    c.ivrChoice = choice;
    c.hazard = c.hazard || hazard;
  }

  /**
   * Asterisk restarted: every channel it had is gone without a single event. End those calls
   * (`pbx-restart`, or what they had already come to, e.g. an operator who had hung up). Only the
   * calls `lost` says, when given: calls that began on the new Asterisk are left alone.
   */
  dropServer(serverId: string, at: number, lost?: (c: LiveCall) => boolean): LiveCall[] {
    const gone: LiveCall[] = [];
    for (const c of [...this.calls.values()]) {
      if (c.serverId !== serverId || (lost && !lost(c))) continue;
      this.finish(c, at, restartReason(c));
      gone.push(c);
    }
    return gone;
  }

  handle(e: TelephonyEvent): void {
    if (isTransferEvent(e)) return handleTransferEvent(this, e);
    if (isQueueCallEvent(e)) return handleQueueCallEvent(this, e);
    switch (e.type) {
      case 'channel-new':
        if (e.uniqueid === e.linkedid && this.services.has(e.exten)) this.ensure(e, e.at);
        return;
      case 'hangup-request':
        return this.hangupRequested(e);
      case 'channel-hangup':
        return this.channelHungUp(e);
      case 'member-status':
      case 'member-pause':
      case 'member-added':
      case 'member-removed':
        this.bus.emit('member:changed', toMemberChange(e));
        return;
      case 'fully-booted':
        this.bus.emit('pbx:booted', { serverId: e.serverId });
        return;
      case 'pbx-shutdown':
        // Sent once every channel is gone: a call still held here missed its Hangup.
        this.dropServer(e.serverId, e.at);
        return;
      default:
        return;
    }
  }

  hangupAsked(key: string): boolean {
    return this.asked.has(key);
  }

  shuttingDown(key: string): boolean {
    return this.shutdown.has(key);
  }

  private hangupRequested(e: Extract<TelephonyEvent, { type: 'hangup-request' }>): void {
    const key = callKey(e.serverId, e.linkedid);
    if (!this.calls.has(key)) return;
    if (e.uniqueid === e.linkedid) this.asked.add(key);
    // AST_SOFTHANGUP_SHUTDOWN, on any of the call's channels (the operator's leg may come first):
    // what follows (QueueCallerAbandon, AgentComplete, Hangup) is Asterisk going away, not a person.
    if (e.soft && e.cause === AST_SOFTHANGUP_SHUTDOWN) this.shutdown.add(key);
  }

  private channelHungUp(e: Extract<TelephonyEvent, { type: 'channel-hangup' }>): void {
    const c = this.get(e.serverId, e.linkedid);
    if (!c) return;
    const down = this.shutdown.has(c.key);
    if (e.uniqueid === c.linkedid) {
      const reason = down
        ? restartReason(c)
        : (c.endReason ?? (c.answeredAt ? 'completed' : c.queue ? 'abandoned' : 'ivr-hangup'));
      this.finish(c, e.at, reason);
    } else if (e.channel === c.agentChannel && this.legs.via(c, e.channel) !== 'queue') {
      // The operator of a Dial or handed-over leg hung up: no AgentComplete will say so.
      this.completeLeg(c, e.channel, e.at, down ? 'pbx-restart' : 'agent');
    } else {
      // An operator leg hung up: if it was still ringing, that ring is over.
      this.endRing(c, (r) => r.agentChannel === e.channel && r.outcome === 'ringing', 'cancelled', e.at);
    }
  }

  ensure(e: ChannelFacts, at: number): LiveCall {
    const key = callKey(e.serverId, e.linkedid);
    let c = this.calls.get(key);
    if (c) return c;
    c = newLiveCall(e, at);
    this.calls.set(key, c);
    this.bus.emit('call:started', c);
    return c;
  }

  answer(c: LiveCall, a: LegStart): void {
    for (const r of c.rings) {
      if (r.outcome === 'ringing' && r.agentChannel === a.channel) {
        r.outcome = 'answered';
        r.endedAt = a.at;
      }
    }
    if (!c.rings.some((r) => r.agentChannel === a.channel)) {
      c.rings.push({
        interface: a.interface,
        memberName: a.memberName,
        agentChannel: a.channel,
        startedAt: a.at,
        endedAt: a.at,
        outcome: 'answered',
        via: a.via,
      });
    }
    // ringall: the others stop ringing now.
    this.endRing(c, (r) => r.outcome === 'ringing', 'cancelled', a.at);
    c.phase = 'talking';
    c.memberInterface = a.interface;
    c.memberName = a.memberName;
    // After a transfer the call follows the new operator: it is no longer "transferred away".
    if (c.endReason === 'transferred') c.endReason = null;
    c.answeredAt ??= a.at;
    this.legs.start(c, a.channel, a.via, a.at);
    this.bus.emit('call:answered', c);
  }

  completeLeg(c: LiveCall, channel: string, at: number, reason: string): void {
    const iface = c.rings.find((r) => r.agentChannel === channel)?.interface ?? c.memberInterface ?? '';
    const current = c.agentChannel === channel;
    c.talkSeconds = (c.talkSeconds ?? 0) + this.legs.end(c, channel, at);
    if (current) {
      c.phase = 'after-agent';
      c.agentEndedAt = at;
      if (reason === 'agent') c.endReason = 'agent-hangup';
      if (reason === 'pbx-restart') c.endReason = 'pbx-restart';
    }
    this.bus.emit('call:agent-completed', c, { reason, interface: iface });
  }

  startRing(c: LiveCall, r: LegStart): void {
    const ring: RingAttempt = {
      interface: r.interface,
      memberName: r.memberName,
      agentChannel: r.channel,
      startedAt: r.at,
      endedAt: null,
      outcome: 'ringing',
      via: r.via,
      ...(r.rebuilt ? { rebuilt: true } : {}),
    };
    c.rings.push(ring);
    if (c.phase !== 'talking') c.phase = 'ringing';
    this.bus.emit('call:ringing', c, ring);
  }

  endRing(c: LiveCall, match: (r: RingAttempt) => boolean, outcome: RingAttempt['outcome'], at: number): void {
    for (const r of c.rings) {
      if (r.outcome === 'ringing' && match(r)) {
        r.outcome = outcome;
        r.endedAt = at;
        this.bus.emit('call:ring-ended', c, r);
      }
    }
  }

  private finish(c: LiveCall, at: number, reason: string): void {
    this.endRing(c, (r) => r.outcome === 'ringing', 'cancelled', at);
    // The caller hung up on an operator reached by Dial or handed over: that leg's talk ends too.
    // Asterisk restarted mid-conversation: no AgentComplete will come either, the leg ends now.
    if (c.agentChannel && (reason === 'pbx-restart' || this.legs.via(c, c.agentChannel) !== 'queue')) {
      c.talkSeconds = (c.talkSeconds ?? 0) + this.legs.end(c, c.agentChannel, at);
      if (reason !== 'pbx-restart') reason = c.endReason ?? 'caller-hangup';
    }
    this.legs.unhold(c, at);
    this.legs.forget(c.key);
    this.asked.delete(c.key);
    this.shutdown.delete(c.key);
    c.phase = 'ended';
    c.endedAt = at;
    c.endReason = reason;
    if (c.waitSeconds === null && c.queuedAt !== null) c.waitSeconds = Math.round((at - c.queuedAt) / 1000);
    this.calls.delete(c.key);
    this.bus.emit('call:ended', c);
  }
}
