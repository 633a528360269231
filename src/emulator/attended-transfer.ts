import { amiBridgeFields, type Bridge } from './bridge.ts';
import { closeBridge, enterBridge, leaveBridge } from './bridge-ops.ts';
import { startCdr } from './cdr.ts';
import { amiChannelFields, type Channel, type Fields } from './channel.ts';
import { dial, type DialAttempt } from './dial-app.ts';
import { endpointCallerName } from './endpoints.ts';
import { dropHold, hold, isOnHold, unhold } from './hold.ts';
import { uuid } from './ids.ts';
import type { Pbx } from './ports.ts';
import { completeMemberLeg } from './queue-bridge.ts';
import type { QueueCaller } from './queue-model.ts';

/** How long the colleague's phone rings for a consultation (emulated seconds). */
const CONSULT_RING_SEC = 30;

interface Consult {
  qc: QueueCaller;
  /** The operator's second channel, the consultation call (SecondTransferer). */
  consult: Channel;
  attempt: DialAttempt;
  target?: Channel;
  bridge?: Bridge;
}

// Keyed by the operator's leg in the queue bridge (OrigTransferer).
const consults = new WeakMap<Channel, Consult>();

/**
 * Attended transfer, step one: the operator holds the caller and calls a colleague from the same
 * phone. The consultation is a new call of its own (its own Linkedid) in the phones' context:
 * `[agents] exten => _1XXX,1,Dial(PJSIP/${EXTEN},30)`. Returns an error message or the consult.
 */
export function startAttended(pbx: Pbx, agent: Channel, endpoint: string): { consult: Channel } | string {
  const caller = pbx.bridgePeer(agent);
  const qc = caller ? pbx.queues.callerOf(caller.id) : undefined;
  if (!qc?.connected || qc.connected.agent !== agent) return `${agent.name} is not talking to a queue caller`;
  if (consults.has(agent)) return `${agent.name} is already consulting`;
  if (endpoint === agent.endpoint || !pbx.opts.endpoints.includes(endpoint)) return `Cannot consult ${endpoint}`;
  if (!isOnHold(agent)) hold(pbx, agent);
  const id = pbx.ids.uniqueid();
  const consult = pbx.createChannel({
    id,
    linkedid: id,
    name: `PJSIP/${agent.endpoint}-${pbx.ids.channelSuffix('PJSIP')}`,
    tech: 'PJSIP',
    endpoint: agent.endpoint,
    kind: 'originate',
    state: 4,
    callerNum: agent.endpoint,
    callerName: endpointCallerName(agent.endpoint),
    context: 'agents',
    exten: endpoint,
    dnid: endpoint,
    protocolId: uuid(),
  });
  startCdr(consult);
  pbx.newexten(consult, 1, 'Dial', `PJSIP/${endpoint},${CONSULT_RING_SEC}`);
  const rec: Consult = { qc, consult, attempt: { leg: null, cancel: () => undefined } };
  consults.set(agent, rec);
  const endConsult = (): void => {
    if (consults.get(agent) === rec) consults.delete(agent);
    if (consult.destroyed) return;
    consult.owner = undefined;
    pbx.newexten(consult, 2, 'Hangup', '');
    pbx.destroy(consult, 16);
  };
  rec.attempt = dial(pbx, consult, endpoint, CONSULT_RING_SEC, {
    answered: (leg, bridge) => {
      rec.target = leg;
      rec.bridge = bridge;
      leg.owner = {
        onHangup: (_c, req) => {
          closeBridge(pbx, bridge, leg);
          pbx.destroy(leg, req.cause);
          endConsult();
        },
      };
      consult.owner = {
        onHangup: (_c, req) => {
          closeBridge(pbx, bridge, consult);
          pbx.softHangupEvent(leg, 16);
          pbx.destroy(leg, 16);
          consults.delete(agent);
          pbx.destroy(consult, req.cause);
        },
      };
    },
    failed: endConsult,
  });
  consult.owner = {
    onHangup: (_c, req) => {
      rec.attempt.cancel(0);
      consults.delete(agent);
      pbx.destroy(consult, req.origin === 'remote' ? 16 : req.cause);
    },
  };
  return { consult };
}

