import type { AmiMessage } from '../asterisk/ami/index.ts';
import type { BootWatch } from './boot-watch.ts';
import { recheckCalls, reconcileCalls } from './call-reconcile.ts';
import { closeUnseenCalls, findStoredCalls, type StoredCall } from './call-restore-repository.ts';
import { parseCoreShowChannels, type ChannelInfo } from './core-channels.ts';
import type { PbxLinkOptions } from './pbx-link-options.ts';

/**
 * After a (re)connect of one server: end the calls a restarted Asterisk lost, reconcile the live
 * calls with its channels, then take its queue members as the truth about its operators.
 * `before` holds the calls we had before this connection, `downSince` when the link went down.
 */
export async function resyncPbx(
  o: PbxLinkOptions,
  boots: BootWatch,
  before: ReadonlySet<string>,
  downSince: number,
): Promise<void> {
  // Events that arrive while the lists are on their way (often in the same TCP read as their
  // last item) are newer than the snapshot: the calls they touch are left as the events say.
  const recent = new Set<string>();
  const mark = (m: AmiMessage) => {
    const l = m.get('Linkedid');
    if (l) recent.add(l);
  };
  o.ami.on('event', mark);
  try {
    const askedAt = Date.now();
    const lists = Promise.all([o.ami.actionList('QueueStatus'), o.ami.actionList('CoreShowChannels')]);
    lists.catch(() => undefined); // awaited below; a rejection meanwhile is not unhandled
    // Before the reconcile: a restarted Asterisk's lost calls are pbx-restart, not "hung up".
    await checkRestart(o, boots, before, downSince);
    const [{ items }, channels] = await lists;
    const info = parseCoreShowChannels(channels.items);
    // Followed live before the reconcile: the tracker ends or keeps these itself, the recorder writes them.
    const followed = o.tracker
      .active()
      .filter((c) => c.serverId === o.serverId)
      .map((c) => c.linkedid);
    const stored = await storedRows(o, info);
    const unknown = info.filter((c) => c.uniqueid === c.linkedid && !o.tracker.get(o.serverId, c.linkedid));
    const r = reconcileCalls(
      o.tracker,
      o.serverId,
      info,
      items,
      (exten) => o.serviceNumbers.includes(exten),
      Date.now(),
      recent,
      stored,
    );
    if (r.ended || r.rebuilt) o.logger.info({ ...r }, 'calls reconciled with Asterisk after connect');
    const racy = unknown.map((c) => c.linkedid).filter((l) => recent.has(l) && o.tracker.get(o.serverId, l));
    if (racy.length > 0) await secondLook(o, racy);
    await closeUnseen(o, [...followed, ...info.map((c) => c.linkedid), ...recent], askedAt);
    const members = queueMembers(items);
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

/** QueueStatus and CoreShowChannels, asked together: the picture of the calls Asterisk has now. */
function askLists(o: PbxLinkOptions) {
  return Promise.all([o.ami.actionList('QueueStatus'), o.ami.actionList('CoreShowChannels')]);
}

/**
 * Between reconnects: live calls whose channels Asterisk no longer has are ended (and calls it
 * has that we lost track of are rebuilt), so a hang-up that never reached us (a frame dropped as
 * oversized, a peer that never sends it) cannot keep a call in memory for ever.
 */
export async function reconcileLive(o: PbxLinkOptions): Promise<void> {
  const recent = new Set<string>();
  const mark = (m: AmiMessage) => {
    const l = m.get('Linkedid');
    if (l) recent.add(l);
  };
  o.ami.on('event', mark);
  try {
    const [{ items }, channels] = await askLists(o);
    const isService = (exten: string) => o.serviceNumbers.includes(exten);
    const channelsNow = parseCoreShowChannels(channels.items);
    const r = reconcileCalls(o.tracker, o.serverId, channelsNow, items, isService, Date.now(), recent);
    if (r.ended || r.rebuilt) o.logger.warn({ ...r }, 'live calls reconciled with Asterisk: some events were missed');
  } catch (err) {
    o.logger.warn({ err: (err as Error).message }, 'periodic reconcile with Asterisk failed; retried at the next one');
  } finally {
    o.ami.off('event', mark);
  }
}

/** An Asterisk restart since the last connection: its channels are gone, end their calls as such. */
async function checkRestart(
  o: PbxLinkOptions,
  boots: BootWatch,
  before: ReadonlySet<string>,
  downSince: number,
): Promise<void> {
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

/** The records of the callers cti137 does not follow (after its own restart): where a rebuild starts. */
async function storedRows(o: PbxLinkOptions, info: ChannelInfo[]): Promise<Map<string, StoredCall>> {
  const unknown = info
    .filter((c) => c.uniqueid === c.linkedid && !o.tracker.get(o.serverId, c.linkedid))
    .map((c) => c.linkedid);
  if (!o.db || unknown.length === 0) return new Map();
  try {
    return await findStoredCalls(o.db, o.serverId, unknown);
  } catch (err) {
    o.logger.warn({ err: (err as Error).message }, 'call records unreadable; calls rebuilt from Asterisk alone');
    return new Map();
  }
}

/** The rebuilt calls whose events overtook the snapshot, against a newer one (call-reconcile.ts recheckCalls). */
async function secondLook(o: PbxLinkOptions, linkedids: string[]): Promise<void> {
  const newer = new Set<string>();
  const mark = (m: AmiMessage) => {
    const l = m.get('Linkedid');
    if (l) newer.add(l);
  };
  o.ami.on('event', mark);
  try {
    const { items } = await o.ami.actionList('CoreShowChannels');
    // A call that moved again meanwhile is left as its events say, as in the first pass.
    recheckCalls(
      o.tracker,
      o.serverId,
      parseCoreShowChannels(items),
      linkedids.filter((l) => !newer.has(l)),
    );
  } finally {
    o.ami.off('event', mark);
  }
}

/** Rows still open whose call is gone from Asterisk and from us: nobody else will ever close them. */
async function closeUnseen(o: PbxLinkOptions, alive: string[], askedAt: number): Promise<void> {
  if (!o.db) return;
  try {
    const closed = await closeUnseenCalls(o.db, o.serverId, alive, askedAt);
    if (closed) o.logger.warn({ closed }, 'closed call records whose end cti137 never saw (it was down)');
  } catch (err) {
    o.logger.warn({ err: (err as Error).message }, 'could not close call records left open; next connect retries');
  }
}

/** The members a QueueStatus listed, as syncMembers takes them. */
function queueMembers(items: AmiMessage[]) {
  return items
    .filter((m) => m.event === 'QueueMember')
    .map((m) => ({
      interface: m.get('Location') ?? m.get('Interface') ?? '',
      paused: m.get('Paused') === '1',
      reason: m.get('PausedReason') ?? '',
      inCall: m.get('InCall') === '1',
    }));
}
