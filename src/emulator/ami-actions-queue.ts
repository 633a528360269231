import { aid, failure, isTrue, sendList, success, type ActionContext, type ActionHandler } from './ami-reply.ts';
import type { Fields } from './channel.ts';
import type { Pbx } from './ports.ts';
import { addMember, findForPause, pauseMembers, removeMember } from './queue-members.ts';
import { isRingable, memberListFields, type Queue } from './queue-model.ts';

const orUnknown = (v: string): string => (v === '' ? 'unknown' : v);

function selectQueues(pbx: Pbx, name: string | undefined): Queue[] {
  const all = [...pbx.queues.queues.values()];
  return name ? all.filter((q) => q.cfg.name === name) : all;
}

const waitSec = (pbx: Pbx, joinedAt: number): number => Math.floor(pbx.queues.since(joinedAt) / 1000);

const queueAdd: ActionHandler = (ctx) => {
  const m = ctx.msg;
  const queue = m.get('Queue');
  const iface = m.get('Interface');
  if (!queue) return failure(ctx, "'Queue' not specified.");
  if (!iface) return failure(ctx, "'Interface' not specified.");
  const result = addMemberChecked(ctx, queue, iface);
  if (result === 'exists') return failure(ctx, 'Unable to add interface: Already there');
  if (result === 'noqueue') return failure(ctx, 'Unable to add interface to queue: No such queue');
};

function addMemberChecked(ctx: ActionContext, queue: string, iface: string): 'ok' | 'exists' | 'noqueue' {
  const { pbx, msg } = ctx;
  const q = pbx.queues.get(queue);
  if (!q) return 'noqueue';
  if (q.members.some((x) => x.iface === iface)) return 'exists';
  // Respond first: the QueueMemberAdded event follows the response on the wire.
  success(ctx, 'Added interface to queue');
  return addMember(pbx, pbx.queues, {
    queue,
    iface,
    name: msg.get('MemberName'),
    stateInterface: msg.get('StateInterface'),
    paused: isTrue(msg.get('Paused')),
    reason: msg.get('Reason'),
    penalty: Number.parseInt(msg.get('Penalty') ?? '0', 10) || 0,
  });
}

const queueRemove: ActionHandler = (ctx) => {
  const queue = ctx.msg.get('Queue');
  const iface = ctx.msg.get('Interface');
  if (!queue || !iface) return failure(ctx, "Need 'Queue' and 'Interface' parameters.");
  const q = ctx.pbx.queues.get(queue);
  if (!q) return failure(ctx, 'Unable to remove interface from queue: No such queue');
  if (!q.members.some((x) => x.iface === iface)) return failure(ctx, 'Unable to remove interface: Not there');
  success(ctx, 'Removed interface from queue');
  removeMember(ctx.pbx, ctx.pbx.queues, queue, iface);
};

const queuePause: ActionHandler = (ctx) => {
  const iface = ctx.msg.get('Interface');
  const pausedRaw = ctx.msg.get('Paused');
  if (!iface || pausedRaw === undefined) return failure(ctx, "Need 'Interface' and 'Paused' parameters.");
  const members = findForPause(ctx.pbx.queues, iface, ctx.msg.get('Queue') || undefined);
  if (members.length === 0) return failure(ctx, 'Interface not found');
  const paused = isTrue(pausedRaw);
  success(ctx, paused ? 'Interface paused successfully' : 'Interface unpaused successfully');
  pauseMembers(ctx.pbx, ctx.pbx.queues, members, paused, ctx.msg.get('Reason') ?? '');
};

const queueStatus: ActionHandler = (ctx) => {
  const { pbx } = ctx;
  const id = aid(ctx);
  const memberFilter = ctx.msg.get('Member');
  const items: Fields[] = [];
  for (const q of selectQueues(pbx, ctx.msg.get('Queue') || undefined)) {
    items.push([
      ['Event', 'QueueParams'],
      ['Queue', q.cfg.name],
      ['Max', '0'],
      ['Strategy', q.cfg.strategy],
      ['Calls', String(q.callers.length)],
      ['Holdtime', String(q.holdtime)],
      ['TalkTime', String(q.talktime)],
      ['Completed', String(q.completed)],
      ['Abandoned', String(q.abandoned)],
      ['ServiceLevel', '0'],
      ['ServicelevelPerf', '0.0'],
      ['ServicelevelPerf2', '0.0'],
      ['Weight', String(q.cfg.weight)],
      ...id,
    ]);
    for (const m of q.members) {
      if (!memberFilter || m.iface === memberFilter || m.name === memberFilter) items.push(memberListFields(m, id));
    }
    q.callers.forEach((c, i) => {
      items.push([
        ['Event', 'QueueEntry'],
        ['Queue', q.cfg.name],
        ['Position', String(i + 1)],
        ['Channel', c.ch.name],
        ['Uniqueid', c.ch.id],
        ['CallerIDNum', orUnknown(c.ch.callerNum)],
        ['CallerIDName', orUnknown(c.ch.callerName)],
        ['ConnectedLineNum', orUnknown(c.ch.connectedNum)],
        ['ConnectedLineName', orUnknown(c.ch.connectedName)],
        ['Wait', String(waitSec(pbx, c.joinedAt))],
        ['Priority', String(c.prio)],
        ...id,
      ]);
    });
  }
  sendList(ctx, 'Queue status will follow', items, 'QueueStatusComplete');
};

const queueSummary: ActionHandler = (ctx) => {
  const { pbx } = ctx;
  const now = Date.now();
  const items: Fields[] = selectQueues(pbx, ctx.msg.get('Queue') || undefined).map((q) => [
    ['Event', 'QueueSummary'],
    ['Queue', q.cfg.name],
    ['LoggedIn', String(q.members.filter((m) => m.status !== 4 && m.status !== 5).length)],
    ['Available', String(q.members.filter((m) => isRingable(m, now)).length)],
    ['Callers', String(q.callers.length)],
    ['HoldTime', String(q.holdtime)],
    ['TalkTime', String(q.talktime)],
    ['LongestHoldTime', String(q.callers.reduce((mx, c) => Math.max(mx, waitSec(pbx, c.joinedAt)), 0))],
    ...aid(ctx),
  ]);
  sendList(ctx, 'Queue summary will follow', items, 'QueueSummaryComplete');
};

export const queueActions: Record<string, ActionHandler> = {
  queueadd: queueAdd,
  queueremove: queueRemove,
  queuepause: queuePause,
  queuestatus: queueStatus,
  queuesummary: queueSummary,
};
