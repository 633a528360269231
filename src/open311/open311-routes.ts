import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizeTrackingCode } from '../requests/index.ts';
import type { Logger } from '../shared/index.ts';
import { formatOfUrl, Open311Error, send, sendErrors, splitFormat, type Format } from './open311-format.ts';
import type { Limits } from './open311-limits.ts';
import { liveKeyByHash, neighbourhoodRows, serviceRows, trackingCodeOfToken } from './open311-repository.ts';
import { invalidKey, submit, type SubmitDeps } from './open311-submit.ts';
import { discovery, langOf, requestView, serviceDefinition, serviceList, type Lang } from './open311-views.ts';
import { requestViews, type RequestViewFilter } from './request-view-repository.ts';

// GeoReport v2 at /open311/v2: public reads limited per address, POST requests by API key.

export const PREFIX = '/open311/v2';
/** The spec's default window and cap for requests.json. */
const DEFAULT_DAYS = 90;
const LIST_MAX = 1000;
/** Wrong keys a minute from one address before it is told to wait (guessing keys). */
const BAD_KEYS_PER_MINUTE = 20;

export interface RouteDeps extends SubmitDeps {
  limits: Limits;
  publicPerMinute: number;
}

export const keyHash = (key: string) => createHash('sha256').update(key).digest('hex');

function docOf(file: string, known: string[]): { name: string; format: Format } {
  const d = splitFormat(file);
  if (!d || !known.includes(d.name)) throw new Open311Error(404, `No document ${file}`);
  return d;
}

const langOfReq = (req: FastifyRequest): Lang =>
  langOf((req.query as Record<string, unknown> | undefined)?.locale, req.headers['accept-language']);

export function registerOpen311Routes(app: FastifyInstance, deps: RouteDeps): void {
  const { db, limits } = deps;
  const publicRead = async (req: FastifyRequest) => {
    if (!(await limits.take(`addr:${req.ip}`, deps.publicPerMinute)))
      throw new Open311Error(429, 'Too many requests from this address; try again in a minute');
  };

  app.get<{ Params: { file: string } }>('/:file', async (req, reply) => {
    const { name, format } = docOf(req.params.file, ['discovery', 'services', 'requests']);
    await publicRead(req);
    const lang = langOfReq(req);
    if (name === 'discovery') return send(reply, format, 'discovery', discovery(baseUrl(req), lang));
    if (name === 'services') return send(reply, format, 'services', serviceList(await serviceRows(db), lang));
    const rows = await requestViews(db, listFilter(req.query as Record<string, unknown>));
    return send(
      reply,
      format,
      'service_requests',
      rows.map((r) => requestView(r, lang)),
    );
  });

  app.get<{ Params: { file: string } }>('/services/:file', async (req, reply) => {
    const d = splitFormat(req.params.file);
    if (!d) throw new Open311Error(404, `No document ${req.params.file}`);
    await publicRead(req);
    const s = await deps.serviceByCode(d.name);
    if (!s) throw new Open311Error(404, `service_code ${d.name} not found`);
    const def = serviceDefinition(s, await neighbourhoodRows(db), langOfReq(req));
    return send(reply, d.format, 'service_definition', def);
  });

  app.get<{ Params: { file: string } }>('/requests/:file', async (req, reply) => {
    const d = splitFormat(req.params.file);
    if (!d) throw new Open311Error(404, `No document ${req.params.file}`);
    await publicRead(req);
    const code = normalizeTrackingCode(d.name);
    const rows = code ? await requestViews(db, { trackingCodes: [code], limit: 1 }) : [];
    if (!rows.length) throw new Open311Error(404, `service_request_id ${d.name} not found`);
    return send(reply, d.format, 'service_requests', [requestView(rows[0]!, langOfReq(req))]);
  });

  app.get<{ Params: { file: string } }>('/tokens/:file', async (req, reply) => {
    const d = splitFormat(req.params.file);
    if (!d) throw new Open311Error(404, `No document ${req.params.file}`);
    await publicRead(req);
    const code = /^[0-9a-f]{24}$/.test(d.name) ? await trackingCodeOfToken(db, d.name) : undefined;
    if (code === undefined) throw new Open311Error(404, `token ${d.name} not found`);
    return send(reply, d.format, 'service_requests', [{ service_request_id: code, token: d.name }]);
  });

  registerPost(app, deps);
}

