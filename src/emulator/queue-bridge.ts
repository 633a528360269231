import type { Bridge } from './bridge.ts';
import { bridgeEvent } from './bridge-ops.ts';
import { cdrSplit } from './cdr.ts';
import { pairFields, type Channel, type HangupRequest } from './channel.ts';
import { uuid } from './ids.ts';
import type { Pbx, QueuePort } from './ports.ts';
import { smooth, type QueueCaller, type RingAttempt } from './queue-model.ts';
import { cancelAttempts } from './queue-ring.ts';
import { setEntryVars, setMemberVars, setQueueVars, setTimingVars, setWaitVars } from './queue-vars.ts';
import { epochSec } from './time-format.ts';

function setPeers(pbx: Pbx, caller: Channel, agent: Channel, on: boolean): void {
  pbx.setVar(caller, 'BRIDGEPEER', on ? agent.name : '');
  pbx.setVar(caller, 'BRIDGEPVTCALLID', on ? agent.protocolId : '');
  pbx.setVar(agent, 'BRIDGEPEER', on ? caller.name : '');
  pbx.setVar(agent, 'BRIDGEPVTCALLID', on ? caller.protocolId : '');
}

/** The operator answered: the exact sequence of ami-queue-call.txt from DialEnd to the bridge. */
export function connectAttempt(pbx: Pbx, engine: QueuePort, a: RingAttempt): void {
  const c = a.caller;
  const q = c.queue;
  const { agent, member } = a;
  const caller = c.ch;
  a.timer?.cancel();
  cancelAttempts(pbx, c, 26, a);
  pbx.setState(agent, 6, true);
  pbx.ami.event('DialEnd', 'call,all', [...pairFields(caller, agent), ['DialStatus', 'ANSWER']]);
  pbx.devices.hold();
  pbx.devices.update(agent.endpoint);
  pbx.chanEvent('MusicOnHoldStop', 'call,all', caller);
  setMemberVars(pbx, caller, member);
  setMemberVars(pbx, agent, member);
  const holdMs = engine.since(c.joinedAt);
  const holdSec = Math.floor(holdMs / 1000);
  setEntryVars(pbx, caller, holdSec, c.originalPos);
  setEntryVars(pbx, agent, holdSec, c.originalPos);
  q.holdtime = smooth(q.holdtime, holdSec);
  setQueueVars(pbx, caller, q);
  setQueueVars(pbx, agent, q);
  const pos = engine.leave(c);
  pbx.setVar(caller, 'QUEUEPOSITION', String(pos));
  setWaitVars(pbx, caller, holdMs);
  pbx.ami.event('AgentConnect', 'agent,all', [
    ...pairFields(caller, agent),
    ['Queue', q.cfg.name],
    ['Interface', member.iface],
    ['MemberName', member.name],
    ['HoldTime', String(holdSec)],
    ['RingTime', String(Math.floor(engine.since(a.startedAt) / 1000))],
  ]);
  member.inCall = true;
  pbx.devices.release();
  const bridge: Bridge = { id: uuid(), technology: 'simple_bridge', channelIds: [], createdAt: Date.now() };
  pbx.bridges.set(bridge.id, bridge);
  bridgeEvent(pbx, 'BridgeCreate', bridge);
  for (const ch of [agent, caller]) {
    bridge.channelIds.push(ch.id);
    ch.bridgeId = bridge.id;
    bridgeEvent(pbx, 'BridgeEnter', bridge, ch);
  }
  for (let i = 0; i < 3; i++) setPeers(pbx, caller, agent, true);
  bridge.technology = 'native_rtp';
  c.connected = { agent, member, bridge, connectedAt: Date.now(), holdSec };
  agent.owner = { onHangup: (_ch, req) => agentHangupInBridge(pbx, engine, c, req) };
  pbx.hooks.emit('agent-connected', agent.endpoint, agent, caller);
}

/**
 * AgentComplete for the member's leg, and the member's counters move on (shared across queues:
 * shared_lastcall). The bridge is left alone: callers decide who leaves it.
 */
