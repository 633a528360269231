import { blindTransfer } from './blind-transfer.ts';
import type { Channel } from './channel.ts';
import { citizenRoutes } from './citizen-phones.ts';
import { callControlRoutes } from './control-transfer.ts';
import { placeCall } from './dialplan.ts';
import { DTMF_RE, receiveDtmf } from './dtmf.ts';
import { setRegistration } from './endpoints.ts';
import { stateSnapshot } from './emulator-state.ts';
import { HttpError, route, sendJson, type HttpCtx, type Route } from './http-util.ts';
import type { Pbx } from './ports.ts';

/** What the control API needs from the emulator around the PBX. */
export interface ControlDeps {
  pbx: Pbx;
  reset(): void;
  restart(downMs?: number, opts?: { crash?: boolean }): Promise<void>;
  traffic: { enabled(): boolean; set(on: boolean): void };
  /** Close every AMI connection without touching calls (POST /_emulator/ami/drop). */
  dropAmi?: () => number;
}

const NUMBER_RE = /^(\+?[0-9*#]{1,32}|anonymous)$/;

function obj(c: HttpCtx): Record<string, unknown> {
  if (c.body === undefined) return {};
  if (typeof c.body !== 'object' || c.body === null || Array.isArray(c.body)) {
    throw new HttpError(400, 'Body must be a JSON object');
  }
  return c.body as Record<string, unknown>;
}

function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new HttpError(400, `"${key}" must be a string`);
  return String(v);
}

function liveChannel(pbx: Pbx, id: string): Channel {
  const ch = pbx.findChannel(id);
  if (!ch || ch.hangingUp) throw new HttpError(404, `No live channel ${id}`);
  return ch;
}

function endpointName(pbx: Pbx, c: HttpCtx): string {
  const name = c.params.name ?? '';
  if (!pbx.opts.endpoints.includes(name))
    throw new HttpError(404, `Unknown endpoint ${name}; known: ${pbx.opts.endpoints.join(', ')}`);
  return name;
}

function newCall(pbx: Pbx, c: HttpCtx): void {
  const body = obj(c);
  const from = (str(body, 'from') ?? '').trim();
  const to = (str(body, 'to') ?? '137').trim();
  const name = str(body, 'name');
  if (!NUMBER_RE.test(from))
    throw new HttpError(400, '"from" must be a phone number (digits, optional +, up to 32) or "anonymous"');
  if (to !== '137') throw new HttpError(400, `Only 137 is routed by the emulated dialplan, not "${to}"`);
  if (name !== undefined && name.length > 80) throw new HttpError(400, '"name" must be at most 80 characters');
  const ch = placeCall(pbx, { from, to, name: name?.replace(/[\r\n]+/g, ' ') });
  sendJson(c.res, 200, { channelId: ch.id, linkedid: ch.linkedid });
}

/** `{downMs, crash}`: `core restart now` (or a crash) and back after downMs. */
function restartRoute(d: ControlDeps): Route {
  return route('POST', '/_emulator/restart', (c) => {
    const body = obj(c);
    const ms = Number(body.downMs ?? 1000);
    if (!Number.isFinite(ms) || ms < 0 || ms > 600_000) throw new HttpError(400, '"downMs" must be 0 to 600000');
    const crash = body.crash ?? false;
    if (typeof crash !== 'boolean') throw new HttpError(400, '"crash" must be true or false');
    // Restart closes this very server, so only once the response has left.
    c.res.on(
      'finish',
      () => void d.restart(ms, { crash }).catch((err) => d.pbx.log.error({ err }, 'emulator: restart failed')),
    );
    sendJson(c.res, 202, { ok: true, downMs: ms, crash });
  });
}

export function controlRoutes(d: ControlDeps): Route[] {
  const { pbx } = d;
  return [
    route('POST', '/_emulator/calls', (c) => newCall(pbx, c)),
    route('POST', '/_emulator/channels/:id/hangup', (c) => {
      const ch = liveChannel(pbx, c.params.id ?? '');
      pbx.hangup(ch, { origin: 'remote', cause: 16 });
      sendJson(c.res, 200, { channelId: ch.id });
    }),
    route('POST', '/_emulator/channels/:id/dtmf', (c) => {
      const ch = liveChannel(pbx, c.params.id ?? '');
      const digits = str(obj(c), 'digits') ?? '';
      if (!DTMF_RE.test(digits) || digits.length > 64) {
        throw new HttpError(400, '"digits" must be 1 to 64 of 0-9, *, #, A-D (for example "4")');
      }
      receiveDtmf(pbx, ch, digits);
      sendJson(c.res, 200, { channelId: ch.id, digits });
    }),
    route('POST', '/_emulator/endpoints/:name/answer', (c) => {
      const name = endpointName(pbx, c);
      const ringing = [...pbx.channels.values()].find(
        (ch) => ch.endpoint === name && ch.state === 5 && ch.owner?.answer,
      );
      if (!ringing) throw new HttpError(409, `Phone ${name} is not ringing`);
      ringing.owner!.answer!();
      sendJson(c.res, 200, { channelId: ringing.id });
    }),
    route('POST', '/_emulator/endpoints/:name/hangup', (c) => {
      const name = endpointName(pbx, c);
      const legs = [...pbx.channels.values()].filter((ch) => ch.endpoint === name && !ch.hangingUp);
      if (legs.length === 0) throw new HttpError(409, `Phone ${name} has no call to hang up`);
      for (const ch of legs) pbx.hangup(ch, { origin: 'remote', cause: 16 });
      sendJson(c.res, 200, { channelIds: legs.map((l) => l.id) });
    }),
    route('POST', '/_emulator/endpoints/:name/blind-transfer', (c) => {
      const name = endpointName(pbx, c);
      const body = obj(c);
      const target = { context: str(body, 'context') ?? 'from-trunk', exten: str(body, 'exten') ?? '137' };
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(target.context) || !/^[A-Za-z0-9_*#+-]{1,40}$/.test(target.exten)) {
        throw new HttpError(400, '"context" and "exten" must be dialplan names (e.g. from-trunk, 137)');
      }
      const leg = [...pbx.channels.values()].find((ch) => ch.endpoint === name && ch.bridgeId && !ch.hangingUp);
      if (!leg) throw new HttpError(409, `Phone ${name} is not in a call`);
      const out = blindTransfer(pbx, leg, target);
      if (typeof out === 'string') throw new HttpError(409, out);
      sendJson(c.res, 200, { channelId: out.id, transferer: leg.id, ...target });
    }),
    ...callControlRoutes({ pbx, dropAmi: d.dropAmi ?? (() => 0) }),
    ...citizenRoutes(pbx),
    route('POST', '/_emulator/endpoints/:name/register', (c) => {
      setRegistration(pbx, endpointName(pbx, c), true);
      sendJson(c.res, 200, { ok: true });
    }),
    route('POST', '/_emulator/endpoints/:name/unregister', (c) => {
      setRegistration(pbx, endpointName(pbx, c), false);
      sendJson(c.res, 200, { ok: true });
    }),
    route('GET', '/_emulator/actions', (c) => sendJson(c.res, 200, pbx.actions.list())),
    // A network blip on the ARI event socket: apps lose their socket, channels stay in Stasis.
    route('POST', '/_emulator/ari/drop', (c) => sendJson(c.res, 200, { dropped: pbx.ari.dropConnections() })),
    route('GET', '/_emulator/state', (c) => sendJson(c.res, 200, stateSnapshot(pbx, d.traffic.enabled()))),
    route('POST', '/_emulator/reset', (c) => {
      d.reset();
      sendJson(c.res, 200, { ok: true });
    }),
    restartRoute(d),
    route('POST', '/_emulator/traffic', (c) => {
      const on = obj(c).on;
      if (typeof on !== 'boolean') throw new HttpError(400, '"on" must be true or false');
      d.traffic.set(on);
      sendJson(c.res, 200, { traffic: on });
    }),
  ];
}
