import type { Channel } from './channel.ts';
import { uuid } from './ids.ts';
import type { Pbx } from './ports.ts';

/** pjsip.conf `callerid = "Operator 1001" <1001>` for every emulated operator phone. */
export function endpointCallerName(endpoint: string): string {
  return `Operator ${endpoint}`;
}

/** ARI Endpoint model for the trunk and the operator phones. */
export function ariEndpointJson(pbx: Pbx, resource: string): object {
  const channelIds = [...pbx.channels.values()]
    .filter((c) => c.tech === 'PJSIP' && c.endpoint === resource)
    .map((c) => c.id);
  return {
    technology: 'PJSIP',
    resource,
    state: pbx.devices.isRegistered(resource) ? 'online' : 'offline',
    channel_ids: channelIds,
  };
}

export function endpointNames(pbx: Pbx): string[] {
  return ['trunk', ...pbx.opts.endpoints];
}

/**
 * A phone registering or dropping off: PeerStatus, ContactStatus and the device state that
 * queue members follow (UNAVAILABLE while unregistered).
 */
export function setRegistration(pbx: Pbx, endpoint: string, on: boolean): void {
  if (pbx.devices.isRegistered(endpoint) === on) return;
  pbx.ami.event('PeerStatus', 'system,all', [
    ['ChannelType', 'PJSIP'],
    ['Peer', `PJSIP/${endpoint}`],
    ['PeerStatus', on ? 'Reachable' : 'Unreachable'],
  ]);
  pbx.devices.setRegistered(endpoint, on);
  pbx.ami.event('ContactStatus', 'system,all', [
    ['URI', `sip:${endpoint}@127.0.0.1:5060`],
    ['ContactStatus', on ? 'NonQualified' : 'Removed'],
    ['AOR', endpoint],
    ['EndpointName', endpoint],
    ['RoundtripUsec', '0'],
  ]);
}

/** The outgoing leg to an operator's phone (queue ring or Dial): a PJSIP channel in context `agents`, as Asterisk names it. */
export function createPhoneLeg(pbx: Pbx, endpoint: string, linkedid: string): Channel {
  return pbx.createChannel({
    id: pbx.ids.uniqueid(),
    linkedid,
    name: `PJSIP/${endpoint}-${pbx.ids.channelSuffix('PJSIP')}`,
    tech: 'PJSIP',
    endpoint,
    kind: 'agent',
    state: 0,
    callerNum: endpoint,
    callerName: endpointCallerName(endpoint),
    context: 'agents',
    exten: 's',
    protocolId: uuid(),
  });
}
