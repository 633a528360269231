import { amiBridgeFields } from './bridge.ts';
import { amiChannelFields, type Channel } from './channel.ts';
import type { Pbx } from './ports.ts';
import { redirect } from './redirect.ts';

export interface TransferTarget {
  context: string;
  exten: string;
}

/**
 * The operator's phone blind-transfers its caller (a SIP REFER): Asterisk emits BlindTransfer
 * (Result, the transferer's channel block, the transferee's, the bridge's, IsExternal, Context,
 * Extension — stasis_bridges.c), sets BLINDTRANSFER on the transferee, app_queue follows with
 * AgentComplete Reason: transfer, the operator leg is hung up, and the caller runs the target from
 * priority 1 (to 137: the welcome menu and the queue again, where another operator answers).
 * Returns an error message, or the caller channel.
 */
export function blindTransfer(pbx: Pbx, agent: Channel, target: TransferTarget): Channel | string {
  const bridge = agent.bridgeId ? pbx.bridges.get(agent.bridgeId) : undefined;
  const callerId = bridge?.channelIds.find((id) => id !== agent.id);
  const caller = callerId ? pbx.channels.get(callerId) : undefined;
  if (!bridge || !caller || caller.hangingUp) return `${agent.name} is not talking to a caller`;
  if (!pbx.queues.callerOf(caller.id)?.connected) return `${caller.name} is not a queue call`;
  pbx.ami.event('BlindTransfer', 'call,all', [
    ['Result', 'Success'],
    ...amiChannelFields(agent, 'Transferer'),
    ...amiChannelFields(caller, 'Transferee'),
    ...amiBridgeFields(bridge),
    ['IsExternal', 'Yes'],
    ['Context', target.context],
    ['Extension', target.exten],
  ]);
  pbx.setVar(caller, 'BLINDTRANSFER', agent.name);
  const err = redirect(pbx, caller, { ...target, priority: 1 }, () => undefined);
  return err ?? caller;
}
