import type { Db, DbClient } from '../db/index.ts';
import type { Role, SessionUser } from './auth-types.ts';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: boolean;
  operator_id: string | null;
  extension: string | null;
  unit_ids: number[];
  neighbourhood_ids: number[];
}

const USER_SELECT = `
  SELECT u.id::text, u.username, u.display_name, u.role, u.password_hash, u.disabled,
         o.id::text AS operator_id, o.extension,
         ARRAY(SELECT m.unit_id FROM unit_members m WHERE m.user_id = u.id ORDER BY m.unit_id) AS unit_ids,
         ARRAY(SELECT c.neighbourhood_id FROM council_neighbourhoods c WHERE c.user_id = u.id
                ORDER BY c.neighbourhood_id) AS neighbourhood_ids
    FROM users u LEFT JOIN operators o ON o.user_id = u.id AND o.interface IS NOT NULL`;

export function toSessionUser(r: UserRow): SessionUser {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    operatorId: r.operator_id,
    extension: r.extension,
    unitIds: r.unit_ids ?? [],
    neighbourhoodIds: r.neighbourhood_ids ?? [],
  };
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | null> {
  const r = await db.query<UserRow>(`${USER_SELECT} WHERE u.username = $1`, [username]);
  return r.rows[0] ?? null;
}

export async function findUserBySession(db: Db, tokenHash: string): Promise<UserRow | null> {
  const r = await db.query<UserRow>(
    `${USER_SELECT} JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [tokenHash],
  );
  return r.rows[0] ?? null;
}

export async function insertSession(db: Db, tokenHash: string, userId: string, ttlHours: number): Promise<void> {
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`,
    [tokenHash, userId, ttlHours],
  );
  // Keep the table small: expired sessions are useless.
  await db.query(`DELETE FROM sessions WHERE expires_at < now() - interval '1 day'`);
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.query(`DELETE FROM sessions WHERE token_hash = $1`, [tokenHash]);
}

/** Every session of a user (disabled, new password, new role): how many there were. */
export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
  const r = await db.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
  return r.rowCount ?? 0;
}

export async function upsertUser(
  db: Db | DbClient,
  u: { username: string; displayName: string; role: Role; passwordHash: string },
): Promise<string> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, role = EXCLUDED.role, password_hash = EXCLUDED.password_hash
     RETURNING id::text`,
    [u.username, u.displayName, u.role, u.passwordHash],
  );
  return r.rows[0]!.id;
}

/** serverId: the Asterisk server the phone registers on (pbx1 = first of ASTERISK_AMI_URL). */
export async function upsertOperator(
  db: Db | DbClient,
  userId: string,
  extension: string,
  iface: string,
  serverId = 'pbx1',
): Promise<string> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO operators (user_id, extension, interface, server_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE SET extension = EXCLUDED.extension, interface = EXCLUDED.interface, server_id = EXCLUDED.server_id
     RETURNING id::text`,
    [userId, extension, iface, serverId],
  );
  return r.rows[0]!.id;
}

/** Only the ids of neighbourhoods that exist, of those given (user:create checks before writing). */
export async function existingNeighbourhoods(db: Db | DbClient, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const r = await db.query<{ id: number }>(`SELECT id FROM neighbourhoods WHERE id = ANY($1::int[])`, [ids]);
  return r.rows.map((x) => x.id);
}

/** A council member's neighbourhoods become exactly these; [] for any other role (a former council member). */
export async function replaceCouncilNeighbourhoods(c: DbClient, userId: string, ids: number[]): Promise<void> {
  await c.query(`DELETE FROM council_neighbourhoods WHERE user_id = $1 AND NOT (neighbourhood_id = ANY($2::int[]))`, [
    userId,
    ids,
  ]);
  if (ids.length)
    await c.query(
      `INSERT INTO council_neighbourhoods (user_id, neighbourhood_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`,
      [userId, ids],
    );
}
