import type { Bridge } from './bridge.ts';
import { openBridge } from './bridge-ops.ts';
import { cdrDial } from './cdr.ts';
import { pairFields, type Channel } from './channel.ts';
import { createPhoneLeg } from './endpoints.ts';
import type { Pbx } from './ports.ts';

export type DialFailure = 'NOANSWER' | 'BUSY' | 'CHANUNAVAIL' | 'CANCEL';

export interface DialHandlers {
  /** The callee picked up; both are in a fresh bridge. Set the owners of what happens next. */
  answered(leg: Channel, bridge: Bridge): void;
  failed(status: DialFailure): void;
}

export interface DialAttempt {
  leg: Channel | null;
  /** The calling side gave up while it rang: DialEnd CANCEL, the callee leg goes. */
  cancel(cause: number): void;
}

/**
 * Dial(PJSIP/<endpoint>,<timeout>) from `from`: the callee leg shares the caller's Linkedid, and
 * posts the DialBegin / DialState / DialEnd sequence app_dial does (the same events app_queue
 * posts for each member, without the Agent* events). Used by transfers to a colleague's phone
 * and by an operator's consultation call.
 */
export function dial(pbx: Pbx, from: Channel, endpoint: string, timeoutSec: number, h: DialHandlers): DialAttempt {
  const usable = pbx.devices.isEndpoint(endpoint) && pbx.devices.isRegistered(endpoint);
  if (!usable || pbx.devices.of(`PJSIP/${endpoint}`) !== 'NOT_INUSE') {
    // No channel can be made (or the phone is busy): Dial returns at once.
    const status: DialFailure = usable ? 'BUSY' : 'CHANUNAVAIL';
    pbx.setVar(from, 'DIALSTATUS', status);
    pbx.timers.soon(() => h.failed(status));
    return { leg: null, cancel: () => undefined };
  }
  const leg = createPhoneLeg(pbx, endpoint, from.linkedid);
  let settled = false;
  const end = (status: DialFailure, cause: number): void => {
    if (settled) return;
    settled = true;
    timer.cancel();
    pbx.ami.event('DialEnd', 'call,all', [...pairFields(from, leg), ['DialStatus', status]]);
    pbx.setVar(from, 'DIALSTATUS', status);
    pbx.destroy(leg, cause);
  };
  pbx.ami.event('DialBegin', 'call,all', [...pairFields(from, leg), ['DialString', endpoint]]);
  cdrDial(from, leg.name);
  leg.connectedNum = from.callerNum;
  leg.connectedName = from.callerName;
  leg.exten = from.exten;
  pbx.setState(leg, 5, true);
  pbx.newexten(leg, 1, 'AppDial', '(Outgoing Line)');
  pbx.ami.event('DialState', 'call,all', [...pairFields(from, leg), ['DialStatus', 'RINGING']]);
  pbx.devices.update(endpoint);
  const timer = pbx.timers.after(timeoutSec * 1000, () => {
    end('NOANSWER', 0);
    h.failed('NOANSWER');
  });
  leg.owner = {
    // The phone declined: busy.
    onHangup: () => {
      end('BUSY', 17);
      h.failed('BUSY');
    },
    answer: () => {
      if (settled) return;
      settled = true;
      timer.cancel();
      pbx.setState(leg, 6, true);
      pbx.ami.event('DialEnd', 'call,all', [...pairFields(from, leg), ['DialStatus', 'ANSWER']]);
      pbx.devices.update(endpoint);
      if (from.state !== 6) pbx.setState(from, 6);
      pbx.setConnected(from, leg.callerNum, leg.callerName);
      pbx.setVar(from, 'DIALSTATUS', 'ANSWER');
      leg.owner = undefined;
      const bridge = openBridge(pbx, [from, leg]);
      h.answered(leg, bridge);
      pbx.hooks.emit('agent-connected', endpoint, leg, from);
    },
  };
  pbx.hooks.emit('endpoint-ringing', endpoint, leg);
  return { leg, cancel: (cause) => end('CANCEL', cause) };
}
