import type { Db } from '../db/index.ts';

// Requests as Open311 shows them: status, place, unit, dates, the last note told to the citizen.
// Never the citizen, their number or name, nor the description (it often holds both).

/** Our statuses that Open311 calls closed: the unit has finished, or 137 closed it. */
export const CLOSED_STATUSES = ['done', 'feedback-positive', 'feedback-negative', 'closed'] as const;

/** Events whose note is written for the citizen to hear (the unit's acceptance, progress, outcome). */
const PUBLIC_NOTE_KINDS = ['accepted', 'progress', 'done', 'closed', 'status-changed'];

export interface RequestViewRow {
  trackingCode: string;
  status: string;
  serviceCode: string;
  serviceFa: string;
  serviceEn: string;
  unitFa: string | null;
  unitEn: string | null;
  createdAt: Date;
  updatedAt: Date;
  deadlineAt: Date | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  note: string | null;
  mediaUrl: string | null;
}

export interface RequestViewFilter {
  trackingCodes?: string[] | undefined;
  serviceCodes?: string[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  status?: 'open' | 'closed' | undefined;
  limit: number;
}

interface Row {
  tracking_code: string;
  status: string;
  service_code: string;
  service_fa: string;
  service_en: string;
  unit_fa: string | null;
  unit_en: string | null;
  created_at: Date;
  updated_at: Date | null;
  deadline_at: Date | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  note: string | null;
  media_url: string | null;
}

export async function requestViews(db: Db, f: RequestViewFilter): Promise<RequestViewRow[]> {
  const params: unknown[] = [PUBLIC_NOTE_KINDS];
  const where: string[] = [];
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (f.trackingCodes) add((p) => `r.tracking_code = ANY(${p}::text[])`, f.trackingCodes);
  if (f.serviceCodes) add((p) => `c.code = ANY(${p}::text[])`, f.serviceCodes);
  if (f.from) add((p) => `r.created_at >= ${p}`, f.from);
  if (f.to) add((p) => `r.created_at <= ${p}`, f.to);
  if (f.status) add((p) => `${f.status === 'closed' ? '' : 'NOT '}(r.status = ANY(${p}::text[]))`, CLOSED_STATUSES);
  params.push(f.limit);
  const r = await db.query<Row>(
    `SELECT r.tracking_code, r.status, c.code AS service_code, c.name_fa AS service_fa, c.name_en AS service_en,
            u.name_fa AS unit_fa, u.name_en AS unit_en, r.created_at, r.deadline_at, r.address, r.lat, r.lng,
            (SELECT max(e.at) FROM request_events e WHERE e.request_id = r.id) AS updated_at,
            (SELECT e.note FROM request_events e
              WHERE e.request_id = r.id AND e.note IS NOT NULL AND e.kind = ANY($1::text[])
              ORDER BY e.at DESC, e.id DESC LIMIT 1) AS note,
            (SELECT s.media_url FROM open311_submissions s
              WHERE s.request_id = r.id AND s.media_url IS NOT NULL LIMIT 1) AS media_url
       FROM requests r JOIN categories c ON c.id = r.category_id LEFT JOIN units u ON u.id = r.unit_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY r.created_at DESC, r.id DESC LIMIT $${params.length}`,
    params,
  );
  return r.rows.map((x) => ({
    ...{ trackingCode: x.tracking_code, status: x.status, serviceCode: x.service_code },
    ...{ serviceFa: x.service_fa, serviceEn: x.service_en, unitFa: x.unit_fa, unitEn: x.unit_en },
    ...{ createdAt: x.created_at, updatedAt: x.updated_at ?? x.created_at, deadlineAt: x.deadline_at },
    ...{ address: x.address, lat: x.lat, lng: x.lng, note: x.note, mediaUrl: x.media_url },
  }));
}
