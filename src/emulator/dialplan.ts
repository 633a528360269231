import { startCdr } from './cdr.ts';
import { callerIdAll, type Channel } from './channel.ts';
import { trunkCallId } from './ids.ts';
import type { Pbx } from './ports.ts';

export const CTI_APP = 'cti137';
export const DEFAULT_QUEUE = 'q137';

/**
 * The dialplan contract, as extensions.conf would say it:
 *
 *   [from-trunk]
 *   exten => 137,1,NoOp(Inbound ${CALLERID(all)} -> cti137)
 *    same => n,Stasis(cti137,welcome)
 *    same => n,Answer()
 *    same => n,Queue(${IF($["${CTI_QUEUE}"=""]?q137:${CTI_QUEUE})},c,,,<callerTimeoutSec, if any>)
 *    same => n,GotoIf($["${QUEUESTATUS}"="TIMEOUT"]?end)
 *    same => n,Stasis(cti137,survey,${MEMBERINTERFACE},${MEMBERNAME})
 *    same => n(end),Hangup()
 *    same => n,Hangup()
 *
 * QUEUE_PRIO, if the welcome app set it, is read by app_queue itself.
 */
export function step(pbx: Pbx, ch: Channel, priority: number): void {
  if (ch.hangingUp || ch.destroyed) return;
  switch (priority) {
    case 1:
      pbx.newexten(ch, 1, 'NoOp', `Inbound ${callerIdAll(ch)} -> ${CTI_APP}`);
      return step(pbx, ch, 2);
    case 2:
      pbx.newexten(ch, 2, 'Stasis', `${CTI_APP},welcome`);
      return pbx.stasis.enter(ch, CTI_APP, ['welcome'], () => step(pbx, ch, 3));
    case 3: {
      pbx.newexten(ch, 3, 'Answer', '');
      if (ch.state === 6) return step(pbx, ch, 4);
      pbx.setState(ch, 6);
      // Answer() lets media settle for a moment before the next priority.
      pbx.timers.after(500, () => step(pbx, ch, 4));
      return;
    }
    case 4: {
      const queue = ch.vars.get('CTI_QUEUE') || DEFAULT_QUEUE;
      const timeout = pbx.queues.get(queue)?.cfg.callerTimeoutSec ?? 0;
      pbx.newexten(ch, 4, 'Queue', timeout > 0 ? `${queue},c,,,${timeout}` : `${queue},c`);
      if (!pbx.queues.join(ch, queue, () => step(pbx, ch, 5))) {
        pbx.log.warn({ queue, channel: ch.name }, 'emulator: Queue() on an unknown queue; dialplan goes on');
        step(pbx, ch, 5);
      }
      return;
    }
    case 5: {
      // Timed out in the queue: nobody talked to the caller, nobody to rate.
      if (ch.vars.get('QUEUESTATUS') === 'TIMEOUT') return step(pbx, ch, 6);
      const iface = ch.vars.get('MEMBERINTERFACE') ?? '';
      const name = ch.vars.get('MEMBERNAME') ?? '';
      pbx.newexten(ch, 5, 'Stasis', `${CTI_APP},survey,${iface},${name}`);
      return pbx.stasis.enter(ch, CTI_APP, ['survey', iface, name], () => step(pbx, ch, 6));
    }
    default:
      pbx.newexten(ch, 6, 'Hangup', '');
      pbx.softHangupEvent(ch, 16);
      pbx.destroy(ch, 16);
  }
}

export interface PlaceCallInput {
  from: string;
  to: string;
  name?: string;
}

/** A call arrives from the trunk: Newchannel in state Ring, then the dialplan runs. */
export function placeCall(pbx: Pbx, input: PlaceCallInput): Channel {
  const now = Date.now();
  const id = pbx.ids.uniqueid(now);
  const ch = pbx.createChannel({
    id,
    linkedid: id,
    name: `PJSIP/trunk-${pbx.ids.channelSuffix('PJSIP')}`,
    tech: 'PJSIP',
    endpoint: 'trunk',
    kind: 'caller',
    state: 4,
    callerNum: input.from,
    callerName: input.name ?? (input.from === 'anonymous' ? 'Anonymous' : ''),
    context: 'from-trunk',
    exten: input.to,
    dnid: input.to,
    createdAt: now,
    protocolId: trunkCallId(),
  });
  startCdr(ch);
  pbx.setVar(ch, 'SIPDOMAIN', '127.0.0.1');
  step(pbx, ch, 1);
  return ch;
}