export function completeMemberLeg(
  pbx: Pbx,
  engine: QueuePort,
  c: QueueCaller,
  reason: 'agent' | 'caller' | 'transfer',
): number {
  const conn = c.connected!;
  const { agent, member } = conn;
  const q = c.queue;
  const talkMs = engine.since(conn.connectedAt);
  pbx.ami.event('AgentComplete', 'agent,all', [
    ...pairFields(c.ch, agent),
    ['Queue', q.cfg.name],
    ['Interface', member.iface],
    ['MemberName', member.name],
    ['HoldTime', String(conn.holdSec)],
    ['TalkTime', String(Math.floor(talkMs / 1000))],
    ['Reason', reason],
  ]);
  q.completed++;
  q.talktime = smooth(q.talktime, Math.floor(talkMs / 1000));
  const now = Date.now();
  for (const m of engine.allMembers(member.iface)) {
    m.callsTaken++;
    m.lastCall = epochSec(now);
    m.wrapupUntil = now + q.cfg.wrapupSec * 1000 * pbx.timers.timeScale;
  }
  member.inCall = false;
  if (q.cfg.wrapupSec > 0) pbx.timers.after(q.cfg.wrapupSec * 1000 + 10, () => engine.kick());
  c.connected = undefined;
  return talkMs;
}

/** Both legs leave after AgentComplete. */
function dissolve(pbx: Pbx, engine: QueuePort, c: QueueCaller, reason: 'agent' | 'caller' | 'transfer'): number {
  const { agent, bridge } = c.connected!;
  const caller = c.ch;
  const first = reason === 'agent' ? agent : caller;
  const second = first === agent ? caller : agent;
  pbx.setVar(first, 'BRIDGEPEER', '');
  const talkMs = completeMemberLeg(pbx, engine, c, reason);
  pbx.setVar(first, 'BRIDGEPVTCALLID', '');
  pbx.setVar(second, 'BRIDGEPEER', '');
  pbx.setVar(second, 'BRIDGEPVTCALLID', '');
  for (const ch of [first, second]) {
    bridge.channelIds = bridge.channelIds.filter((id) => id !== ch.id);
    ch.bridgeId = undefined;
    bridgeEvent(pbx, 'BridgeLeave', bridge, ch);
  }
  pbx.bridges.delete(bridge.id);
  bridgeEvent(pbx, 'BridgeDestroy', bridge);
  return talkMs;
}

/** The caller's variables when Queue() returns. */
function queueReturnVars(pbx: Pbx, engine: QueuePort, c: QueueCaller, talkMs: number): void {
  setQueueVars(pbx, c.ch, c.queue);
  setTimingVars(pbx, c.ch, talkMs, engine.since(c.ch.createdAt));
  setQueueVars(pbx, c.ch, c.queue);
}

/** The operator hung up: AgentComplete (agent), and with option c the caller goes on. */
function agentHangupInBridge(pbx: Pbx, engine: QueuePort, c: QueueCaller, req: HangupRequest): void {
  const { agent } = c.connected!;
  // QueueMemberStatus (idle, CallsTaken + 1) follows the bridge teardown, as in the transcripts.
  pbx.devices.hold();
  const talkMs = dissolve(pbx, engine, c, 'agent');
  pbx.destroy(agent, req.cause);
  pbx.devices.release();
  queueReturnVars(pbx, engine, c, talkMs);
  pbx.setVar(c.ch, 'QUEUESTATUS', 'CONTINUE');
  cdrSplit(c.ch);
  c.ch.owner = undefined;
  c.next();
  engine.kick();
}

/** The caller hung up while talking: AgentComplete (caller), then both legs go. */
export function callerHangupInBridge(pbx: Pbx, engine: QueuePort, c: QueueCaller, req: HangupRequest): void {
  const { agent } = c.connected!;
  pbx.devices.hold();
  const talkMs = dissolve(pbx, engine, c, 'caller');
  queueReturnVars(pbx, engine, c, talkMs);
  pbx.softHangupEvent(agent, 16);
  pbx.destroy(agent, 16);
  pbx.devices.release();
  pbx.destroy(c.ch, req.origin === 'remote' ? 16 : req.cause);
  engine.kick();
}

/** AMI Redirect of a bridged caller: AgentComplete (transfer), the operator leg is hung up. */
export function transferOut(pbx: Pbx, engine: QueuePort, c: QueueCaller): void {
  const { agent } = c.connected!;
  pbx.devices.hold();
  const talkMs = dissolve(pbx, engine, c, 'transfer');
  pbx.softHangupEvent(agent, 16);
  pbx.destroy(agent, 16);
  pbx.devices.release();
  queueReturnVars(pbx, engine, c, talkMs);
  cdrSplit(c.ch);
  engine.kick();
}
