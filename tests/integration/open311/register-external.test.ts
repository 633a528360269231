import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCallCaller } from '../../../src/cti/index.ts';
import { createRequestService, type RequestService } from '../../../src/requests/index.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';

// registerExternal: a request with no signed-in user (the citizen page, Open311), its history,
// its reporter, and idempotency keyed by the client instead of a user.

let db: TestDb;
let service: RequestService;
let category: number;
beforeAll(async () => {
  db = await createTestDatabase();
  service = createRequestService(db.pool, { callerOf: findCallCaller });
  category = (await db.pool.query(`SELECT id FROM categories WHERE code = 'garbage-collection'`)).rows[0].id;
}, 60_000);
afterAll(async () => db?.drop());

const input = (extra: object = {}) => ({
  categoryId: category,
  description: 'Rubbish not collected for three days',
  address: 'Ferdowsi Sq.',
  channel: 'web' as const,
  ...extra,
});

describe('registerExternal', () => {
  it('registers with no user: a null creator, a history event naming the channel and client', async () => {
    const r = await service.registerExternal(input({ phone: '۰۹۱۲۱۱۱۲۲۳۳', citizenName: 'Mina' }), { client: 'web' });
    expect(r.trackingCode).toMatch(/^[1-9]\d{7}$/);
    const row = (
      await db.pool.query(
        `SELECT r.created_by_user_id, r.channel, c.phone_e164, c.name, e.user_id, e.details
           FROM requests r JOIN citizens c ON c.id = r.citizen_id
           JOIN request_events e ON e.request_id = r.id AND e.kind = 'registered' WHERE r.id = $1`,
        [r.id],
      )
    ).rows[0];
    expect(row).toMatchObject({ created_by_user_id: null, channel: 'web', phone_e164: '+989121112233', name: 'Mina' });
    expect(row.user_id).toBeNull();
    expect(row.details).toMatchObject({ channel: 'web', client: 'web' });
    const audit = await db.pool.query(`SELECT user_id FROM audit_log WHERE target = $1`, [`request:${r.id}`]);
    expect(audit.rows.length).toBeGreaterThan(0);
    expect(audit.rows.every((a) => a.user_id === null)).toBe(true);
  });

  it('with no phone the request has no citizen; a call id is never taken', async () => {
    const r = await service.registerExternal({ ...input(), callId: '1' } as never, { client: 'web' });
    const row = (await db.pool.query(`SELECT citizen_id, call_id FROM requests WHERE id = $1`, [r.id])).rows[0];
    expect(row).toEqual({ citizen_id: null, call_id: null });
  });

  it('a repeated key by the same client is the first answer; another client or body is not', async () => {
    const first = await service.registerExternal(input(), { client: 'open311:1', idempotencyKey: 'key-00000001' });
    const again = await service.registerExternal(input(), { client: 'open311:1', idempotencyKey: 'key-00000001' });
    expect(again).toEqual(first);
    const other = await service.registerExternal(input(), { client: 'open311:2', idempotencyKey: 'key-00000001' });
    expect(other.trackingCode).not.toBe(first.trackingCode);
    await expect(
      service.registerExternal(input({ description: 'Something else entirely' }), {
        client: 'open311:1',
        idempotencyKey: 'key-00000001',
      }),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    const n = await db.pool.query(`SELECT count(*)::int AS n FROM requests WHERE description = $1`, [
      input().description,
    ]);
    expect(n.rows[0].n).toBe(4);
  });

  it('checks as register does', async () => {
    await expect(service.registerExternal(input({ categoryId: 999999 }), { client: 'web' })).rejects.toMatchObject({
      code: 'UNKNOWN_CATEGORY',
    });
    await expect(service.registerExternal(input({ description: 'x' }), { client: 'web' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(service.registerExternal(input({ phone: '12' }), { client: 'web' })).rejects.toMatchObject({
      code: 'INVALID_PHONE',
    });
  });
});
