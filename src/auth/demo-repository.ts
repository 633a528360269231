import type { DbClient } from '../db/index.ts';
import type { Role } from './auth-types.ts';

// SQL of the demo seeding: the mark that a database was made for the demo, and demo users that
// are only ever inserted (an existing user is never changed).

/**
 * Inside the seeding transaction: 'demo' if a demo made this database, 'claimed' if it had no
 * users and is now marked as the demo's, 'refused' if it holds users a demo did not make.
 */
export async function claimDemoDatabase(c: DbClient): Promise<'demo' | 'claimed' | 'refused'> {
  // Two nodes starting at once on an empty database: the second waits and then sees the mark.
  await c.query(`LOCK TABLE demo_database IN EXCLUSIVE MODE`);
  const marked = await c.query(`SELECT 1 FROM demo_database`);
  if (marked.rowCount) return 'demo';
  const users = await c.query(`SELECT 1 FROM users LIMIT 1`);
  if (users.rowCount) return 'refused';
  await c.query(`INSERT INTO demo_database DEFAULT VALUES`);
  return 'claimed';
}

/** A user by name: its id and the units it works for; null when there is none. */
export async function demoUserRef(c: DbClient, username: string): Promise<{ id: string; unitIds: number[] } | null> {
  const r = await c.query<{ id: string; unit_ids: number[] }>(
    `SELECT u.id::text, ARRAY(SELECT m.unit_id FROM unit_members m WHERE m.user_id = u.id ORDER BY m.unit_id) AS unit_ids
       FROM users u WHERE u.username = $1`,
    [username],
  );
  const row = r.rows[0];
  return row ? { id: row.id, unitIds: row.unit_ids } : null;
}

/** The unit a demo unit user works for, by its code; null when the tree has no such unit. */
export async function unitIdByCode(c: DbClient, code: string): Promise<number | null> {
  const r = await c.query<{ id: number }>(`SELECT id FROM units WHERE code = $1`, [code]);
  return r.rows[0]?.id ?? null;
}

export async function insertUnitMember(c: DbClient, userId: string, unitId: number): Promise<void> {
  await c.query(`INSERT INTO unit_members (user_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [userId, unitId]);
}

/** Whether a phone extension is already someone's on this server (a demo operator would take it). */
export async function extensionTaken(c: DbClient, extension: string, serverId: string): Promise<boolean> {
  const r = await c.query(`SELECT 1 FROM operators WHERE server_id = $1 AND (extension = $2 OR interface = $3)`, [
    serverId,
    extension,
    `PJSIP/${extension}`,
  ]);
  return (r.rowCount ?? 0) > 0;
}

/** Inserts a demo user unless the username exists; returns its id, or null when it was there. */
export async function insertDemoUser(
  c: DbClient,
  u: { username: string; displayName: string; role: Role; passwordHash: string },
): Promise<string | null> {
  const r = await c.query<{ id: string }>(
    `INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO NOTHING RETURNING id::text`,
    [u.username, u.displayName, u.role, u.passwordHash],
  );
  return r.rows[0]?.id ?? null;
}

export async function insertDemoOperator(c: DbClient, userId: string, extension: string, serverId: string) {
  await c.query(`INSERT INTO operators (user_id, extension, interface, server_id) VALUES ($1, $2, $3, $4)`, [
    userId,
    extension,
    `PJSIP/${extension}`,
    serverId,
  ]);
}

/** The ids of a district's neighbourhoods by English name (those an admin renamed are missing). */
export async function neighbourhoodIdsByName(c: DbClient, districtEn: string, namesEn: string[]): Promise<number[]> {
  const r = await c.query<{ id: number }>(
    `SELECT n.id FROM neighbourhoods n JOIN districts d ON d.id = n.district_id
      WHERE d.name_en = $1 AND n.name_en = ANY($2::text[]) ORDER BY n.id`,
    [districtEn, namesEn],
  );
  return r.rows.map((x) => x.id);
}

export async function insertCouncilNeighbourhoods(c: DbClient, userId: string, ids: number[]): Promise<void> {
  await c.query(
    `INSERT INTO council_neighbourhoods (user_id, neighbourhood_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`,
    [userId, ids],
  );
}
