import { ariChannelJson, type Channel } from './channel.ts';
import { ARI_HANGUP_REASONS } from './hangup-causes.ts';
import { HttpError, route, sendJson, type HttpCtx, type Route } from './http-util.ts';
import type { Playbacks } from './playback.ts';
import type { Pbx, RedirectTarget } from './ports.ts';

/** A parameter from the query string or the JSON body (ARI accepts both). */
export function param(c: HttpCtx, name: string): string | undefined {
  const q = c.query.get(name);
  if (q !== null) return q;
  const b = c.body;
  if (b && typeof b === 'object' && name in b) {
    const v = (b as Record<string, unknown>)[name];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  }
  return undefined;
}

function mediaList(c: HttpCtx): string[] {
  const fromQuery = c.query.getAll('media');
  const b = c.body as Record<string, unknown> | undefined;
  const fromBody = b && typeof b === 'object' ? b.media : undefined;
  const raw = fromQuery.length
    ? fromQuery
    : Array.isArray(fromBody)
      ? fromBody.map(String)
      : typeof fromBody === 'string'
        ? [fromBody]
        : [];
  return raw
    .flatMap((m) => m.split(','))
    .map((m) => m.trim())
    .filter(Boolean);
}

function channel(pbx: Pbx, c: HttpCtx): Channel {
  const ch = pbx.channels.get(c.params.id ?? '');
  if (!ch || ch.hangingUp) throw new HttpError(404, 'Channel not found');
  return ch;
}

/** find_control(): 404 for no channel, 409 for a channel that is not in Stasis. */
function controlled(pbx: Pbx, c: HttpCtx): Channel {
  const ch = channel(pbx, c);
  if (!pbx.stasis.inStasis(ch)) throw new HttpError(409, 'Channel not in Stasis application');
  if (ch.state === 0 || ch.state === 5) throw new HttpError(412, 'Channel in invalid state');
  return ch;
}

function play(pbx: Pbx, playbacks: Playbacks, c: HttpCtx): void {
  const ch = controlled(pbx, c);
  const media = mediaList(c);
  if (media.length === 0) throw new HttpError(400, 'Missing parameter media');
  const id = c.params.pid ?? param(c, 'playbackId');
  if (id && playbacks.has(id)) throw new HttpError(409, 'A playback with the same ID already exists');
  const pb = playbacks.play(ch, media, param(c, 'lang') || ch.language, id);
  sendJson(c.res, 201, playbacks.json(pb), { location: `/ari/playbacks/${pb.id}` });
}

function continueTarget(ch: Channel, c: HttpCtx): RedirectTarget | undefined {
  const context = param(c, 'context');
  const extension = param(c, 'extension');
  const priority = Number.parseInt(param(c, 'priority') ?? param(c, 'label') ?? '', 10);
  if (!context && !extension && !Number.isInteger(priority)) return undefined;
  return {
    context: context || ch.context,
    exten: extension || (context ? 's' : ch.exten),
    priority: Number.isInteger(priority) && priority > 0 ? priority : 1,
  };
}

function hangup(pbx: Pbx, c: HttpCtx): void {
  const ch = channel(pbx, c);
  const reason = param(c, 'reason');
  const code = param(c, 'reason_code');
  if (reason && code) throw new HttpError(400, "The reason and reason_code can't both be specified");
  let cause = 16;
  if (code) {
    cause = Number.parseInt(code, 10);
    if (!Number.isInteger(cause)) throw new HttpError(400, 'Invalid reason for hangup reason code provided');
  } else if (reason) {
    const known = ARI_HANGUP_REASONS[reason];
    if (known === undefined) throw new HttpError(400, 'Invalid reason for hangup reason provided');
    cause = known;
  }
  sendJson(c.res, 204);
  pbx.hangup(ch, { origin: 'ari', cause });
}

export function channelRoutes(pbx: Pbx, playbacks: Playbacks): Route[] {
  return [
    route('GET', '/ari/channels', (c) =>
      sendJson(c.res, 200, [...pbx.channels.values()].filter((ch) => !ch.hangingUp).map(ariChannelJson)),
    ),
    route('GET', '/ari/channels/:id', (c) => sendJson(c.res, 200, ariChannelJson(channel(pbx, c)))),
    route('DELETE', '/ari/channels/:id', (c) => hangup(pbx, c)),
    route('POST', '/ari/channels/:id/answer', (c) => {
      const ch = controlled(pbx, c);
      sendJson(c.res, 204);
      pbx.setState(ch, 6);
    }),
    route('POST', '/ari/channels/:id/play', (c) => play(pbx, playbacks, c)),
    route('POST', '/ari/channels/:id/play/:pid', (c) => play(pbx, playbacks, c)),
    route('POST', '/ari/channels/:id/continue', (c) => {
      const ch = controlled(pbx, c);
      sendJson(c.res, 204);
      pbx.stasis.continue(ch, continueTarget(ch, c));
    }),
    route('GET', '/ari/channels/:id/variable', (c) => {
      const ch = channel(pbx, c);
      const name = param(c, 'variable');
      if (!name) throw new HttpError(400, 'Variable name is required');
      const value = ch.vars.get(name);
      if (value === undefined) throw new HttpError(404, 'Provided variable was not found');
      sendJson(c.res, 200, { value });
    }),
    route('POST', '/ari/channels/:id/variable', (c) => {
      const ch = channel(pbx, c);
      const name = param(c, 'variable');
      if (!name) throw new HttpError(400, 'Variable name is required');
      sendJson(c.res, 204);
      pbx.setVar(ch, name, param(c, 'value') ?? '');
    }),
    route('POST', '/ari/channels/:id/ring', (c) => (controlled(pbx, c), sendJson(c.res, 204))),
    route('DELETE', '/ari/channels/:id/ring', (c) => (controlled(pbx, c), sendJson(c.res, 204))),
    route('POST', '/ari/channels/:id/moh', (c) => (controlled(pbx, c), sendJson(c.res, 204))),
    route('DELETE', '/ari/channels/:id/moh', (c) => (controlled(pbx, c), sendJson(c.res, 204))),
  ];
}
