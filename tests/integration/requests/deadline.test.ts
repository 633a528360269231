import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCallCaller } from '../../../src/cti/index.ts';
import { createRequestService, markOverdue, type RequestService } from '../../../src/requests/index.ts';
import type { PastRequest } from '../../../src/requests/index.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { actor, createUsers, type Users } from './request-fixtures.ts';

describe('request deadlines', () => {
  let db: TestDb;
  let users: Users;
  let service: RequestService;
  const registered: PastRequest[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    users = await createUsers(db.pool);
    service = createRequestService(db.pool, { callerOf: findCallCaller, onRegistered: (r) => registered.push(r) });
  });
  afterAll(async () => db?.drop());

  async function register(): Promise<PastRequest> {
    const cat = await db.pool.query(
      `SELECT id FROM categories WHERE parent_id IS NOT NULL AND unit_id IS NOT NULL ORDER BY id LIMIT 1`,
    );
    return service.register(
      { categoryId: Number(cat.rows[0].id), description: 'چراغ خیابان خاموش است', phone: '09121112233', hazard: false },
      actor(users.operator),
    );
  }

  it('tells the scheduler about each new request, with its deadline', async () => {
    const r = await register();
    expect(registered.at(-1)?.id).toBe(r.id);
    expect(Date.parse(r.deadlineAt!)).toBeGreaterThan(Date.now());
  });

  it('marks an open request overdue once when its deadline has passed, and leaves finished ones alone', async () => {
    const r = await register();
    expect(await markOverdue(db.pool, r.id)).toBe(false); // not due yet
    await db.pool.query(`UPDATE requests SET deadline_at = now() - interval '1 minute' WHERE id = $1`, [r.id]);
    expect(await markOverdue(db.pool, r.id)).toBe(true);
    expect(await markOverdue(db.pool, r.id)).toBe(false); // once
    const ev = await db.pool.query(
      `SELECT count(*)::int AS n FROM request_events WHERE request_id = $1 AND kind = 'overdue'`,
      [r.id],
    );
    expect(ev.rows[0].n).toBe(1);

    const done = await register();
    await db.pool.query(
      `UPDATE requests SET deadline_at = now() - interval '1 minute', status = 'done' WHERE id = $1`,
      [done.id],
    );
    expect(await markOverdue(db.pool, done.id)).toBe(false);
  });
});
