import type { DbClient } from '../db/index.ts';
import type { Queryable } from './citizen-repository.ts';

// The first answer to a registration per (user, Idempotency-Key): table request_idempotency.

export interface StoredAnswer {
  bodyHash: string;
  requestId: string | null;
  response: unknown;
}

/**
 * Takes the key for this transaction. A concurrent transaction holding the same key makes this wait
 * (primary key) until it ends: false once it committed (its answer is then readable), true if it
 * rolled back or nobody had the key.
 */
export async function claimKey(c: DbClient, userId: string, key: string, bodyHash: string): Promise<boolean> {
  const r = await c.query(
    `INSERT INTO request_idempotency (user_id, key, body_hash) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, key) DO NOTHING`,
    [userId, key, bodyHash],
  );
  return r.rowCount === 1;
}

/** The answer given for the key claimed in this transaction. */
export async function storeAnswer(
  c: DbClient,
  userId: string,
  key: string,
  requestId: string,
  response: unknown,
): Promise<void> {
  await c.query(`UPDATE request_idempotency SET request_id = $3, response = $4::json WHERE user_id = $1 AND key = $2`, [
    userId,
    key,
    requestId,
    JSON.stringify(response),
  ]);
}

export async function findAnswer(db: Queryable, userId: string, key: string): Promise<StoredAnswer | undefined> {
  const r = await db.query<{ body_hash: string; request_id: string | null; response: unknown }>(
    `SELECT body_hash, request_id::text, response FROM request_idempotency WHERE user_id = $1 AND key = $2`,
    [userId, key],
  );
  const row = r.rows[0];
  return row && { bodyHash: row.body_hash, requestId: row.request_id, response: row.response };
}

/** A draft lives in one tab for a shift at most: a user's keys older than a week only take space. */
export async function forgetOldKeys(db: Queryable, userId: string): Promise<void> {
  await db.query(`DELETE FROM request_idempotency WHERE user_id = $1 AND created_at < now() - interval '7 days'`, [
    userId,
  ]);
}
