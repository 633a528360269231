import type { AmiClient } from '../asterisk/ami/ami-client.ts';
import type { AmiMessage } from '../asterisk/ami/ami-codec.ts';
import type { Logger } from '../shared/logger.ts';
import type { CallTracker } from './call-tracker.ts';
import type { OperatorService } from './operator-service.ts';
import type { QueueState } from './queue-state.ts';
import { toTelephonyEvent } from './telephony-events.ts';
import { parseCoreShowChannels, reconcileCalls } from './call-reconcile.ts';

/**
 * Feeds one Asterisk's AMI events into the CTI state and resyncs after every (re)connect: the
 * queue members Asterisk has are the truth about who is logged in and paused.
 */
export function linkPbx(o: { serverId: string; ami: AmiClient; tracker: CallTracker; operators: () => OperatorService; queues?: QueueState; serviceNumbers: string[]; logger: Logger }): void {
  o.ami.on('event', (m) => {
    const e = toTelephonyEvent(m, o.serverId);
    if (!e) return;
    try {
      o.tracker.handle(e);
    } catch (err) {
      // One bad event must not stop the stream of the others.
      o.logger.error({ err: (err as Error).message, event: m.event }, 'CTI state update failed for an event; skipped');
    }
  });
  o.ami.on('connected', () => void resync());
  o.ami.on('disconnected', ({ error }) => o.logger.warn({ server: o.serverId, err: error?.message }, 'AMI link down; reconnecting'));

  async function resync(): Promise<void> {
    // Events that arrive while the lists are on their way (often in the same TCP read as their
    // last item) are newer than the snapshot: the calls they touch are left as the events say.
    const recent = new Set<string>();
    const mark = (m: AmiMessage) => {
      const l = m.get('Linkedid');
      if (l) recent.add(l);
    };
    o.ami.on('event', mark);
    try {
      const [{ items }, channels] = await Promise.all([o.ami.actionList('QueueStatus'), o.ami.actionList('CoreShowChannels')]);
      const r = reconcileCalls(o.tracker, o.serverId, parseCoreShowChannels(channels.items), items, (exten) => o.serviceNumbers.includes(exten), Date.now(), recent);
      if (r.ended || r.rebuilt) o.logger.info({ server: o.serverId, ...r }, 'calls reconciled with Asterisk after connect');
      const members = items
        .filter((m) => m.event === 'QueueMember')
        .map((m) => ({
          interface: m.get('Location') ?? m.get('Interface') ?? '',
          paused: m.get('Paused') === '1',
          reason: m.get('PausedReason') ?? '',
          inCall: m.get('InCall') === '1',
        }));
      await o.operators().syncMembers(members);
      o.queues?.applyQueueStatus(items);
      o.logger.info({ server: o.serverId, members: members.length }, 'AMI connected; queue members resynced');
    } catch (err) {
      o.logger.error({ server: o.serverId, err: (err as Error).message }, 'resync after AMI connect failed');
    } finally {
      o.ami.off('event', mark);
    }
  }
}
