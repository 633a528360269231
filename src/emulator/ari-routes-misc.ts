import { param } from './ari-routes-channels.ts';
import { ariBridgeJson } from './bridge.ts';
import { ariEndpointJson, endpointNames } from './endpoints.ts';
import { HttpError, route, sendJson, type HttpCtx, type Route } from './http-util.ts';
import type { Playbacks } from './playback.ts';
import type { Pbx } from './ports.ts';
import { ariTime } from './time-format.ts';

function asteriskInfo(pbx: Pbx, c: HttpCtx): void {
  const start = ariTime(pbx.startedAt);
  const all: Record<string, unknown> = {
    build: {
      os: 'Linux',
      kernel: '6.1.0-emulated',
      machine: 'x86_64',
      options: 'OPTIONAL_API',
      date: '2026-11-22 06:25:15 UTC',
      user: 'root',
    },
    system: { version: '22.10.1', entity_id: pbx.opts.asteriskId },
    config: { name: '', default_language: 'en', setid: { user: '', group: '' } },
    status: { startup_time: start, last_reload_time: start },
  };
  const only = param(c, 'only')
    ?.split(',')
    .filter((k) => k in all);
  sendJson(c.res, 200, only?.length ? Object.fromEntries(only.map((k) => [k, all[k]])) : all);
}

function appName(pbx: Pbx, c: HttpCtx): string {
  const name = c.params.app ?? '';
  if (!pbx.ari.isKnown(name, pbx.stasis.channelsOf(name))) throw new HttpError(404, 'Application not found');
  return name;
}

function appJson(pbx: Pbx, name: string): object {
  return pbx.ari.appJson(name, pbx.stasis.channelsOf(name)) ?? {};
}

function subscribe(pbx: Pbx, c: HttpCtx, on: boolean): void {
  const name = appName(pbx, c);
  const sources = (
    c.query.getAll('eventSource').length ? c.query.getAll('eventSource') : [param(c, 'eventSource') ?? '']
  )
    .flatMap((s) => s.split(','))
    .filter(Boolean);
  if (sources.length === 0) throw new HttpError(400, 'Missing parameter eventSource');
  for (const src of sources) {
    const m = /^channel:(.+)$/.exec(src);
    if (!m) {
      if (/^(bridge|endpoint|deviceState):/.test(src)) continue; // accepted, nothing to deliver
      throw new HttpError(400, 'Invalid event source URI scheme');
    }
    if (!pbx.channels.has(m[1]!)) throw new HttpError(422, 'Provided event source was not found');
  }
  for (const src of sources) {
    const id = /^channel:(.+)$/.exec(src)?.[1];
    if (!id) continue;
    if (on) pbx.ari.subscribe(name, id);
    else pbx.ari.unsubscribe(name, id);
  }
  sendJson(c.res, 200, appJson(pbx, name));
}

export function miscRoutes(pbx: Pbx, playbacks: Playbacks): Route[] {
  const endpoint = (res: string): object => {
    if (!endpointNames(pbx).includes(res)) throw new HttpError(404, 'Endpoint not found');
    return ariEndpointJson(pbx, res);
  };
  return [
    route('GET', '/ari/asterisk/info', (c) => asteriskInfo(pbx, c)),
    route('GET', '/ari/asterisk/ping', (c) =>
      sendJson(c.res, 200, { ping: 'pong', timestamp: ariTime(), asterisk_id: pbx.opts.asteriskId }),
    ),
    route('GET', '/ari/asterisk/variable', (c) => {
      const name = param(c, 'variable');
      if (!name) throw new HttpError(400, 'Variable name is required');
      sendJson(c.res, 200, { value: pbx.globals.get(name) ?? '' });
    }),
    route('GET', '/ari/endpoints', (c) =>
      sendJson(
        c.res,
        200,
        endpointNames(pbx).map((e) => ariEndpointJson(pbx, e)),
      ),
    ),
    route('GET', '/ari/endpoints/:tech', (c) => {
      if (c.params.tech !== 'PJSIP') throw new HttpError(404, 'No Endpoints found - invalid tech ' + c.params.tech);
      sendJson(
        c.res,
        200,
        endpointNames(pbx).map((e) => ariEndpointJson(pbx, e)),
      );
    }),
    route('GET', '/ari/endpoints/:tech/:res', (c) => {
      if (c.params.tech !== 'PJSIP') throw new HttpError(404, 'Endpoint not found');
      sendJson(c.res, 200, endpoint(c.params.res ?? ''));
    }),
    route('GET', '/ari/bridges', (c) => sendJson(c.res, 200, [...pbx.bridges.values()].map(ariBridgeJson))),
    route('GET', '/ari/bridges/:id', (c) => {
      const b = pbx.bridges.get(c.params.id ?? '');
      if (!b) throw new HttpError(404, 'Bridge not found');
      sendJson(c.res, 200, ariBridgeJson(b));
    }),
    route('GET', '/ari/applications', (c) =>
      sendJson(
        c.res,
        200,
        pbx.ari.knownApps((a) => pbx.stasis.channelsOf(a)).map((a) => appJson(pbx, a)),
      ),
    ),
    route('GET', '/ari/applications/:app', (c) => sendJson(c.res, 200, appJson(pbx, appName(pbx, c)))),
    route('POST', '/ari/applications/:app/subscription', (c) => subscribe(pbx, c, true)),
    route('DELETE', '/ari/applications/:app/subscription', (c) => subscribe(pbx, c, false)),
    route('GET', '/ari/playbacks/:id', (c) => {
      const pb = playbacks.get(c.params.id ?? '');
      if (!pb) throw new HttpError(404, 'Playback not found');
      sendJson(c.res, 200, playbacks.json(pb));
    }),
    route('DELETE', '/ari/playbacks/:id', (c) => {
      if (!playbacks.get(c.params.id ?? '')) throw new HttpError(404, 'Playback not found');
      sendJson(c.res, 204);
      playbacks.stop(c.params.id ?? '');
    }),
  ];
}
