import { cancelAttended, completeAttended, startAttended } from './attended-transfer.ts';
import { blindTransfer } from './blind-transfer.ts';
import type { Channel } from './channel.ts';
import { hold, unhold } from './hold.ts';
import { HttpError, route, sendJson, type HttpCtx, type Route } from './http-util.ts';
import type { Pbx } from './ports.ts';
import { TRANSFER_CONTEXT, transferExten } from './transfer-dialplan.ts';

// Control routes for what an operator's phone does in mid-call (hold, transfers) and for cutting
// the AMI link alone. Kept apart from control-api.ts so each stays one concept.

export interface CallControlDeps {
  pbx: Pbx;
  /** Close every AMI connection (calls untouched); returns how many were open. */
  dropAmi(): number;
}

const TARGET_RE = /^[A-Za-z0-9_-]{1,40}$/;

function endpointOf(pbx: Pbx, c: HttpCtx): string {
  const name = c.params.name ?? '';
  if (!pbx.opts.endpoints.includes(name))
    throw new HttpError(404, `Unknown endpoint ${name}; known: ${pbx.opts.endpoints.join(', ')}`);
  return name;
}

/** The phone's leg that is in a bridge now (its current conversation). */
function talkingLeg(pbx: Pbx, endpoint: string): Channel {
  const leg = [...pbx.channels.values()].find(
    (ch) => ch.endpoint === endpoint && ch.kind === 'agent' && ch.bridgeId && !ch.hangingUp,
  );
  if (!leg) throw new HttpError(409, `Phone ${endpoint} is not in a call`);
  return leg;
}

/** The `to` of the body: a phone, or (for a blind transfer) a queue, or 137 for the whole flow again. */
function target(pbx: Pbx, c: HttpCtx, kinds: 'queue-or-phone' | 'phone'): string {
  const body = (c.body ?? {}) as Record<string, unknown>;
  const to = typeof body.to === 'string' ? body.to : typeof body.to === 'number' ? String(body.to) : '';
  if (!TARGET_RE.test(to)) throw new HttpError(400, '"to" must be a queue name (q137) or a phone (1002)');
  if (kinds === 'phone' ? !pbx.opts.endpoints.includes(to) : !transferExten(pbx, to)) {
    throw new HttpError(
      400,
      `"to" must be ${kinds === 'phone' ? 'a phone' : 'q137, q137overflow, q137hazard, 137 or a phone'}; "${to}" is none`,
    );
  }
  return to;
}

const check = <T>(out: T | string): T => {
  if (typeof out === 'string') throw new HttpError(409, out);
  return out;
};

export function callControlRoutes(d: CallControlDeps): Route[] {
  const { pbx } = d;
  return [
    // A blind transfer by the operator's phone (REFER): the caller runs agents,<exten> (1370 for q137, …).
    route('POST', '/_emulator/endpoints/:name/transfer', (c) => {
      const leg = talkingLeg(pbx, endpointOf(pbx, c));
      const exten = transferExten(pbx, target(pbx, c, 'queue-or-phone'))!;
      const caller = check(blindTransfer(pbx, leg, { context: TRANSFER_CONTEXT, exten }));
      sendJson(c.res, 200, { channelId: caller.id, transferer: leg.id, context: TRANSFER_CONTEXT, exten });
    }),
    route('POST', '/_emulator/endpoints/:name/attended-transfer', (c) => {
      const leg = talkingLeg(pbx, endpointOf(pbx, c));
      const { consult } = check(startAttended(pbx, leg, target(pbx, c, 'phone')));
      sendJson(c.res, 200, { consultChannelId: consult.id, transferer: leg.id });
    }),
    route('POST', '/_emulator/endpoints/:name/attended-transfer/complete', (c) => {
      const name = endpointOf(pbx, c);
      const legs = [...pbx.channels.values()].filter(
        (ch) => ch.endpoint === name && ch.kind === 'agent' && !ch.hangingUp,
      );
      const errors: string[] = [];
      for (const leg of legs) {
        const out = completeAttended(pbx, leg);
        if (typeof out !== 'string') return sendJson(c.res, 200, { channelId: out.caller.id, target: out.target.id });
        errors.push(out);
      }
      throw new HttpError(409, errors[0] ?? `Phone ${name} is not consulting`);
    }),
    route('POST', '/_emulator/endpoints/:name/attended-transfer/cancel', (c) => {
      const name = endpointOf(pbx, c);
      const legs = [...pbx.channels.values()].filter(
        (ch) => ch.endpoint === name && ch.kind === 'agent' && !ch.hangingUp,
      );
      if (!legs.some((leg) => cancelAttended(pbx, leg) === undefined))
        throw new HttpError(409, `Phone ${name} is not consulting`);
      sendJson(c.res, 200, { ok: true });
    }),
    route('POST', '/_emulator/endpoints/:name/hold', (c) => {
      const leg = talkingLeg(pbx, endpointOf(pbx, c));
      const err = hold(pbx, leg);
      if (err) throw new HttpError(409, err);
      sendJson(c.res, 200, { channelId: leg.id });
    }),
    route('POST', '/_emulator/endpoints/:name/unhold', (c) => {
      const leg = talkingLeg(pbx, endpointOf(pbx, c));
      const err = unhold(pbx, leg);
      if (err) throw new HttpError(409, err);
      sendJson(c.res, 200, { channelId: leg.id });
    }),
    // A network blip on the AMI link only: clients lose their socket, every call goes on.
    route('POST', '/_emulator/ami/drop', (c) => sendJson(c.res, 200, { dropped: d.dropAmi() })),
  ];
}