/** POST requests: the key (cached, see createKeyCache), its rate limit, the submission. */
function registerPost(app: FastifyInstance, deps: RouteDeps): void {
  const { db, limits } = deps;
  const keys = createKeyCache();
  app.post<{ Params: { file: string } }>('/:file', async (req, reply) => {
    const { format } = docOf(req.params.file, ['requests']);
    const fields = (req.body ?? {}) as Record<string, unknown>;
    const given = typeof fields.api_key === 'string' ? fields.api_key : (req.query as { api_key?: unknown }).api_key;
    const hash = typeof given === 'string' && given ? keyHash(given) : null;
    const cached = hash ? keys.get(hash) : null;
    const key = cached ?? (await keyOf(req, hash));
    try {
      if (!(await limits.take(`key:${key.id}`, key.perMinute)))
        throw new Open311Error(429, 'Too many requests for this api_key; try again in a minute');
      const out = await submit(deps, key.id, fields);
      const body = [{ service_request_id: out.trackingCode, token: out.token, service_notice: '', account_id: null }];
      return send(reply, format, 'service_requests', body, 201);
    } catch (err) {
      // A key known from the cache may have been revoked since: then the answer is the 403 an
      // uncached look-up gives first, whatever else was wrong with the post.
      if (cached && !(await liveKeyByHash(db, hash!))) {
        keys.forget(hash!);
        throw invalidKey();
      }
      throw err;
    }
  });

  async function keyOf(req: FastifyRequest, hash: string | null) {
    const key = hash ? await liveKeyByHash(db, hash) : null;
    if (key) {
      keys.set(hash!, key);
      return key;
    }
    if (!(await limits.take(`badkey:${req.ip}`, BAD_KEYS_PER_MINUTE)))
      throw new Open311Error(429, 'Too many requests with a wrong api_key; try again in a minute');
    throw invalidKey();
  }
}

/** How long a verified key is taken on trust before it is read again (ms). */
const KEY_TTL_MS = 30_000;
const KEY_CACHE_MAX = 1000;

/**
 * Live keys seen lately, by sha256, so that a post need not read open311_keys first. Safe because
 * the key is checked again where it counts: the submission is stored only while it is live (in the
 * registering transaction), and a failing post with a cached key re-reads it. Wrong keys are never
 * cached (they are limited per address instead).
 */
function createKeyCache() {
  const byHash = new Map<string, { id: number; perMinute: number; at: number }>();
  return {
    get(hash: string): { id: number; perMinute: number } | null {
      const hit = byHash.get(hash);
      if (!hit || Date.now() - hit.at > KEY_TTL_MS) return null;
      return hit;
    },
    set(hash: string, key: { id: number; perMinute: number }) {
      if (byHash.size >= KEY_CACHE_MAX) byHash.clear();
      byHash.set(hash, { ...key, at: Date.now() });
    },
    forget: (hash: string) => void byHash.delete(hash),
  };
}

function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/** ISO 8601 with a zone (Z or ±hh:mm), as the spec asks; anything else is refused. */
function instantParam(q: Record<string, unknown>, name: string): Date | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  const ok = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v);
  const d = ok ? new Date(v) : null;
  if (!d || Number.isNaN(d.getTime())) throw new Open311Error(400, `${name} must be ISO 8601 with a time zone`);
  return d;
}

function listParam(q: Record<string, unknown>, name: string): string[] | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw new Open311Error(400, `${name} is a comma-separated list`);
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function listFilter(q: Record<string, unknown>): RequestViewFilter {
  const ids = listParam(q, 'service_request_id');
  // The spec: service_request_id overrides all other arguments.
  if (ids) return { trackingCodes: ids.map((i) => normalizeTrackingCode(i) ?? i).slice(0, LIST_MAX), limit: LIST_MAX };
  const status = q.status;
  if (status !== undefined && status !== 'open' && status !== 'closed')
    throw new Open311Error(400, 'status is open or closed');
  let from = instantParam(q, 'start_date');
  let to = instantParam(q, 'end_date');
  if (from && to && from > to) throw new Open311Error(400, 'start_date is after end_date');
  // Without dates, the last 90 days; with only an end, the 90 days before it.
  to ??= from ? undefined : new Date();
  from ??= new Date((to ?? new Date()).getTime() - DEFAULT_DAYS * 86_400_000);
  return {
    serviceCodes: listParam(q, 'service_code'),
    ...{ from, to, status: status as RequestViewFilter['status'], limit: LIST_MAX },
  };
}

/** The spec's error document for anything a route throws, in the format the URL asked for. */
export function open311ErrorHandler(log: Logger) {
  return (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const format = formatOfUrl(req.url);
    if (err instanceof Open311Error) return sendErrors(reply, format, err.status, [err.description]);
    const e = err as { statusCode?: number; message?: string };
    if (e.statusCode && e.statusCode < 500)
      return sendErrors(reply, format, e.statusCode, [e.message ?? 'Bad request']);
    log.error({ err }, 'open311: unhandled error');
    return sendErrors(reply, format, 500, ['Something went wrong on the server; please try again']);
  };
}
