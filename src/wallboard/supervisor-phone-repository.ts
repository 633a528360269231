import type { Db } from '../db/index.ts';

// SQL of the supervisors' phone list (supervisor_extensions, migrations/011_security.sql): the
// only phones listen/whisper/barge may ring.

export interface SupervisorExtension {
  serverId: string;
  extension: string;
  /** Whose phone it is; null: any supervisor or admin may pick it (a shared room phone). */
  username: string | null;
  addedAt: string;
}

interface Row {
  server_id: string;
  extension: string;
  username: string | null;
  added_at: Date;
}

const SELECT = `SELECT e.server_id, e.extension, u.username, e.added_at
                  FROM supervisor_extensions e LEFT JOIN users u ON u.id = e.user_id`;
const toEntry = (r: Row): SupervisorExtension => ({
  serverId: r.server_id,
  extension: r.extension,
  username: r.username,
  addedAt: r.added_at.toISOString(),
});

/** Every entry (admins), or only those this user may pick. */
export async function listSupervisorExtensions(db: Db, forUserId?: string): Promise<SupervisorExtension[]> {
  const r = forUserId
    ? await db.query<Row>(`${SELECT} WHERE e.user_id IS NULL OR e.user_id = $1 ORDER BY 1, 2`, [forUserId])
    : await db.query<Row>(`${SELECT} ORDER BY 1, 2`);
  return r.rows.map(toEntry);
}

/** The servers on which this user may ring this extension. */
export async function usableServersOf(db: Db, userId: string, extension: string): Promise<string[]> {
  const r = await db.query<{ server_id: string }>(
    `SELECT server_id FROM supervisor_extensions WHERE extension = $1 AND (user_id IS NULL OR user_id = $2) ORDER BY 1`,
    [extension, userId],
  );
  return r.rows.map((x) => x.server_id);
}

/** A supervisor or admin by username (an entry may belong only to someone who may listen). */
export async function listenerByUsername(db: Db, username: string): Promise<{ id: string; role: string } | null> {
  const r = await db.query<{ id: string; role: string }>(
    `SELECT id::text, role FROM users WHERE username = $1 AND NOT disabled`,
    [username],
  );
  return r.rows[0] ?? null;
}

export async function putSupervisorExtension(
  db: Db,
  e: { serverId: string; extension: string; userId: string | null; addedBy: string },
): Promise<void> {
  await db.query(
    `INSERT INTO supervisor_extensions (server_id, extension, user_id, added_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (server_id, extension) DO UPDATE SET user_id = EXCLUDED.user_id, added_by = EXCLUDED.added_by, added_at = now()`,
    [e.serverId, e.extension, e.userId, e.addedBy],
  );
}

export async function deleteSupervisorExtension(db: Db, serverId: string, extension: string): Promise<boolean> {
  const r = await db.query(`DELETE FROM supervisor_extensions WHERE server_id = $1 AND extension = $2`, [
    serverId,
    extension,
  ]);
  return (r.rowCount ?? 0) > 0;
}

/** Demo mode: the emulator's phone 2001 on pbx1, for every supervisor and admin. */
export async function seedDemoSupervisorExtension(db: Db, extension: string): Promise<void> {
  await db.query(
    `INSERT INTO supervisor_extensions (server_id, extension) VALUES ('pbx1', $1) ON CONFLICT DO NOTHING`,
    [extension],
  );
}
