import type { Channel } from './channel.ts';
import type { Pbx } from './ports.ts';
import type { Member, Queue } from './queue-model.ts';

/** setinterfacevar = yes: MEMBERINTERFACE, MEMBERNAME, … on a channel. */
export function setMemberVars(pbx: Pbx, ch: Channel, m: Member): void {
  pbx.setVar(ch, 'MEMBERINTERFACE', m.iface);
  pbx.setVar(ch, 'MEMBERNAME', m.name);
  pbx.setVar(ch, 'MEMBERCALLS', String(m.callsTaken));
  pbx.setVar(ch, 'MEMBERLASTCALL', String(m.lastCall));
  pbx.setVar(ch, 'MEMBERPENALTY', String(m.penalty));
  pbx.setVar(ch, 'MEMBERDYNAMIC', m.membership === 'dynamic' ? '1' : '0');
  pbx.setVar(ch, 'MEMBERREALTIME', '0');
}

/** setqueueentryvar = yes. */
export function setEntryVars(pbx: Pbx, ch: Channel, holdSec: number, originalPos: number): void {
  pbx.setVar(ch, 'QEHOLDTIME', String(holdSec));
  pbx.setVar(ch, 'QEORIGINALPOS', String(originalPos));
}

/** setqueuevar = yes: the queue's counters as they are now. */
export function setQueueVars(pbx: Pbx, ch: Channel, q: Queue): void {
  pbx.setVar(ch, 'QUEUENAME', q.cfg.name);
  pbx.setVar(ch, 'QUEUEMAX', '0');
  pbx.setVar(ch, 'QUEUESTRATEGY', q.cfg.strategy);
  pbx.setVar(ch, 'QUEUECALLS', String(q.callers.length));
  pbx.setVar(ch, 'QUEUEHOLDTIME', String(q.holdtime));
  pbx.setVar(ch, 'QUEUETALKTIME', String(q.talktime));
  pbx.setVar(ch, 'QUEUECOMPLETED', String(q.completed));
  pbx.setVar(ch, 'QUEUEABANDONED', String(q.abandoned));
  pbx.setVar(ch, 'QUEUESRVLEVEL', '0');
  pbx.setVar(ch, 'QUEUESRVLEVELPERF', '0.0');
}

/** Timing variables Queue() sets when it returns; `null` clears them (at Queue() start). */
export function setTimingVars(pbx: Pbx, ch: Channel, answeredMs: number | null, dialedMs: number | null): void {
  const s = (ms: number | null): string => (ms === null ? '' : String(Math.floor(ms / 1000)));
  const m = (ms: number | null): string => (ms === null ? '' : String(Math.round(ms)));
  pbx.setVar(ch, 'ANSWEREDTIME', s(answeredMs));
  pbx.setVar(ch, 'ANSWEREDTIME_MS', m(answeredMs));
  pbx.setVar(ch, 'DIALEDTIME', s(dialedMs));
  pbx.setVar(ch, 'DIALEDTIME_MS', m(dialedMs));
}

export function setWaitVars(pbx: Pbx, ch: Channel, waitMs: number | null): void {
  pbx.setVar(ch, 'QUEUEWAIT', waitMs === null ? '' : String(Math.floor(waitMs / 1000)));
  pbx.setVar(ch, 'QUEUEWAIT_MS', waitMs === null ? '' : String(Math.round(waitMs)));
}
