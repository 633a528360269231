import type { ShiftRef } from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import type { OperatorInfo } from './operator-types.ts';

/** Every operator whose user is not disabled and who has a phone (an admin can take it back), with their queues. */
export async function loadOperators(db: Db): Promise<OperatorInfo[]> {
  const r = await db.query<{
    id: string;
    user_id: string;
    username: string;
    display_name: string;
    extension: string;
    interface: string;
    server_id: string;
    queues: string[];
  }>(
    `SELECT o.id::text, o.user_id::text, u.username, u.display_name, o.extension, o.interface, o.server_id, o.queues
       FROM operators o JOIN users u ON u.id = o.user_id WHERE NOT u.disabled AND o.interface IS NOT NULL`,
  );
  return r.rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    extension: row.extension,
    interface: row.interface,
    serverId: row.server_id,
    queues: row.queues,
  }));
}

/**
 * Close the operator's open state interval and open the next, in one round trip. Idempotent: a
 * retry after a lost commit answer neither closes the interval it opened nor opens it twice.
 */
export async function startStateInterval(
  db: Db,
  i: { operatorId: string; state: string; reason: string | null; at: Date; shift: ShiftRef },
): Promise<void> {
  await db.query(
    `WITH closed AS (
       UPDATE operator_state_intervals SET ended_at = $4
        WHERE operator_id = $1 AND ended_at IS NULL AND NOT (started_at = $4 AND state = $2))
     INSERT INTO operator_state_intervals (operator_id, state, reason, started_at, shift_name, shift_date)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (operator_id, started_at, state) DO NOTHING`,
    [i.operatorId, i.state, i.reason, i.at, i.shift.name, i.shift.date],
  );
}
