import type { Bridge } from './bridge.ts';
import { closeBridge } from './bridge-ops.ts';
import type { Channel, HangupRequest } from './channel.ts';
import { dial } from './dial-app.ts';
import { step } from './dialplan.ts';
import { endpointCallerName } from './endpoints.ts';
import type { Pbx } from './ports.ts';

/** A phone's blind transfer (SIP REFER) runs in the transferring phone's context. */
export const TRANSFER_CONTEXT = 'agents';
/** How long a colleague's phone rings for a transferred caller (emulated seconds). */
const TRANSFER_RING_SEC = 30;

/** The transfer codes of docker/asterisk/extensions.conf: straight into a queue, past the menu. */
export const QUEUE_CODES: Record<string, { queue: string; prio?: string }> = {
  '1370': { queue: 'q137' },
  '1378': { queue: 'q137overflow' },
  '1379': { queue: 'q137hazard', prio: '10' },
};

/** The extension that sends a caller to this queue or phone, or undefined. */
export function transferExten(pbx: Pbx, to: string): string | undefined {
  if (to === '137' || pbx.opts.endpoints.includes(to)) return to;
  return Object.entries(QUEUE_CODES).find(([, v]) => v.queue === to && pbx.queues.get(to))?.[0];
}

/**
 * Where an operator's blind transfer sends the caller, as `[agents]` says:
 *
 *   exten => 137,1,Goto(from-trunk,137,1)                      ; the whole flow, menu included
 *   exten => 1370,1,Set(CTI_QUEUE=q137)                        ; 1378 q137overflow, 1379 q137hazard
 *    same => n,Goto(from-trunk,137,queue)                      ; (1379 also sets QUEUE_PRIO=10)
 *   exten => _10XX,1,Dial(PJSIP/${EXTEN},30,g)                 ; a colleague's phone
 *    same => n,GotoIf($["${BLINDTRANSFER}"=""]?hangup)         ; an internal call just ends
 *    same => n,Set(MEMBERINTERFACE=PJSIP/${EXTEN})             ; a transferred caller is rated on
 *    same => n,GotoIf($["${DIALSTATUS}"="ANSWER"]?from-trunk,137,survey:from-trunk,137,queue)
 *    same => n(hangup),Hangup()
 *
 * (exactly what docker/asterisk/extensions.conf's [agents] says.)
 * Returns false for a target this context does not have (the caller then just waits).
 */
export function runTransferContext(pbx: Pbx, ch: Channel, exten: string): boolean {
  const where = { context: TRANSFER_CONTEXT, exten };
  if (exten === '137') {
    pbx.newexten(ch, 1, 'Goto', 'from-trunk,137,1', where);
    gotoMain(pbx, ch, 1);
    return true;
  }
  const code = QUEUE_CODES[exten];
  if (code) {
    pbx.newexten(ch, 1, 'Set', `CTI_QUEUE=${code.queue}`, where);
    pbx.setVar(ch, 'CTI_QUEUE', code.queue);
    if (code.prio) pbx.setVar(ch, 'QUEUE_PRIO', code.prio);
    pbx.newexten(ch, 2, 'Goto', 'from-trunk,137,queue');
    gotoMain(pbx, ch, 4);
    return true;
  }
  if (!pbx.opts.endpoints.includes(exten)) return false;
  pbx.newexten(ch, 1, 'Dial', `PJSIP/${exten},${TRANSFER_RING_SEC},g`, where);
  const attempt = dial(pbx, ch, exten, TRANSFER_RING_SEC, {
    answered: (leg, bridge) => talking(pbx, ch, leg, bridge, exten),
    failed: () => {
      ch.owner = undefined;
      pbx.newexten(ch, 4, 'GotoIf', '$["${DIALSTATUS}"="ANSWER"]?from-trunk,137,survey:from-trunk,137,queue');
      gotoMain(pbx, ch, 4);
    },
  });
  ch.owner = {
    onHangup: (_c, req) => {
      attempt.cancel(0);
      pbx.destroy(ch, req.origin === 'remote' ? 16 : req.cause);
    },
  };
  return true;
}

/** Caller and colleague talk: whoever hangs up first ends the bridge; option g lets the caller go on. */
function talking(pbx: Pbx, caller: Channel, leg: Channel, bridge: Bridge, exten: string): void {
  caller.owner = {
    onHangup: (_c, req: HangupRequest) => {
      closeBridge(pbx, bridge, caller);
      pbx.softHangupEvent(leg, 16);
      pbx.destroy(leg, 16);
      pbx.destroy(caller, req.origin === 'remote' ? 16 : req.cause);
    },
  };
  leg.owner = {
    onHangup: (_c, req: HangupRequest) => {
      closeBridge(pbx, bridge, leg);
      pbx.destroy(leg, req.cause);
      caller.owner = undefined;
      pbx.newexten(caller, 3, 'Set', `MEMBERINTERFACE=PJSIP/${exten}`);
      pbx.setVar(caller, 'MEMBERINTERFACE', `PJSIP/${exten}`);
      pbx.setVar(caller, 'MEMBERNAME', endpointCallerName(exten));
      pbx.newexten(caller, 4, 'GotoIf', '$["${DIALSTATUS}"="ANSWER"]?from-trunk,137,survey:from-trunk,137,queue');
      gotoMain(pbx, caller, 5);
    },
  };
}

/** On to a priority of `from-trunk,137` (1 the menu, 4 the queue, 5 the survey). */
function gotoMain(pbx: Pbx, ch: Channel, priority: number): void {
  if (ch.hangingUp || ch.destroyed) return;
  ch.context = 'from-trunk';
  ch.exten = '137';
  step(pbx, ch, priority);
}
