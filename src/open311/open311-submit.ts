import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { hasOpenDuplicate, type ExternalInput, type ExternalOptions, type PastRequest } from '../requests/index.ts';
import { AppError, normalizePhone, toLatinDigits, type Logger } from '../shared/index.ts';
import type { TriageHandle, TriageReason } from '../triage/index.ts';
import { Open311Error } from './open311-format.ts';
import { insertSubmission, neighbourhoodNear, type ServiceRow } from './open311-repository.ts';

// POST requests: the GeoReport v2 fields checked, the place resolved, the request registered with
// no user (channel 'app', the client named in its history), and a person asked through the triage
// queue when the place is unclear or it may repeat an open request. Contact fields land on the
// citizen (phone, name) and are never given back; e-mail, device_id and account_id are accepted
// and not kept (137 answers by phone and SMS).

/** How far around a point the requests there name its neighbourhood (m). */
const NEAR_M = 300;
const MEDIA_URL_MAX = 2000;

export interface SubmitDeps {
  db: Db;
  registerExternal(input: ExternalInput, opts: ExternalOptions): Promise<PastRequest>;
  triage: TriageHandle | null;
  logger: Logger;
  /** The leaf category with this code (cached a little: registration checks it again anyway). */
  serviceByCode(code: string): Promise<ServiceRow | null>;
}

export interface Submitted {
  trackingCode: string;
  token: string;
}

type Fields = Record<string, unknown>;

/** One text field: a repeated form field gives its first value; blank is absent. */
function text(f: Fields, name: string): string | undefined {
  const v = Array.isArray(f[name]) ? (f[name] as unknown[])[0] : f[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new Open311Error(400, `${name} must be text`);
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/** `attribute[code]` as form fields send it, or `attribute: { code }` in JSON. */
function attribute(f: Fields, code: string): string | undefined {
  const nested = f.attribute;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    const v = text(nested as Fields, code);
    if (v !== undefined) return v;
  }
  return text(f, `attribute[${code}]`);
}

function coordinate(f: Fields, name: 'lat' | 'long', max: number): number | undefined {
  const s = text(f, name);
  if (s === undefined) return undefined;
  const n = Number(toLatinDigits(s));
  if (!Number.isFinite(n) || Math.abs(n) > max) throw new Open311Error(400, `${name} must be a number within ±${max}`);
  return n;
}

function mediaUrls(f: Fields): string[] {
  const raw = f.media_url;
  const list = (Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : [raw]).map(String);
  for (const u of list) {
    if (u.length > MEDIA_URL_MAX || !/^https?:\/\/[^\s]+$/i.test(u))
      throw new Open311Error(400, 'media_url must be an http(s) URL');
  }
  return list;
}

function hazardOf(f: Fields): boolean | undefined {
  const h = attribute(f, 'hazard');
  if (h === undefined) return undefined;
  if (h !== 'yes' && h !== 'no') throw new Open311Error(400, 'attribute[hazard] is yes or no');
  return h === 'yes';
}

/** Where it is: a neighbourhood given or found near the point, else a person must say. */
async function placeOf(db: Db, f: Fields) {
  const lat = coordinate(f, 'lat', 90);
  const lng = coordinate(f, 'long', 180);
  if ((lat === undefined) !== (lng === undefined)) throw new Open311Error(400, 'lat and long go together');
  const address = text(f, 'address_string');
  const hood = attribute(f, 'neighbourhood');
  let neighbourhoodId: number | undefined;
  if (hood !== undefined) {
    const id = Number(toLatinDigits(hood));
    // Whether it exists is checked by the registration (UNKNOWN_NEIGHBOURHOOD), in its transaction.
    if (!Number.isInteger(id) || id < 1 || id >= 2 ** 31) throw badNeighbourhood(hood);
    neighbourhoodId = id;
  }
  if (lat === undefined && address === undefined && neighbourhoodId === undefined)
    throw new Open311Error(400, 'lat and long, address_string or attribute[neighbourhood] is required');
  if (neighbourhoodId === undefined && lat !== undefined)
    neighbourhoodId = (await neighbourhoodNear(db, lat, lng!, NEAR_M)) ?? undefined;
  return { lat, lng, address, neighbourhoodId };
}

const badNeighbourhood = (v: unknown) =>
  new Open311Error(400, `attribute[neighbourhood] ${String(v)} is not one of the service's values`);

export const invalidKey = () => new Open311Error(403, 'Invalid api_key received -- cannot create the request');

/** Our own errors from registration, in Open311's terms. */
function asOpen311(err: unknown, hood: number | undefined): unknown {
  if (!(err instanceof AppError)) return err;
  if (err.code === 'UNKNOWN_NEIGHBOURHOOD') return badNeighbourhood(hood);
  if (err.code === 'UNKNOWN_CATEGORY' || err.code === 'CATEGORY_IS_GROUP')
    return new Open311Error(404, 'service_code not found');
  if (err.status === 422 || err.status === 400) return new Open311Error(400, err.message);
  return err;
}

export async function submit(deps: SubmitDeps, keyId: number, f: Fields): Promise<Submitted> {
  const { db } = deps;
  const code = text(f, 'service_code');
  if (!code) throw new Open311Error(400, 'service_code is required');
  const service = await deps.serviceByCode(code);
  if (!service) throw new Open311Error(404, `service_code ${code} not found`);
  const description = text(f, 'description');
  if (!description) throw new Open311Error(400, 'description is required');
  const hazard = hazardOf(f);
  const media = mediaUrls(f);
  const place = await placeOf(db, f);
  const phone = text(f, 'phone');
  const name = [text(f, 'first_name'), text(f, 'last_name')].filter(Boolean).join(' ') || undefined;
  const reasons: TriageReason[] = place.neighbourhoodId === undefined ? ['no-place'] : [];
  const dupQuery = { categoryId: service.id, neighbourhoodId: place.neighbourhoodId, lat: place.lat, lng: place.lng };
  if (await hasOpenDuplicate(db, dupQuery, NEAR_M)) reasons.push('possible-duplicate');
  const input: ExternalInput = {
    ...{ categoryId: service.id, neighbourhoodId: place.neighbourhoodId, address: place.address },
    ...{ lat: place.lat, lng: place.lng, description, hazard, channel: 'app', phone, citizenName: phone && name },
  };
  const details = { via: 'open311', ...(media.length ? { mediaUrls: media } : {}) };
  const token = randomBytes(12).toString('hex');
  const { triage } = deps;
  const added: { offer?: () => void } = {};
  // The token and the triage item are committed with the request, in its one transaction: the
  // client gets a 201 only for a request a person will see when it needs one, and a failure leaves
  // nothing behind for its retry to repeat.
  const within: ExternalOptions['within'] = async (c, requestId) => {
    // Stored only while the key is live: a key revoked since it was checked (or cached) gets its 403.
    if (!(await insertSubmission(c, { token, keyId, requestId, mediaUrl: media[0] ?? null }))) throw invalidKey();
    if (!reasons.length || !triage) return;
    const e164 = phone ? normalizePhone(phone) : null;
    const item = { source: 'open311' as const, requestId, phone: e164, text: description };
    added.offer = (await triage.addWithin(c, { ...item, reasons, externalRef: token })).offer;
  };
  const created = await deps
    .registerExternal(input, { client: `open311:${keyId}`, details, within })
    .catch((err: unknown) => {
      throw asOpen311(err, place.neighbourhoodId);
    });
  added.offer?.();
  return { trackingCode: created.trackingCode, token };
}
