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
/** `logger` should already carry the server tag (start-app passes a child logger with `server`). */
export function linkPbx(o: { serverId: string; ami: AmiClient; tracker: CallTracker; operators: () => OperatorService; queues?: QueueState; serviceNumbers: string[]; logger: Logger }): void {
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
    const before = new Set(o.tracker.active().filter((c) => c.serverId === o.serverId).map((c) => c.key));
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
    if (verdict === 'reloaded') o.logger.info({}, 'Asterisk reloaded its configuration while the link was down; calls are kept');
    if (verdict !== 'restarted') return;
    const gone = o.tracker.dropServer(o.serverId, downSince, (c) => before.has(c.key));
    o.logger.warn({ lostCalls: gone.length, startup: boots.startup }, 'Asterisk restarted: the calls it had are ended as pbx-restart');
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
      const r = reconcileCalls(o.tracker, o.serverId, parseCoreShowChannels(channels.items), items, (exten) => o.serviceNumbers.includes(exten), Date.now(), recent);
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

/**
 * Tells an Asterisk restart from a dropped connection, across connections: CoreStatus's
 * CoreStartupDate/Time change only when Asterisk starts again (a `core reload` changes
 * CoreReloadDate/Time and keeps the channels). Without CoreStatus (an AMI user without the
 * `system`/`reporting` class), FullyBooted's Uptime gives the start to within a few seconds.
 */
export class BootWatch {
  /** CoreStartupDate + CoreStartupTime of the Asterisk we last talked to. */
  startup: string | null = null;
  private reload: string | null = null;
  /** Start time estimated from FullyBooted's Uptime (ms since epoch). */
  private bootEstimate: number | null = null;
  private bootThisConnection: number | null = null;

  connected(): void {
    this.bootThisConnection = null;
  }

  fullyBooted(m: AmiMessage, now: number): void {
    const up = Number(m.get('Uptime'));
    if (m.get('Uptime') !== undefined && Number.isFinite(up)) this.bootThisConnection = now - up * 1000;
  }

  /** After a (re)connect: the first connection is 'first'; later ones 'same', 'reloaded' or 'restarted'. */
  judge(core: AmiMessage | undefined): 'first' | 'same' | 'reloaded' | 'restarted' {
    const date = core?.get('CoreStartupDate');
    const time = core?.get('CoreStartupTime');
    const startup = date && time ? `${date} ${time}` : null;
    const reload = core ? `${core.get('CoreReloadDate') ?? ''} ${core.get('CoreReloadTime') ?? ''}` : null;
    const boot = this.bootThisConnection;
    const first = this.startup === null && this.bootEstimate === null;
    let verdict: 'first' | 'same' | 'reloaded' | 'restarted' = 'first';
    if (!first) {
      if (startup !== null && this.startup !== null) verdict = startup !== this.startup ? 'restarted' : reload !== this.reload ? 'reloaded' : 'same';
      // Uptime has whole seconds and the two readings a network delay between them.
      else if (boot !== null && this.bootEstimate !== null) verdict = Math.abs(boot - this.bootEstimate) > 3_000 ? 'restarted' : 'same';
      else verdict = 'same';
    }
    if (startup !== null) this.startup = startup;
    if (reload !== null) this.reload = reload;
    if (boot !== null) this.bootEstimate = boot;
    return verdict;
  }
}
