import type { AmiClient } from '../asterisk/ami/ami-client.ts';
import type { AmiMessage } from '../asterisk/ami/ami-codec.ts';
import type { Logger } from '../shared/logger.ts';
import type { CallTracker } from './call-tracker.ts';
import type { OperatorService } from './operator-service.ts';
import type { QueueState } from './queue-state.ts';
import { toTelephonyEvent } from './telephony-events.ts';
import { BootWatch } from './boot-watch.ts';
import { droppedEventLog } from './dropped-event-log.ts';
import { parseCoreShowChannels, reconcileCalls } from './call-reconcile.ts';

/**
 * Feeds one Asterisk's AMI events into the CTI state and resyncs after every (re)connect: the
 * queue members Asterisk has are the truth about who is logged in and paused. `logger` should
 * already carry the server tag (start-app passes a child logger with `server`).
 */
export function linkPbx(o: {
  serverId: string;
  ami: AmiClient;
  tracker: CallTracker;
  operators: () => OperatorService;
  queues?: QueueState;
  serviceNumbers: string[];
  logger: Logger;
}): void {
  const dropped = droppedEventLog(o.logger, o.serverId);
  const boots = new BootWatch();
  /** When the link went down: calls lost in a restart ended then, not when we got back. */
  let downAt: number | null = null;
  o.ami.on('event', (m) => {
    if (m.event === 'FullyBooted') boots.fullyBooted(m, Date.now());
    const e = toTelephonyEvent(m, o.serverId);
    if (!e) return dropped(m);
    try {
      o.tracker.handle(e);
    } catch (err) {
      // One bad event must not stop the stream of the others.
      o.logger.error({ err: (err as Error).message, event: m.event }, 'CTI state update failed for an event; skipped');
    }
  });
  o.ami.on('connected', () => {
    // The calls we had before this connection: the only ones an Asterisk restart can have lost
    // (events of the new connection may already be starting new calls before CoreStatus answers).
    const before = new Set(
      o.tracker
        .active()
        .filter((c) => c.serverId === o.serverId)
        .map((c) => c.key),
    );
    boots.connected();
    void resync(before, downAt ?? Date.now());
    downAt = null;
  });
  o.ami.on('disconnected', ({ error }) => {
    downAt ??= Date.now();
    o.logger.warn({ err: error?.message }, 'AMI link down; reconnecting');
  });

  /** An Asterisk restart since the last connection: its channels are gone, end their calls as such. */
  async function checkRestart(before: ReadonlySet<string>, downSince: number): Promise<void> {
    let core: AmiMessage | undefined;
    try {
      core = await o.ami.action('CoreStatus');
    } catch (err) {
      o.logger.warn({ err: (err as Error).message }, 'CoreStatus failed; telling a restart by FullyBooted Uptime only');
    }
    const verdict = boots.judge(core);
    if (verdict === 'reloaded')
      o.logger.info({}, 'Asterisk reloaded its configuration while the link was down; calls are kept');
    if (verdict !== 'restarted') return;
    const gone = o.tracker.dropServer(o.serverId, downSince, (c) => before.has(c.key));
    o.logger.warn(
      { lostCalls: gone.length, startup: boots.startup },
      'Asterisk restarted: the calls it had are ended as pbx-restart',
    );
  }

  async function resync(before: ReadonlySet<string> = new Set(), downSince = Date.now()): Promise<void> {
    // Events that arrive while the lists are on their way (often in the same TCP read as their
    // last item) are newer than the snapshot: the calls they touch are left as the events say.
    const recent = new Set<string>();
    const mark = (m: AmiMessage) => {
      const l = m.get('Linkedid');
      if (l) recent.add(l);
    };
    o.ami.on('event', mark);
    try {
      const lists = Promise.all([o.ami.actionList('QueueStatus'), o.ami.actionList('CoreShowChannels')]);
      lists.catch(() => undefined); // awaited below; a rejection meanwhile is not unhandled
      // Before the reconcile: a restarted Asterisk's lost calls are pbx-restart, not "hung up".
      await checkRestart(before, downSince);
      const [{ items }, channels] = await lists;
      const r = reconcileCalls(
        o.tracker,
        o.serverId,
        parseCoreShowChannels(channels.items),
        items,
        (exten) => o.serviceNumbers.includes(exten),
        Date.now(),
        recent,
      );
      if (r.ended || r.rebuilt) o.logger.info({ ...r }, 'calls reconciled with Asterisk after connect');
      const members = items
        .filter((m) => m.event === 'QueueMember')
        .map((m) => ({
          interface: m.get('Location') ?? m.get('Interface') ?? '',
          paused: m.get('Paused') === '1',
          reason: m.get('PausedReason') ?? '',
          inCall: m.get('InCall') === '1',
        }));
      // The snapshot first: the QueueAdd/QueuePause that syncMembers sends are newer than it, and
      // their QueueMemberAdded/Pause events must land on top of it, not be wiped by it (after an
      // Asterisk restart the snapshot has no members and syncMembers adds them all back).
      o.queues?.applyQueueStatus(o.serverId, items);
      // Only this server's operators and queues: the others have their own link and resync.
      await o.operators().syncMembers(o.serverId, members);
      o.logger.info({ members: members.length }, 'AMI connected; queue members resynced');
    } catch (err) {
      o.logger.error({ err: (err as Error).message }, 'resync after AMI connect failed');
    } finally {
      o.ami.off('event', mark);
    }
  }
}
