import type { Channel } from './channel.ts';
import { step } from './dialplan.ts';
import type { Pbx, RedirectTarget } from './ports.ts';
import { runTransferContext, TRANSFER_CONTEXT } from './transfer-dialplan.ts';

/**
 * AMI Redirect: take the channel out of whatever runs it (Stasis, the queue, a bridge) and send it
 * to the target. Only our own `from-trunk,137` and `cti137-transfer` are emulated; any other
 * target parks the channel in Wait() until it hangs up. Returns an error message, or undefined after `ok()`.
 */
export function redirect(pbx: Pbx, ch: Channel, target: RedirectTarget, ok: () => void): string | undefined {
  if (ch.hangingUp) return `Channel does not exist: ${ch.name}`;
  if (ch.kind === 'agent') return 'Redirect of an operator leg is not supported by the emulator';
  ok();
  if (ch.stasis) pbx.stasis.detach(ch);
  const qc = pbx.queues.callerOf(ch.id);
  if (qc) pbx.queues.withdraw(qc);
  gotoTarget(pbx, ch, target);
  return undefined;
}

/** Jump to a dialplan location; `from-trunk,137` and the transfer context exist, anything else holds in Wait(). */
export function gotoTarget(pbx: Pbx, ch: Channel, target: RedirectTarget): void {
  ch.owner = undefined;
  ch.context = target.context;
  ch.exten = target.exten;
  if (ch.kind === 'caller' && target.context === 'from-trunk' && target.exten === '137') {
    step(pbx, ch, target.priority);
    return;
  }
  if (ch.kind === 'caller' && target.context === TRANSFER_CONTEXT && runTransferContext(pbx, ch, target.exten)) return;
  pbx.newexten(ch, target.priority, 'Wait', '3600');
}
