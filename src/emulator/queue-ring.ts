import { cdrDial, cdrSplit } from './cdr.ts';
import { pairFields, type Fields } from './channel.ts';
import { createPhoneLeg } from './endpoints.ts';
import type { Pbx, QueuePort } from './ports.ts';
import type { Member, QueueCaller, RingAttempt } from './queue-model.ts';

function memberFields(a: RingAttempt): Fields {
  return [
    ['Queue', a.caller.queue.cfg.name],
    ['Interface', a.member.iface],
    ['MemberName', a.member.name],
  ];
}

/** Dial one member for a caller: the agent leg is created and rings. */
function ringOne(pbx: Pbx, engine: QueuePort, c: QueueCaller, m: Member, first: boolean): RingAttempt {
  const endpoint = m.iface.slice('PJSIP/'.length);
  const caller = c.ch;
  const agent = createPhoneLeg(pbx, endpoint, caller.linkedid);
  pbx.setVar(agent, 'DIALEDPEERNUMBER', endpoint);
  const a: RingAttempt = { caller: c, member: m, agent, startedAt: Date.now() };
  // AgentCalled shows the agent leg as app_queue prepared it (connected line and exten already set).
  pbx.ami.event('AgentCalled', 'agent,all', [
    ...pairFields(caller, agent, {
      connectedNum: caller.callerNum,
      connectedName: caller.callerName,
      exten: caller.exten,
    }),
    ...memberFields(a),
  ]);
  pbx.ami.event('DialBegin', 'call,all', [...pairFields(caller, agent), ['DialString', m.iface]]);
  cdrDial(caller, agent.name);
  if (first) pbx.setConnected(caller, agent.callerNum, agent.callerName);
  agent.connectedNum = caller.callerNum;
  agent.connectedName = caller.callerName;
  agent.exten = caller.exten;
  pbx.setState(agent, 5, true);
  pbx.newexten(agent, 1, 'AppQueue', '(Outgoing Line)');
  pbx.chanEvent('NewConnectedLine', 'call,all', agent);
  pbx.ami.event('DialState', 'call,all', [...pairFields(caller, agent), ['DialStatus', 'RINGING']]);
  pbx.devices.update(endpoint);
  agent.owner = {
    onHangup: () => rejectAttempt(pbx, engine, a),
    answer: () => engine.connect(a),
  };
  return a;
}

/** One ring pass: ringall rings every pick, the other strategies one member. */
export function startRing(pbx: Pbx, engine: QueuePort, c: QueueCaller, members: Member[]): void {
  const q = c.queue;
  members.forEach((m, i) => {
    const idx = q.members.indexOf(m);
    if (q.cfg.strategy === 'rrmemory') q.rrpos = idx;
    if (q.cfg.strategy === 'linear') c.linpos = idx;
    c.attempts.push(ringOne(pbx, engine, c, m, i === 0));
  });
  const timer = pbx.timers.after(q.cfg.timeoutSec * 1000, () => ringTimeout(pbx, engine, c));
  for (const a of c.attempts) a.timer = timer;
  for (const a of c.attempts) pbx.hooks.emit('endpoint-ringing', a.agent.endpoint, a.agent);
}

function noAnswerEvents(pbx: Pbx, engine: QueuePort, a: RingAttempt, status: string): void {
  const caller = a.caller.ch;
  pbx.ami.event('AgentRingNoAnswer', 'agent,all', [
    ...pairFields(caller, a.agent),
    ...memberFields(a),
    ['RingTime', String(Math.round(engine.since(a.startedAt)))],
  ]);
  pbx.ami.event('DialEnd', 'call,all', [...pairFields(caller, a.agent), ['DialStatus', status]]);
}

/** Nobody answered within the member timeout: NOANSWER then CANCEL, then retry later. */
function ringTimeout(pbx: Pbx, engine: QueuePort, c: QueueCaller): void {
  const attempts = c.attempts;
  c.attempts = [];
  for (const a of attempts) {
    noAnswerEvents(pbx, engine, a, 'NOANSWER');
    pbx.ami.event('DialEnd', 'call,all', [...pairFields(c.ch, a.agent), ['DialStatus', 'CANCEL']]);
    pbx.destroy(a.agent, 0);
  }
  afterFailedPass(pbx, engine, c);
}

/** The caller's Queue() timeout cut the pass short: the members that still ring did not answer. */
export function expireAttempts(pbx: Pbx, engine: QueuePort, c: QueueCaller): void {
  const attempts = c.attempts;
  c.attempts = [];
  for (const a of attempts) {
    a.timer?.cancel();
    noAnswerEvents(pbx, engine, a, 'NOANSWER');
    pbx.ami.event('DialEnd', 'call,all', [...pairFields(c.ch, a.agent), ['DialStatus', 'CANCEL']]);
    pbx.destroy(a.agent, 0);
  }
  if (attempts.length > 0) cdrSplit(c.ch, true);
}

function afterFailedPass(pbx: Pbx, engine: QueuePort, c: QueueCaller): void {
  cdrSplit(c.ch, true);
  if (c.queue.cfg.strategy === 'linear') c.linpos++;
  c.retry = pbx.timers.after(c.queue.cfg.retrySec * 1000, () => {
    c.retry = undefined;
    engine.kick();
  });
}

/** The operator declined the ringing call (hung up before answering): busy. */
function rejectAttempt(pbx: Pbx, engine: QueuePort, a: RingAttempt): void {
  const c = a.caller;
  noAnswerEvents(pbx, engine, a, 'BUSY');
  c.attempts = c.attempts.filter((x) => x !== a);
  pbx.destroy(a.agent, 17);
  if (c.attempts.length === 0) {
    a.timer?.cancel();
    afterFailedPass(pbx, engine, c);
  }
}

/** The caller left (hangup) or someone else answered: cancel the other legs. */
export function cancelAttempts(pbx: Pbx, c: QueueCaller, cause: number, keep?: RingAttempt): void {
  const attempts = c.attempts;
  c.attempts = [];
  for (const a of attempts) {
    if (a === keep) continue;
    a.timer?.cancel();
    pbx.ami.event('DialEnd', 'call,all', [...pairFields(c.ch, a.agent), ['DialStatus', 'CANCEL']]);
    pbx.destroy(a.agent, cause);
  }
}
