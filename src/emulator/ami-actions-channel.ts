import { aid, failure, isTrue, sendList, success, type ActionContext, type ActionHandler } from './ami-reply.ts';
import { amiBridgeFields } from './bridge.ts';
import { amiChannelFields, type Channel, type Fields } from './channel.ts';
import { redirect } from './redirect.ts';
import { hms } from './time-format.ts';

function channelArg(ctx: ActionContext): Channel | undefined {
  const name = ctx.msg.get('Channel');
  return name ? ctx.pbx.findChannel(name) : undefined;
}

/** A few dialplan functions a CTI server reads through Getvar. */
function readVar(ch: Channel, name: string): string {
  switch (name.toUpperCase()) {
    case 'CALLERID(NUM)':
      return ch.callerNum;
    case 'CALLERID(NAME)':
      return ch.callerName;
    case 'CALLERID(ALL)':
      return `"${ch.callerName}" <${ch.callerNum}>`;
    case 'UNIQUEID':
      return ch.id;
    case 'CHANNEL(NAME)':
      return ch.name;
    default:
      return ch.vars.get(name) ?? '';
  }
}

const coreShowChannels: ActionHandler = (ctx) => {
  const now = Date.now();
  const items: Fields[] = [...ctx.pbx.channels.values()].map((ch) => [
    ['Event', 'CoreShowChannel'],
    ...aid(ctx),
    ...amiChannelFields(ch),
    ['Application', ch.appName],
    ['ApplicationData', ch.appData],
    ['Duration', hms((now - ch.createdAt) / 1000)],
    ['BridgeId', ch.bridgeId ?? ''],
  ]);
  sendList(ctx, 'Channels will follow', items, 'CoreShowChannelsComplete');
};

