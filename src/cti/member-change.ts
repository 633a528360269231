import type { MemberChange } from './cti-events.ts';
import type { TelephonyEvent } from './telephony-events.ts';

export type MemberEvent = Extract<
  TelephonyEvent,
  { type: 'member-status' | 'member-pause' | 'member-added' | 'member-removed' }
>;

/** A queue member event as the bus tells it: each kind carries only what Asterisk put in it. */
export function toMemberChange(e: MemberEvent): MemberChange {
  const who = { serverId: e.serverId, queue: e.queue, interface: e.interface, memberName: e.memberName };
  switch (e.type) {
    case 'member-status':
      return {
        ...who,
        status: e.status,
        paused: e.paused,
        reason: e.pausedReason,
        inCall: e.inCall,
        facts: e.facts,
      };
    case 'member-pause':
      return { ...who, paused: e.paused, reason: e.reason };
    case 'member-added':
      return { ...who, paused: e.paused, reason: e.pausedReason, status: e.status, facts: e.facts };
    case 'member-removed':
      return { ...who, removed: true };
  }
}
