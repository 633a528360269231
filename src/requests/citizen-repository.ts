import type { Db, DbClient } from '../db/index.ts';

export type Queryable = Db | DbClient;

export interface CitizenRow {
  id: string;
  phoneE164: string;
  name: string | null;
}

/**
 * The citizen with this number, created on first contact. A name given now fills in or corrects the
 * stored one; a missing name never erases it (callers do not always say their name).
 */
export async function upsertCitizenByPhone(db: Queryable, e164: string, name?: string | null): Promise<CitizenRow> {
  const r = await db.query<{ id: number; phone_e164: string; name: string | null }>({
    name: 'requests-upsert-citizen', // prepared once per connection: every registration with a number runs it
    text: `INSERT INTO citizens (phone_e164, name) VALUES ($1, $2)
     ON CONFLICT (phone_e164) DO UPDATE SET name = COALESCE(EXCLUDED.name, citizens.name)
     RETURNING id, phone_e164, name`,
    values: [e164, name?.trim() || null],
  });
  const row = r.rows[0]!;
  return { id: String(row.id), phoneE164: row.phone_e164, name: row.name };
}

/** The citizen with this number (E.164), or null: a number never seen or never registered. */
export async function findCitizenIdByPhone(db: Queryable, e164: string): Promise<string | null> {
  const r = await db.query<{ id: number }>(`SELECT id FROM citizens WHERE phone_e164 = $1`, [e164]);
  return r.rows[0] ? String(r.rows[0].id) : null;
}

/** The citizen's id and name by number (E.164), for the screen-pop; null for a number never seen. */
export async function findCitizenByPhone(
  db: Queryable,
  e164: string,
): Promise<{ id: string; name: string | null } | null> {
  const r = await db.query<{ id: string; name: string | null }>(
    `SELECT id::text, name FROM citizens WHERE phone_e164 = $1`,
    [e164],
  );
  return r.rows[0] ?? null;
}
