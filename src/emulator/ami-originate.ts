import { aid, failure, success, type ActionContext, type ActionHandler } from './ami-reply.ts';
import { startCdr } from './cdr.ts';
import { amiChannelFields, type Channel, type Fields } from './channel.ts';
import { ChanSpySession } from './chanspy.ts';
import { OUTBOUND_CONTEXT, runOutboundContext } from './citizen-call.ts';
import { originateToCitizen } from './originate-citizen.ts';
import type { OriginateRequest } from './originate-request.ts';
import { uuid } from './ids.ts';
import type { Pbx } from './ports.ts';
import { amiTimestamp } from './time-format.ts';

/** The supervisor's phone picks up by itself after this long (emulated ms). */
const AUTO_ANSWER_MS = 1000;

function parseCallerId(v: string | undefined): [string, string] {
  if (!v) return ['', ''];
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(v);
  return m ? [m[2]!.trim(), m[1]!.trim()] : [v.trim(), ''];
}

function parse(ctx: ActionContext): OriginateRequest {
  const m = ctx.msg;
  const dial = m.get('Channel') ?? '';
  const ep = /^PJSIP\/([^/@]+)$/i.exec(dial)?.[1];
  const [cidNum, cidName] = parseCallerId(m.get('CallerID'));
  const vars = m
    .getAll('Variable')
    .flatMap((v) => v.split(','))
    .map((kv) => kv.split('='))
    .filter((kv) => kv.length >= 2 && kv[0]!.trim() !== '')
    .map((kv) => [kv[0]!.trim(), kv.slice(1).join('=')] as [string, string]);
  return {
    dial,
    endpoint: ep,
    app: m.get('Application') || undefined,
    data: m.get('Data') ?? '',
    context: m.get('Context') || 'default',
    exten: m.get('Exten') || 's',
    priority: Number.parseInt(m.get('Priority') ?? '1', 10) || 1,
    timeoutMs: Number.parseInt(m.get('Timeout') ?? '30000', 10) || 30000,
    cidNum,
    cidName,
    vars,
    channelId: m.get('ChannelId') ?? '',
  };
}

/** OriginateResponse: ActionID comes right after Timestamp. */
export function originateResponse(
  pbx: Pbx,
  ctx: ActionContext,
  r: OriginateRequest,
  ok: boolean,
  reason: number,
  ch?: Channel,
): void {
  const fields: Fields = [
    ['Event', 'OriginateResponse'],
    ['Privilege', 'call,all'],
    ['Timestamp', amiTimestamp()],
    ...aid(ctx),
    ['Response', ok ? 'Success' : 'Failure'],
    // A failed dial returns no channel: the requested Tech/Data and our ChannelId (main/manager.c 4472-4491).
    ['Channel', ok && ch ? ch.name : r.dial],
    ...(r.app
      ? [['Application', r.app] as const, ['Data', r.data] as const]
      : [['Context', r.context] as const, ['Exten', r.exten] as const]),
    ['Reason', String(reason)],
    ['Uniqueid', ok && ch ? ch.id : r.channelId || '<unknown>'],
    ['CallerIDNum', r.cidNum || '<unknown>'],
    ['CallerIDName', r.cidName || '<unknown>'],
  ];
  pbx.ami.raw(fields, 'call,all');
}

/**
 * An Originate dials through ast_dial with no calling channel (pbx_outgoing_exec runs
 * ast_dial_run(dial, NULL, 0)), so its DialBegin / DialState / DialEnd carry only the Dest…
 * block, then DialString or DialStatus (manager_channels.c channel_dial_cb).
 */
function dialEvent(pbx: Pbx, name: string, ch: Channel, last: [string, string]): void {
  pbx.ami.event(name, 'call,all', [...amiChannelFields(ch, 'Dest'), last]);
}

/** ast_hangup_cause_to_dial_status: what a phone that hung up while ringing makes of the dial. */
const dialStatusOf = (cause: number): string =>
  cause === 17 ? 'BUSY' : cause === 34 ? 'CONGESTION' : cause === 3 || cause === 20 ? 'CHANUNAVAIL' : 'NOANSWER';

