import type { Queryable } from './citizen-repository.ts';

/** One row in the core audit_log: who looked at or changed what (privacy and accountability). */
export async function recordAudit(db: Queryable, userId: string, action: string, target: string | null, details: Record<string, unknown> = {}): Promise<void> {
  await db.query(`INSERT INTO audit_log (user_id, action, target, details) VALUES ($1, $2, $3, $4)`, [userId, action, target, JSON.stringify(details)]);
}