/** The operator gives up the consultation and takes the caller back. */
export function cancelAttended(pbx: Pbx, agent: Channel): string | undefined {
  const rec = consults.get(agent);
  if (!rec) return `${agent.name} is not consulting`;
  pbx.hangup(rec.consult, { origin: 'remote', cause: 16 });
  if (isOnHold(agent)) unhold(pbx, agent);
  return undefined;
}

const prefixed = (prefix: string, fields: Fields): Fields => fields.map(([k, v]) => [`${prefix}${k}`, v] as const);

/**
 * Step two: the operator completes (REFER with Replaces). The colleague's leg takes the operator's
 * place in the caller's bridge (DestType Bridge) and inherits the caller's Linkedid, the event
 * describes both transferer channels, both bridges, the transferee and the target as they were
 * when the transfer began (Asterisk snapshots them first), app_queue closes the first operator's
 * leg with AgentComplete Reason: transfer, and both of that operator's channels hang up. The
 * caller's Queue() goes on: when the colleague hangs up, option c sends the caller to the survey.
 */
export function completeAttended(pbx: Pbx, agent: Channel): { caller: Channel; target: Channel } | string {
  const rec = consults.get(agent);
  if (!rec) return `${agent.name} is not consulting`;
  const { qc, consult, target, bridge: b2 } = rec;
  if (!target || !b2) return 'The colleague has not answered yet';
  const b1 = qc.connected?.agent === agent ? qc.connected.bridge : undefined;
  const caller = qc.ch;
  if (!b1 || caller.hangingUp) return 'The caller is gone';
  consults.delete(agent);
  const event: Fields = [
    ['Result', 'Success'],
    ...amiChannelFields(agent, 'OrigTransferer'),
    ...prefixed('Orig', amiBridgeFields(b1)),
    ...amiChannelFields(consult, 'SecondTransferer'),
    ...prefixed('Second', amiBridgeFields(b2)),
    ...amiChannelFields(caller, 'Transferee'),
    ...amiChannelFields(target, 'TransferTarget'),
    ['IsExternal', 'Yes'],
    ['DestType', 'Bridge'],
    ['DestBridgeUniqueid', b1.id],
  ];
  leaveBridge(pbx, b2, target);
  leaveBridge(pbx, b2, consult);
  leaveBridge(pbx, b1, agent);
  // Channels in one bridge share the oldest Linkedid: the colleague's leg joins the caller's call.
  target.linkedid = caller.linkedid;
  enterBridge(pbx, b1, target);
  dropHold(pbx, agent, caller);
  pbx.ami.event('AttendedTransfer', 'call,all', event);
  completeMemberLeg(pbx, pbx.queues, qc, 'transfer');
  for (const ch of [agent, consult]) {
    ch.owner = undefined;
    pbx.destroy(ch, 16);
  }
  caller.owner = {
    onHangup: (_c, req) => {
      closeBridge(pbx, b1, caller);
      pbx.softHangupEvent(target, 16);
      pbx.destroy(target, 16);
      pbx.queues.forget(caller.id);
      pbx.destroy(caller, req.origin === 'remote' ? 16 : req.cause);
    },
  };
  target.owner = {
    onHangup: (_c, req) => {
      closeBridge(pbx, b1, target);
      pbx.destroy(target, req.cause);
      pbx.setVar(caller, 'QUEUESTATUS', 'CONTINUE');
      caller.owner = undefined;
      qc.next();
    },
  };
  pbx.hooks.emit('agent-connected', target.endpoint, target, caller);
  pbx.queues.kick();
  return { caller, target };
}
