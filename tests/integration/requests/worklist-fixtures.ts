import type { Db } from '../../../src/db/index.ts';

// Requests written straight into the table with chosen creation times, statuses and places, so
// that each worklist filter has a known answer.

export interface Seed {
  category: string;
  unit?: string | null;
  neighbourhood?: string | null;
  status?: string;
  channel?: string;
  hazard?: boolean;
  /** An instant PostgreSQL parses (with its zone). */
  createdAt: string;
  /** Hours from now; negative = passed. */
  deadlineInHours?: number | null;
  description?: string;
  address?: string | null;
  citizenId?: string | null;
}

let code = 50_000_000;

/** Inserts one request; returns its id and tracking code. */
export async function seedRequest(db: Db, s: Seed): Promise<{ id: string; trackingCode: string }> {
  const trackingCode = String(++code);
  const r = await db.query<{ id: string }>(
    `INSERT INTO requests (tracking_code, category_id, unit_id, neighbourhood_id, status, channel, hazard,
                           created_at, deadline_at, description, address, citizen_id)
     VALUES ($1, (SELECT id FROM categories WHERE code = $2), (SELECT id FROM units WHERE code = $3),
             (SELECT id FROM neighbourhoods WHERE name_en = $4), $5, $6, $7, $8::timestamptz,
             CASE WHEN $9::int IS NULL THEN NULL ELSE now() + make_interval(hours => $9::int) END, $10, $11, $12)
     RETURNING id::text`,
    [
      trackingCode,
      s.category,
      s.unit ?? null,
      s.neighbourhood ?? null,
      s.status ?? 'registered',
      s.channel ?? 'phone',
      s.hazard ?? false,
      s.createdAt,
      s.deadlineInHours ?? null,
      s.description ?? 'A problem reported by a citizen',
      s.address ?? null,
      s.citizenId ?? null,
    ],
  );
  return { id: r.rows[0]!.id, trackingCode };
}

/** The worklist-viewed audit rows so far, oldest first. */
export async function worklistAudits(db: Db): Promise<Array<{ user_id: string; details: Record<string, unknown> }>> {
  const r = await db.query<{ user_id: string; details: Record<string, unknown> }>(
    `SELECT user_id::text, details FROM audit_log WHERE action = 'worklist-viewed' ORDER BY id`,
  );
  return r.rows;
}
