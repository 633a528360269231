import type { Db, DbClient } from './pool.ts';

/**
 * One row in audit_log: who looked at or changed what (privacy and accountability). Every module
 * writes its rows through this one function, inside its own transaction when it passes a client.
 */
export async function recordAudit(
  db: Db | DbClient,
  /** null: the system acted (a deadline job, an escalation), not a person. */
  userId: string | null,
  action: string,
  target: string | null,
  details: unknown = {},
): Promise<void> {
  await db.query(`INSERT INTO audit_log (user_id, action, target, details) VALUES ($1, $2, $3, $4)`, [
    userId,
    action,
    target,
    JSON.stringify(details),
  ]);
}
