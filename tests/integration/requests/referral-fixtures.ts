// Set-up of the referral and unit-action tests: the request service on a fresh database with a
// bus that records what it is told (and what the database shows when it is told: events come
// after COMMIT), 137 staff, and unit users of District 5's and District 9's roads units.
import { randomUUID } from 'node:crypto';
import { findCallCaller } from '../../../src/cti/index.ts';
import type { Db } from '../../../src/db/index.ts';
import {
  createRequestBus,
  createRequestService,
  type Actor,
  type RequestBusEvents,
  type RequestService,
} from '../../../src/requests/index.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { actor, createUsers, neighbourhoodId, type Users } from './request-fixtures.ts';

export interface Heard<K extends keyof RequestBusEvents = keyof RequestBusEvents> {
  name: K;
  payload: RequestBusEvents[K];
  /** For 'referred': whether the referral row was already committed when the event came. */
  committed?: boolean;
}

export interface ReferralRig {
  t: TestDb;
  svc: RequestService;
  users: Users;
  heard: Heard[];
  unitIdOf(code: string): Promise<number>;
  categoryOf(code: string): Promise<number>;
  hood(nameEn: string): Promise<number>;
  /** A user of role unit (or unit-manager) in these units, as the session would give them. */
  unitUser(username: string, codes: string[], role?: 'unit' | 'unit-manager'): Promise<Actor>;
  staff(role: keyof Users): Actor;
}

async function idOf(db: Db, sql: string, value: string): Promise<number> {
  const r = await db.query<{ id: number }>(sql, [value]);
  if (!r.rows[0]) throw new Error(`not found: ${value}`);
  return r.rows[0].id;
}

export async function openReferralRig(): Promise<ReferralRig> {
  const t = await createTestDatabase();
  const bus = createRequestBus((err) => {
    throw err;
  });
  const heard: Heard[] = [];
  const names: (keyof RequestBusEvents)[] = ['referred', 'status-changed', 'deadline-changed'];
  for (const name of names) {
    bus.on(name, async (payload) => {
      const h: Heard = { name, payload } as Heard;
      if (name === 'referred') {
        // A second connection: sees the row only if the transaction has committed.
        const id = (payload as RequestBusEvents['referred']).referralId;
        const r = await t.pool.query(`SELECT 1 FROM referrals WHERE id = $1`, [id]);
        h.committed = r.rowCount === 1;
      }
      heard.push(h);
    });
  }
  const svc = createRequestService(t.pool, { callerOf: findCallCaller, bus });
  const users = await createUsers(t.pool);
  const unitIdOf = (code: string) => idOf(t.pool, `SELECT id FROM units WHERE code = $1`, code);
  return {
    t,
    svc,
    users,
    heard,
    unitIdOf,
    categoryOf: (code) => idOf(t.pool, `SELECT id FROM categories WHERE code = $1`, code),
    hood: (nameEn) => neighbourhoodId(t.pool, nameEn),
    async unitUser(username, codes, role = 'unit') {
      const u = await t.pool.query<{ id: string }>(
        `INSERT INTO users (username, display_name, password_hash, role) VALUES ($1, $2, 'x', $3) RETURNING id::text`,
        [username, `${username} (unit)`, role],
      );
      const unitIds = await Promise.all(codes.map(unitIdOf));
      for (const unitId of unitIds) {
        await t.pool.query(`INSERT INTO unit_members (user_id, unit_id) VALUES ($1, $2)`, [u.rows[0]!.id, unitId]);
      }
      return { userId: u.rows[0]!.id, role, unitIds };
    },
    staff: (role) => actor(users[role]),
  };
}

/** A photo's row as an upload leaves it (the bytes themselves are the attachments tests' business). */
export async function attachmentRow(db: Db, requestId: string, uploadedBy: string): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO attachments (id, request_id, uploaded_by, mime, bytes, sha256) VALUES ($1, $2, $3, 'image/jpeg', 1234, $4)`,
    [id, requestId, uploadedBy, 'ab'.repeat(32)],
  );
  return id;
}

/** The AppError code a call fails with, null when it succeeds. */
export const failsWith = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code?: string }) => e.code ?? String(e),
  );
