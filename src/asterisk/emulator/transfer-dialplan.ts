import type { Bridge } from './bridge.ts';
import { closeBridge } from './bridge-ops.ts';
import type { Channel, HangupRequest } from './channel.ts';
import { dial } from './dial-app.ts';
import { step } from './dialplan.ts';
import { endpointCallerName } from './endpoints.ts';
import type { Pbx } from './pbx.ts';

export const TRANSFER_CONTEXT = 'cti137-transfer';
/** How long a colleague's phone rings for a transferred caller (emulated seconds). */
const TRANSFER_RING_SEC = 30;

/**
 * Where an operator's blind transfer sends the caller (operator phones carry
 * `set_var=TRANSFER_CONTEXT=cti137-transfer`, so a REFER lands here, not in their own context):
 *
 *   [cti137-transfer]
 *   ; a queue by name: the caller queues again (q137, q137overflow, q137hazard)
 *   exten => _q137!,1,Queue(${EXTEN},c)
 *    same => n,Goto(from-trunk,137,5)                     ; the survey
 *   ; a colleague's phone; if nobody answers, back to the queue
 *   exten => _1XXX,1,Set(MEMBERINTERFACE=PJSIP/${EXTEN})
 *    same => n,Set(MEMBERNAME=${EXTEN})
 *    same => n,Dial(PJSIP/${EXTEN},30,g)
 *    same => n,GotoIf($["${DIALSTATUS}"="ANSWER"]?from-trunk,137,5:from-trunk,137,4)
 *
 * Returns false for a target this context does not have (the caller then just waits).
 */
export function runTransferContext(pbx: Pbx, ch: Channel, exten: string): boolean {
  if (pbx.queues.get(exten)) {
    pbx.newexten(ch, 1, 'Queue', `${exten},c`, { context: TRANSFER_CONTEXT, exten });
    pbx.queues.join(ch, exten, () => gotoMain(pbx, ch, 2, 5));
    return true;
  }
  if (!pbx.opts.endpoints.includes(exten)) return false;
  pbx.newexten(ch, 1, 'Set', `MEMBERINTERFACE=PJSIP/${exten}`, { context: TRANSFER_CONTEXT, exten });
  pbx.setVar(ch, 'MEMBERINTERFACE', `PJSIP/${exten}`);
  pbx.newexten(ch, 2, 'Set', `MEMBERNAME=${exten}`);
  pbx.setVar(ch, 'MEMBERNAME', endpointCallerName(exten));
  pbx.newexten(ch, 3, 'Dial', `PJSIP/${exten},${TRANSFER_RING_SEC},g`);
  const attempt = dial(pbx, ch, exten, TRANSFER_RING_SEC, {
    answered: (leg, bridge) => talking(pbx, ch, leg, bridge),
    failed: () => {
      ch.owner = undefined;
      gotoMain(pbx, ch, 4, 4);
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
function talking(pbx: Pbx, caller: Channel, leg: Channel, bridge: Bridge): void {
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
      gotoMain(pbx, caller, 4, 5);
    },
  };
}

/** `Goto(from-trunk,137,<priority>)` from priority `at` of the transfer context. */
function gotoMain(pbx: Pbx, ch: Channel, at: number, priority: number): void {
  if (ch.hangingUp || ch.destroyed) return;
  pbx.newexten(ch, at, 'Goto', `from-trunk,137,${priority}`);
  ch.context = 'from-trunk';
  ch.exten = '137';
  step(pbx, ch, priority);
}
