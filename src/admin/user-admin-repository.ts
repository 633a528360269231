import type { Role } from '../auth/index.ts';
import type { Db, DbClient } from '../db/index.ts';
import type { AdminUser } from './admin-types.ts';

// SQL of the users admin: users with their phone (operators), their units (unit_members) and a
// council member's neighbourhoods (council_neighbourhoods: read here, written through auth's
// index.ts, which owns that SQL for scripts/create-user.ts too).

type Q = Db | DbClient;

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  email: string | null;
  operator_id: string | null;
  extension: string | null;
  server_id: string | null;
  unit_ids: number[];
  neighbourhood_ids: number[];
  created_at: Date;
}

// The operators row stays when the phone is taken back: its id is still the operator's (history).
const SELECT = `
  SELECT u.id::text, u.username, u.display_name, u.role, u.disabled, u.email, u.created_at,
         o.id::text AS operator_id, o.extension, CASE WHEN o.extension IS NULL THEN NULL ELSE o.server_id END AS server_id,
         ARRAY(SELECT m.unit_id FROM unit_members m WHERE m.user_id = u.id ORDER BY m.unit_id) AS unit_ids,
         ARRAY(SELECT c.neighbourhood_id FROM council_neighbourhoods c WHERE c.user_id = u.id
                ORDER BY c.neighbourhood_id) AS neighbourhood_ids
    FROM users u LEFT JOIN operators o ON o.user_id = u.id`;

const toUser = (r: UserRow): AdminUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  disabled: r.disabled,
  email: r.email,
  extension: r.extension,
  serverId: r.server_id,
  operatorId: r.operator_id,
  unitIds: r.unit_ids ?? [],
  neighbourhoodIds: r.neighbourhood_ids ?? [],
  createdAt: r.created_at.toISOString(),
});

/** Everyone, enabled first, then by role and username. */
export async function listUsers(db: Q): Promise<AdminUser[]> {
  const r = await db.query<UserRow>(`${SELECT} ORDER BY u.disabled, u.role, u.username`);
  return r.rows.map(toUser);
}

/** `lock`: inside a transaction that changes the user (two admins editing one user wait in turn). */
export async function findUser(db: Q, id: string, lock = false): Promise<AdminUser | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const r = await db.query<UserRow>(`${SELECT} WHERE u.id = $1${lock ? ' FOR UPDATE OF u' : ''}`, [id]);
  return r.rows[0] ? toUser(r.rows[0]) : null;
}

/** The unique constraint a failed write ran into (two admins taking one username or phone at once), or null. */
export function uniqueConstraintOf(err: unknown): string | null {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' ? (e.constraint ?? '') : null;
}

export const USERNAME_KEY = 'users_username_key';
export const PHONE_KEYS = ['operators_server_extension_key', 'operators_server_interface_key'];

export async function insertUser(
  c: DbClient,
  u: { username: string; displayName: string; role: Role; passwordHash: string; email: string | null },
): Promise<string> {
  const r = await c.query<{ id: string }>(
    `INSERT INTO users (username, display_name, role, password_hash, email) VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
    [u.username, u.displayName, u.role, u.passwordHash, u.email],
  );
  return r.rows[0]!.id;
}

export async function updateUser(
  c: DbClient,
  id: string,
  u: { displayName: string; role: Role; email: string | null; disabled: boolean },
): Promise<void> {
  await c.query(`UPDATE users SET display_name = $2, role = $3, email = $4, disabled = $5 WHERE id = $1`, [
    id,
    u.displayName,
    u.role,
    u.email,
    u.disabled,
  ]);
}

export async function setPasswordHash(db: Q, id: string, hash: string): Promise<boolean> {
  if (!/^\d{1,18}$/.test(id)) return false;
  const r = await db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [id, hash]);
  return r.rowCount === 1;
}

export interface PhoneHolder {
  operatorId: string;
  userId: string;
  username: string;
  displayName: string;
  disabled: boolean;
}

/** Whose phone this is on that server (extension or its PJSIP interface, in any case); locked. */
export async function phoneHolder(c: DbClient, serverId: string, extension: string): Promise<PhoneHolder | null> {
  const r = await c.query<{
    operator_id: string;
    user_id: string;
    username: string;
    display_name: string;
    disabled: boolean;
  }>(
    `SELECT o.id::text AS operator_id, u.id::text AS user_id, u.username, u.display_name, u.disabled
       FROM operators o JOIN users u ON u.id = o.user_id
      WHERE o.server_id = $1 AND (o.extension = $2 OR lower(o.interface) = lower($3))
      FOR UPDATE OF o`,
    [serverId, extension, `PJSIP/${extension}`],
  );
  const h = r.rows[0];
  return h
    ? {
        operatorId: h.operator_id,
        userId: h.user_id,
        username: h.username,
        displayName: h.display_name,
        disabled: h.disabled,
      }
    : null;
}

/** Whether the phone is on the supervisors' listen-in list (it must never be an operator's too). */
export async function isSupervisorPhone(c: DbClient, serverId: string, extension: string): Promise<boolean> {
  const r = await c.query(`SELECT 1 FROM supervisor_extensions WHERE server_id = $1 AND extension = $2`, [
    serverId,
    extension,
  ]);
  return (r.rowCount ?? 0) > 0;
}

/** The user's phone, in their operators row (made on first use; the same row ever after). */
export async function setPhone(c: DbClient, userId: string, serverId: string, extension: string): Promise<string> {
  const r = await c.query<{ id: string }>(
    `INSERT INTO operators (user_id, extension, interface, server_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE SET extension = EXCLUDED.extension, interface = EXCLUDED.interface, server_id = EXCLUDED.server_id
     RETURNING id::text`,
    [userId, extension, `PJSIP/${extension}`, serverId],
  );
  return r.rows[0]!.id;
}

/** Take the phone back; the operators row (and its calls, states, scores) stays. */
export async function releasePhone(c: DbClient, operatorId: string): Promise<void> {
  await c.query(`UPDATE operators SET extension = NULL, interface = NULL WHERE id = $1`, [operatorId]);
}

/** Only the ids of active units that exist, of those given. */
export async function existingUnits(c: Q, unitIds: number[]): Promise<number[]> {
  if (unitIds.length === 0) return [];
  const r = await c.query<{ id: number }>(`SELECT id FROM units WHERE id = ANY($1::int[]) AND active`, [unitIds]);
  return r.rows.map((x) => x.id);
}

export async function replaceUnits(c: DbClient, userId: string, unitIds: number[]): Promise<void> {
  await c.query(`DELETE FROM unit_members WHERE user_id = $1 AND NOT (unit_id = ANY($2::int[]))`, [userId, unitIds]);
  if (unitIds.length)
    await c.query(`INSERT INTO unit_members (user_id, unit_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`, [
      userId,
      unitIds,
    ]);
}
