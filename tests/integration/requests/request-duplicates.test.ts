import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RequestService } from '../../../src/requests/index.ts';
import type { TestDb } from '../../helpers/db.ts';
import { actor, createCall, neighbourhoodId, type Users } from './request-fixtures.ts';
import { errorCode, openRequestService, type RequestServiceRig } from './request-service-fixtures.ts';

// The request service: duplicates of a new request, and reporters linked to an existing one.

let t: TestDb;
let svc: RequestService;
let users: Users;
let cat: RequestServiceRig['cat'];
let hood: RequestServiceRig['hood'];

beforeAll(async () => {
  ({ t, svc, users, cat, hood } = await openRequestService());
});
afterAll(async () => t?.drop());

const op = () => actor(users.operator);

describe('duplicates', () => {
  it('finds open requests of the category in the neighbourhood or within 300 m, newest first', async () => {
    const near = { lat: 36.297, lng: 59.606 }; // Noghan, near the shrine
    const a = await svc.register(
      { categoryId: cat.pothole, neighbourhoodId: hood.noghan, description: 'hole A' },
      op(),
    );
    const b = await svc.register(
      { categoryId: cat.pothole, lat: near.lat + 0.0018, lng: near.lng, description: 'hole B, ~200 m north' },
      op(),
    );
    await svc.register(
      { categoryId: cat.pothole, lat: near.lat + 0.0045, lng: near.lng, description: 'hole C, ~500 m north' },
      op(),
    );
    await svc.register({ categoryId: cat.garbage, neighbourhoodId: hood.noghan, description: 'other category' }, op());
    const closed = await svc.register(
      { categoryId: cat.pothole, neighbourhoodId: hood.noghan, description: 'closed one' },
      op(),
    );
    await svc.changeStatus(closed.id, { status: 'closed', note: 'duplicate of another' }, actor(users.supervisor));

    const byHood = await svc.findDuplicates({ categoryId: cat.pothole, neighbourhoodId: hood.noghan }, op());
    expect(byHood.map((r) => r.id)).toEqual([a.id]);
    const byPoint = await svc.findDuplicates({ categoryId: cat.pothole, ...near }, op());
    expect(byPoint.map((r) => r.id)).toEqual([b.id]);
    const both = await svc.findDuplicates({ categoryId: cat.pothole, neighbourhoodId: hood.noghan, ...near }, op());
    expect(both.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(await svc.findDuplicates({ categoryId: cat.pothole }, op())).toEqual([]);
  });

  it('returns at most 10', async () => {
    const hoodId = await neighbourhoodId(t.pool, 'Eidgah');
    for (let i = 0; i < 12; i++)
      await svc.register({ categoryId: cat.garbage, neighbourhoodId: hoodId, description: `bin ${i}` }, op());
    const d = await svc.findDuplicates({ categoryId: cat.garbage, neighbourhoodId: hoodId }, op());
    expect(d).toHaveLength(10);
    expect(d[0]!.description).toBe('bin 11');
  });

  it('links a reporter once, counts them, and keeps the tracking code', async () => {
    const r = await svc.register({ phone: '09150000001', categoryId: cat.pothole, description: 'deep hole' }, op());
    const linked = await svc.linkReporter(r.id, { phone: '۰۹۱۵۰۰۰۰۰۰۲' }, op());
    expect(linked).toMatchObject({ id: r.id, trackingCode: r.trackingCode, reporters: 2 });
    expect((await svc.linkReporter(r.id, { phone: '+989150000002' }, op())).reporters).toBe(2);
    expect((await svc.linkReporter(r.id, { phone: '09150000001' }, op())).reporters).toBe(2); // the first reporter
    const call = await createCall(t.pool, '+989150000002');
    expect((await svc.linkReporter(r.id, { callId: call }, op())).reporters).toBe(2);
    const hidden = await createCall(t.pool, null);
    expect((await svc.linkReporter(r.id, { callId: hidden }, op())).reporters).toBe(3);
    expect((await svc.linkReporter(r.id, { callId: hidden }, op())).reporters).toBe(3);
    const ev = await t.pool.query(
      `SELECT count(*)::int AS n FROM request_events WHERE request_id = $1 AND kind = 'reporter-linked'`,
      [r.id],
    );
    expect(ev.rows[0]).toEqual({ n: 2 });
    expect(await errorCode(svc.linkReporter(r.id, {}, op()))).toBe('REPORTER_REQUIRED');
    expect(await errorCode(svc.linkReporter('987654321', { phone: '09150000003' }, op()))).toBe('NOT_FOUND');
    await svc.changeStatus(r.id, { status: 'closed', note: 'fixed by another crew' }, actor(users.admin));
    expect(await errorCode(svc.linkReporter(r.id, { phone: '09150000003' }, op()))).toBe('REQUEST_CLOSED');
  });
});
