import type { Pbx, QueuePort } from './ports.ts';
import { memberEventFields, type Member, type Queue } from './queue-model.ts';
import { epochSec } from './time-format.ts';

export interface AddMemberInput {
  queue: string;
  iface: string;
  name?: string;
  stateInterface?: string;
  paused?: boolean;
  reason?: string;
  penalty?: number;
}

export type AddResult = 'ok' | 'exists' | 'noqueue';
export type RemoveResult = 'ok' | 'notthere' | 'noqueue';

function memberEvent(pbx: Pbx, name: string, m: Member): void {
  pbx.ami.event(name, 'agent,all', memberEventFields(m));
}

/** `Queue:q137_avail`: INUSE when no member could take a call, NOT_INUSE when one could. */
export function updateAvail(pbx: Pbx, q: Queue): void {
  const any = q.members.some((m) => !m.paused && (m.status === 1 || m.status === 0));
  const state = any ? 'NOT_INUSE' : 'INUSE';
  if ((q.availState ?? 'INUSE') === state) return;
  q.availState = state;
  pbx.devices.set(`Queue:${q.cfg.name}_avail`, state);
}

function pauseDevice(pbx: Pbx, m: Member): void {
  pbx.devices.set(`Queue:${m.queue}_pause_${m.iface}`, m.paused ? 'INUSE' : 'NOT_INUSE');
}

/** QueueAdd: a dynamic member, status from its device right away. */
export function addMember(pbx: Pbx, engine: QueuePort, input: AddMemberInput): AddResult {
  const q = engine.get(input.queue);
  if (!q) return 'noqueue';
  if (q.members.some((m) => m.iface === input.iface)) return 'exists';
  const stateInterface = input.stateInterface || input.iface;
  const shared = engine.allMembers(input.iface)[0];
  const m: Member = {
    queue: q.cfg.name,
    iface: input.iface,
    name: input.name || input.iface,
    stateInterface,
    membership: 'dynamic',
    penalty: input.penalty ?? 0,
    paused: input.paused ?? false,
    // add_to_queue copies QueueAdd's Reason whether or not the member is paused.
    pausedReason: input.reason ?? '',
    lastPause: input.paused ? epochSec() : 0,
    loginTime: epochSec(),
    inCall: false,
    status: pbx.devices.code(stateInterface),
    // shared_lastcall = yes: a phone's call count and last call follow it across queues.
    callsTaken: shared?.callsTaken ?? 0,
    lastCall: shared?.lastCall ?? 0,
    wrapupUntil: shared?.wrapupUntil ?? 0,
  };
  q.members.push(m);
  pauseDevice(pbx, m);
  memberEvent(pbx, 'QueueMemberAdded', m);
  updateAvail(pbx, q);
  engine.kick();
  return 'ok';
}

export function removeMember(pbx: Pbx, engine: QueuePort, queue: string, iface: string): RemoveResult {
  const q = engine.get(queue);
  if (!q) return 'noqueue';
  const idx = q.members.findIndex((m) => m.iface === iface);
  if (idx === -1) return 'notthere';
  const [m] = q.members.splice(idx, 1);
  if (q.rrpos >= idx) q.rrpos--;
  memberEvent(pbx, 'QueueMemberRemoved', m!);
  updateAvail(pbx, q);
  return 'ok';
}

/** Members QueuePause would touch; empty means `Interface not found`. */
export function findForPause(engine: QueuePort, iface: string, queue?: string): Member[] {
  return engine.allMembers(iface).filter((m) => !queue || m.queue === queue);
}

/**
 * set_queue_member_pause: a pause with no reason clears the old one; an unpause with a reason
 * shows it in its QueueMemberPause only, then the member has none. A paused member is never
 * rung (also one paused while in a call: it stays out of the queue once the call ends).
 */
export function pauseMembers(pbx: Pbx, engine: QueuePort, members: Member[], paused: boolean, reason: string): void {
  for (const m of members) {
    m.paused = paused;
    m.pausedReason = reason;
    if (paused) m.lastPause = epochSec();
    pauseDevice(pbx, m);
    const q = engine.get(m.queue);
    if (q) updateAvail(pbx, q);
    memberEvent(pbx, 'QueueMemberPause', m);
    if (!paused) m.pausedReason = '';
  }
  if (!paused) engine.kick();
}

/** A device changed state: QueueMemberStatus for each membership that watches it. */
export function notifyMemberDevice(pbx: Pbx, engine: QueuePort, device: string): void {
  const code = pbx.devices.code(device);
  for (const q of engine.queues.values()) {
    let touched = false;
    for (const m of q.members) {
      if (m.stateInterface !== device) continue;
      m.status = code;
      memberEvent(pbx, 'QueueMemberStatus', m);
      touched = true;
    }
    if (touched) updateAvail(pbx, q);
  }
}
