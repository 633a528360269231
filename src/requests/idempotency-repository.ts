import type { DbClient } from '../db/index.ts';
import type { Queryable } from './citizen-repository.ts';

// The first answer to a registration per (user, Idempotency-Key) in request_idempotency, or per
// (client, key) in request_idempotency_client for registrations with no signed-in user (Open311,
// the citizen page): a machine client retries as itself, not as a user.

/** Whose keys: a signed-in user's, or an outside client's (e.g. 'open311:3', 'web'). */
export type KeyOwner = { userId: string } | { client: string };

export interface StoredAnswer {
  bodyHash: string;
  requestId: string | null;
  response: unknown;
}

/** Table and owner column (constants, never input) and the owner's value. */
function place(owner: KeyOwner): { table: string; col: string; id: string } {
  return 'client' in owner
    ? { table: 'request_idempotency_client', col: 'client', id: owner.client }
    : { table: 'request_idempotency', col: 'user_id', id: owner.userId };
}

/**
 * Takes the key for this transaction. A concurrent transaction holding the same key makes this wait
 * (primary key) until it ends: false once it committed (its answer is then readable), true if it
 * rolled back or nobody had the key.
 */
export async function claimKey(c: DbClient, owner: KeyOwner, key: string, bodyHash: string): Promise<boolean> {
  const { table, col, id } = place(owner);
  const r = await c.query(
    `INSERT INTO ${table} (${col}, key, body_hash) VALUES ($1, $2, $3)
     ON CONFLICT (${col}, key) DO NOTHING`,
    [id, key, bodyHash],
  );
  return r.rowCount === 1;
}

/** The answer given for the key claimed in this transaction. */
export async function storeAnswer(
  c: DbClient,
  owner: KeyOwner,
  key: string,
  requestId: string,
  response: unknown,
): Promise<void> {
  const { table, col, id } = place(owner);
  await c.query(`UPDATE ${table} SET request_id = $3, response = $4::json WHERE ${col} = $1 AND key = $2`, [
    id,
    key,
    requestId,
    JSON.stringify(response),
  ]);
}

export async function findAnswer(db: Queryable, owner: KeyOwner, key: string): Promise<StoredAnswer | undefined> {
  const { table, col, id } = place(owner);
  const r = await db.query<{ body_hash: string; request_id: string | null; response: unknown }>(
    `SELECT body_hash, request_id::text, response FROM ${table} WHERE ${col} = $1 AND key = $2`,
    [id, key],
  );
  const row = r.rows[0];
  return row && { bodyHash: row.body_hash, requestId: row.request_id, response: row.response };
}

/** A draft lives in one tab for a shift at most: an owner's keys older than a week only take space. */
export async function forgetOldKeys(db: Queryable, owner: KeyOwner): Promise<void> {
  const { table, col, id } = place(owner);
  await db.query(`DELETE FROM ${table} WHERE ${col} = $1 AND created_at < now() - interval '7 days'`, [id]);
}
