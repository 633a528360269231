import type { AmiClient } from '../asterisk/ami/ami-client.ts';
import type { AmiMessage } from '../asterisk/ami/ami-codec.ts';
import type { Logger } from '../shared/logger.ts';
import type { CallTracker } from './call-tracker.ts';
import type { OperatorService } from './operator-service.ts';
import type { QueueState } from './queue-state.ts';
import { LogThrottle } from '../asterisk/ami/log-throttle.ts';
import { dropReason, toTelephonyEvent } from './telephony-events.ts';
import { parseCoreShowChannels, reconcileCalls } from './call-reconcile.ts';

/**
 * Feeds one Asterisk's AMI events into the CTI state and resyncs after every (re)connect: the
 * queue members Asterisk has are the truth about who is logged in and paused.
 */
export function linkPbx(o: { serverId: string; ami: AmiClient; tracker: CallTracker; operators: () => OperatorService; queues?: QueueState; serviceNumbers: string[]; logger: Logger }): void {
  const dropped = droppedEventLog(o.logger, o.serverId);
  o.ami.on('event', (m) => {
    const e = toTelephonyEvent(m, o.serverId);
    if (!e) return dropped(m);
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
      // Only this server's operators and queues: the others have their own link and resync.
      await o.operators().syncMembers(o.serverId, members);
      o.queues?.applyQueueStatus(o.serverId, items);
      o.logger.info({ server: o.serverId, members: members.length }, 'AMI connected; queue members resynced');
    } catch (err) {
      o.logger.error({ server: o.serverId, err: (err as Error).message }, 'resync after AMI connect failed');
    } finally {
      o.ami.off('event', mark);
    }
  }
}

/** Distinct unknown event names remembered for throttling; past this they share one throttle. */
const MAX_NAMES = 200;

/**
 * One log line per unknown event name (and per wanted event that came without its identifying
 * fields), at most once a minute per name with a count of the ones suppressed in between, so a
 * chatty module cannot flood the log. Deliberately ignored events (VarSet, Newexten…) stay silent.
 */
export function droppedEventLog(logger: Logger, serverId: string, now: () => number = Date.now): (m: AmiMessage) => void {
  const throttles = new Map<string, LogThrottle>();
  const shared = new LogThrottle(60_000, 1, now);
  return (m) => {
    const why = dropReason(m);
    if (why === 'ignored') return;
    const name = m.event ?? '(no name)';
    const key = `${why}:${name}`;
    let t = throttles.get(key);
    if (!t && throttles.size < MAX_NAMES) throttles.set(key, (t = new LogThrottle(60_000, 1, now)));
    const { log, suppressed } = (t ?? shared).take();
    if (!log) return;
    const keys = m.fields.map(([k]) => k).slice(0, 12);
    if (why === 'unknown') logger.info({ server: serverId, event: name, keys, suppressed }, 'AMI: unknown event skipped');
    else logger.warn({ server: serverId, event: name, keys, suppressed }, 'AMI: event without the fields that identify its call or member skipped');
  };
}