const status: ActionHandler = (ctx) => {
  const { pbx, msg } = ctx;
  const wanted = msg.get('Channel');
  const one = wanted ? pbx.findChannel(wanted) : undefined;
  if (wanted && !one) return failure(ctx, 'No such channel');
  const names = (msg.get('Variables') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const all = isTrue(msg.get('AllVariables'));
  const now = Date.now();
  const items: Fields[] = (one ? [one] : [...pbx.channels.values()]).map((ch) => {
    const vars = all ? [...ch.vars.entries()] : names.map((n) => [n, readVar(ch, n)] as const);
    return [
      ['Event', 'Status'],
      ['Privilege', 'Call'],
      ...amiChannelFields(ch),
      ['Type', ch.tech],
      ['DNID', ch.dnid],
      ['EffectiveConnectedLineNum', ch.connectedNum || '<unknown>'],
      ['EffectiveConnectedLineName', ch.connectedName || '<unknown>'],
      ['TimeToHangup', '0'],
      ['BridgeID', ch.bridgeId ?? ''],
      ['Application', ch.appName],
      ['Data', ch.appData],
      ['Nativeformats', '(ulaw)'],
      ['Readformat', 'ulaw'],
      ['Readtrans', ''],
      ['Writeformat', 'ulaw'],
      ['Writetrans', ''],
      ['Callgroup', '0'],
      ['Pickupgroup', '0'],
      ['Seconds', String(Math.floor((now - ch.createdAt) / 1000))],
      ...vars.map(([k, v]) => ['Variable', `${k}=${v}`] as const),
      ...aid(ctx),
    ];
  });
  sendList(ctx, 'Channel status will follow', items, 'StatusComplete', [['Items', String(items.length)]]);
};

const getvar: ActionHandler = (ctx) => {
  const variable = ctx.msg.get('Variable');
  if (!variable) return failure(ctx, 'No variable specified');
  let value = ctx.pbx.globals.get(variable) ?? '';
  if (ctx.msg.get('Channel')) {
    const ch = channelArg(ctx);
    if (!ch) return failure(ctx, 'No such channel');
    value = readVar(ch, variable);
  }
  success(ctx, undefined, [
    ['Variable', variable],
    ['Value', value],
  ]);
};

const setvar: ActionHandler = (ctx) => {
  const variable = ctx.msg.get('Variable');
  if (!variable) return failure(ctx, 'No variable specified');
  const value = ctx.msg.get('Value') ?? '';
  if (!ctx.msg.get('Channel')) {
    ctx.pbx.globals.set(variable, value);
    return success(ctx, 'Variable Set');
  }
  const ch = channelArg(ctx);
  if (!ch) return failure(ctx, 'No such channel');
  success(ctx, 'Variable Set');
  ctx.pbx.setVar(ch, variable, value);
};

const hangup: ActionHandler = (ctx) => {
  const name = ctx.msg.get('Channel');
  if (!name) return failure(ctx, 'No channel specified');
  const cause = Number.parseInt(ctx.msg.get('Cause') ?? '16', 10) || 16;
  const regex = /^\/(.*)\/$/.exec(name);
  if (regex) {
    let re: RegExp;
    try {
      re = new RegExp(regex[1]!);
    } catch {
      return failure(ctx, 'Regex compile failed on: ' + name);
    }
    const hits = [...ctx.pbx.channels.values()].filter((c) => re.test(c.name));
    success(ctx, `${hits.length} channels hung up.`);
    for (const ch of hits) ctx.pbx.hangup(ch, { origin: 'soft', cause });
    return;
  }
  const ch = ctx.pbx.findChannel(name);
  if (!ch) return failure(ctx, 'No such channel');
  success(ctx, 'Channel Hungup');
  ctx.pbx.hangup(ch, { origin: 'soft', cause });
};

const redirectAction: ActionHandler = (ctx) => {
  const name = ctx.msg.get('Channel');
  if (!name) return failure(ctx, 'Channel not specified');
  const prio = ctx.msg.get('Priority') ?? '1';
  const priority = Number.parseInt(prio, 10);
  if (!Number.isInteger(priority) || priority < 1) return failure(ctx, 'Invalid priority');
  const ch = ctx.pbx.findChannel(name);
  if (!ch) return failure(ctx, `Channel does not exist: ${name}`);
  const context = ctx.msg.get('Context') || ch.context;
  const exten = ctx.msg.get('Exten') || ch.exten;
  const err = redirect(ctx.pbx, ch, { context, exten, priority }, () => success(ctx, 'Redirect successful'));
  if (err) failure(ctx, err);
};

const bridgeList: ActionHandler = (ctx) => {
  const items: Fields[] = [...ctx.pbx.bridges.values()].map((b) => [
    ['Event', 'BridgeListItem'],
    ...aid(ctx),
    ...amiBridgeFields(b),
  ]);
  sendList(ctx, 'Bridge listing will follow', items, 'BridgeListComplete');
};

const playDtmf: ActionHandler = (ctx) => {
  const ch = channelArg(ctx);
  const digit = ctx.msg.get('Digit');
  if (!ch) return failure(ctx, 'Channel not found');
  if (!digit || !/^[0-9*#A-D]$/.test(digit)) return failure(ctx, 'No digit specified');
  const duration = Number.parseInt(ctx.msg.get('Duration') ?? '250', 10) || 250;
  ctx.pbx.chanEvent('DTMFBegin', 'dtmf,all', ch, [
    ['Digit', digit],
    ['Direction', 'Sent'],
  ]);
  ctx.pbx.timers.after(duration, () => {
    if (ch.destroyed) return;
    ctx.pbx.chanEvent('DTMFEnd', 'dtmf,all', ch, [
      ['Digit', digit],
      ['DurationMs', String(duration)],
      ['Direction', 'Sent'],
    ]);
    success(ctx, 'DTMF successfully queued');
  });
};

export const channelActions: Record<string, ActionHandler> = {
  coreshowchannels: coreShowChannels,
  status,
  getvar,
  setvar,
  hangup,
  redirect: redirectAction,
  bridgelist: bridgeList,
  playdtmf: playDtmf,
};
