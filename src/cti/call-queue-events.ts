import type { TelephonyEvent } from './telephony-events.ts';
import type { TrackerCore } from './tracker-core.ts';

// A caller's way through app_queue: join, the members' phones ringing, the answer, the end of the
// operator's leg, or the caller giving up. Each handler tolerates a missing predecessor (events of
// different channels arrive in no fixed order): a call first seen in a queue is created there.

export type QueueCallEvent = Extract<
  TelephonyEvent,
  {
    type:
      | 'queue-join'
      | 'queue-leave'
      | 'agent-called'
      | 'agent-ring-no-answer'
      | 'agent-connect'
      | 'agent-complete'
      | 'queue-abandon';
  }
>;
type Of<T extends QueueCallEvent['type']> = Extract<QueueCallEvent, { type: T }>;

const TYPES = new Set<string>([
  'queue-join',
  'queue-leave',
  'agent-called',
  'agent-ring-no-answer',
  'agent-connect',
  'agent-complete',
  'queue-abandon',
]);
export const isQueueCallEvent = (e: TelephonyEvent): e is QueueCallEvent => TYPES.has(e.type);

export function handleQueueCallEvent(t: TrackerCore, e: QueueCallEvent): void {
  switch (e.type) {
    case 'queue-join':
      return joined(t, e);
    case 'queue-leave': {
      const c = t.get(e.serverId, e.linkedid);
      if (c) c.position = null;
      return;
    }
    case 'agent-called': {
      const c = t.ensure(e, e.at);
      c.queue ??= e.queue;
      t.startRing(c, {
        interface: e.interface,
        memberName: e.memberName,
        channel: e.destChannel,
        via: 'queue',
        at: e.at,
        ...(e.rebuilt ? { rebuilt: true } : {}),
      });
      return;
    }
    case 'agent-ring-no-answer':
      return ringNotAnswered(t, e);
    case 'agent-connect':
      return connected(t, e);
    case 'agent-complete':
      return completed(t, e);
    case 'queue-abandon':
      return abandoned(t, e);
  }
}

function joined(t: TrackerCore, e: Of<'queue-join'>): void {
  const c = t.ensure(e, e.at);
  c.phase = 'queued';
  c.queue = e.queue;
  c.queuedAt = e.at;
  c.position = e.position;
  t.bus.emit('call:queued', c);
}

function ringNotAnswered(t: TrackerCore, e: Of<'agent-ring-no-answer'>): void {
  const c = t.get(e.serverId, e.linkedid);
  if (!c) return;
  t.endRing(
    c,
    (r) => r.agentChannel === e.destChannel || (r.interface === e.interface && r.outcome === 'ringing'),
    'no-answer',
    e.at,
  );
  if (c.phase === 'ringing' && !c.rings.some((r) => r.outcome === 'ringing')) c.phase = 'queued';
}

function connected(t: TrackerCore, e: Of<'agent-connect'>): void {
  const c = t.ensure(e, e.at);
  c.queue = e.queue || c.queue;
  c.waitSeconds ??= e.holdTime;
  t.answer(c, { interface: e.interface, memberName: e.memberName, channel: e.destChannel, via: 'queue', at: e.at });
}

function completed(t: TrackerCore, e: Of<'agent-complete'>): void {
  const c = t.get(e.serverId, e.linkedid);
  if (!c) return;
  // After an attended transfer the first operator's AgentComplete comes once the call has
  // moved on: it closes that operator's leg only, the call stays with the new one.
  const current = !c.agentChannel || !e.destChannel || c.agentChannel === e.destChannel;
  // Asterisk hung both legs up to shut down: nobody ended this conversation, nothing to wrap up.
  const reason = t.shuttingDown(c.key) ? 'pbx-restart' : e.reason;
  c.talkSeconds = (c.talkSeconds ?? 0) + t.legs.end(c, e.destChannel, e.at, e.talkTime);
  if (current) {
    c.phase = 'after-agent';
    c.agentEndedAt = e.at;
    c.memberInterface = e.interface || c.memberInterface;
    c.memberName = e.memberName || c.memberName;
    c.endReason =
      reason === 'pbx-restart'
        ? reason
        : reason === 'caller'
          ? 'caller-hangup'
          : reason === 'transfer'
            ? 'transferred'
            : 'agent-hangup';
  }
  t.bus.emit('call:agent-completed', c, { reason, interface: e.interface });
}

function abandoned(t: TrackerCore, e: Of<'queue-abandon'>): void {
  const c = t.get(e.serverId, e.linkedid);
  if (!c) return;
  // app_queue sends QueueCallerAbandon when the caller hangs up, and also when Queue()'s
  // timeout expires (record_abandoned on QUEUE_TIMEOUT) — then the caller is still up and
  // the dialplan goes on. Only a caller whose channel was asked to hang up abandoned.
  // A caller Asterisk hung up to shut down did not give up: the call was lost in the restart.
  c.endReason = t.shuttingDown(c.key) ? 'pbx-restart' : t.hangupAsked(c.key) ? 'abandoned' : 'timeout';
  // A timed-out caller is back in the dialplan, no longer waiting in the queue.
  if (c.endReason === 'timeout') c.phase = 'ivr';
  c.waitSeconds = e.holdTime;
  t.endRing(c, (r) => r.outcome === 'ringing', 'cancelled', e.at);
}