/** Runs the originate; `done(ok, reason, ch)` fires once with the outcome. */
function run(pbx: Pbx, r: OriginateRequest, done: (ok: boolean, reason: number, ch?: Channel) => void): void {
  if (originateToCitizen(pbx, r, done)) return;
  const ep = r.endpoint;
  if (!ep || ep === 'trunk' || !pbx.devices.isEndpoint(ep) || !pbx.devices.isRegistered(ep)) {
    done(false, 0);
    return;
  }
  const id = r.channelId || pbx.ids.uniqueid();
  const ch = pbx.createChannel({
    id,
    linkedid: id,
    name: `PJSIP/${ep}-${pbx.ids.channelSuffix('PJSIP')}`,
    tech: 'PJSIP',
    endpoint: ep,
    kind: 'originate',
    state: 0,
    callerNum: r.cidNum,
    callerName: r.cidName,
    context: r.context,
    exten: r.exten,
    priority: r.priority,
    protocolId: uuid(),
  });
  startCdr(ch);
  for (const [k, v] of r.vars) pbx.setVar(ch, k, v);
  if (r.cidNum || r.cidName) {
    pbx.chanEvent('NewCallerid', 'call,all', ch, [['CID-CallingPres', '0 (Presentation Allowed, Not Screened)']]);
  }
  dialEvent(pbx, 'DialBegin', ch, ['DialString', ep]);
  pbx.setState(ch, 5);
  dialEvent(pbx, 'DialState', ch, ['DialStatus', 'RINGING']);
  let settled = false;
  const settle = (ok: boolean, reason: number): void => {
    if (settled) return;
    settled = true;
    auto.cancel();
    timeout.cancel();
    done(ok, reason, ch);
  };
  const answer = (): void => {
    if (settled || ch.hangingUp) return;
    pbx.setState(ch, 6);
    dialEvent(pbx, 'DialEnd', ch, ['DialStatus', 'ANSWER']);
    settle(true, 4);
    startApplication(pbx, ch, r);
  };
  const auto = pbx.timers.after(AUTO_ANSWER_MS, answer);
  // ast_dial's own timeout hangs the phone up without a DialEnd.
  const timeout = pbx.timers.after(r.timeoutMs, () => {
    settle(false, 3);
    pbx.destroy(ch, 19);
  });
  ch.owner = {
    answer,
    onHangup: (_c, req) => {
      if (!settled) dialEvent(pbx, 'DialEnd', ch, ['DialStatus', dialStatusOf(req.cause)]);
      settle(false, 1);
      pbx.destroy(ch, req.cause);
    },
  };
  pbx.hooks.emit('endpoint-ringing', ep, ch);
}

/** After answer: ChanSpy listens/whispers; a dialplan target just holds the line. */
function startApplication(pbx: Pbx, ch: Channel, r: OriginateRequest): void {
  if (r.app?.toLowerCase() === 'chanspy') {
    ch.appName = 'ChanSpy';
    ch.appData = r.data;
    const [prefix = '', options = ''] = r.data.split(',');
    const spy = new ChanSpySession(pbx, ch, prefix, options);
    ch.owner = { onHangup: (_c, req) => (spy.stop(), pbx.destroy(ch, req.cause)) };
    return;
  }
  ch.owner = undefined;
  // Operator first (callbacks): the operator's phone is up, the outbound context dials the citizen.
  if (!r.app && r.context === OUTBOUND_CONTEXT) return runOutboundContext(pbx, ch, r.exten);
  if (r.app) {
    ch.appName = r.app;
    ch.appData = r.data;
    return;
  }
  pbx.newexten(ch, r.priority, 'Wait', '3600');
}

const originate: ActionHandler = (ctx) => {
  const r = parse(ctx);
  if (!r.dial) return failure(ctx, 'Channel not specified');
  if (!r.app && !ctx.msg.get('Exten')) return failure(ctx, 'Exten not specified');
  const async = /^(yes|true|y|t|1|on)$/i.test(ctx.msg.get('Async') ?? '');
  const { pbx } = ctx;
  if (async) {
    success(ctx, 'Originate successfully queued');
    run(pbx, r, (ok, reason, ch) => originateResponse(pbx, ctx, r, ok, reason, ch));
    return;
  }
  run(pbx, r, (ok) => (ok ? success(ctx, 'Originate successfully queued') : failure(ctx, 'Originate failed')));
};

export const originateActions: Record<string, ActionHandler> = { originate };
