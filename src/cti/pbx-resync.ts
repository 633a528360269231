import type { AmiMessage } from '../asterisk/ami/index.ts';
import type { BootWatch } from './boot-watch.ts';
import { reconcileCalls } from './call-reconcile.ts';
import { parseCoreShowChannels } from './core-channels.ts';
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
    const lists = Promise.all([o.ami.actionList('QueueStatus'), o.ami.actionList('CoreShowChannels')]);
    lists.catch(() => undefined); // awaited below; a rejection meanwhile is not unhandled
    // Before the reconcile: a restarted Asterisk's lost calls are pbx-restart, not "hung up".
    await checkRestart(o, boots, before, downSince);
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
