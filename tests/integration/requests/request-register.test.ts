import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../../src/db/pool.ts';
import { isValidTrackingCode, type RequestService } from '../../../src/requests/index.ts';
import { insertRequest } from '../../../src/requests/request-repository.ts';
import { dammCheckDigit } from '../../../src/requests/tracking-code.ts';
import { computeDeadline, workingHoursOf } from '../../../src/units/index.ts';
import type { TestDb } from '../../helpers/db.ts';
import { actor, createCall, type Users } from './request-fixtures.ts';
import { errorCode, openRequestService, type RequestServiceRig } from './request-service-fixtures.ts';

// The request service: registering a request (tracking code, unit, deadline, hazard, caller).

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

describe('registering a request', () => {
  it("gives a valid, unique tracking code and refers it to its district's unit with a deadline in working hours", async () => {
    const r = await svc.register(
      {
        phone: '0912 345 6789',
        categoryId: cat.pothole,
        neighbourhoodId: hood.sajjad,
        description: '  Pothole in front of no. 12  ',
      },
      op(),
    );
    expect(isValidTrackingCode(r.trackingCode)).toBe(true);
    expect(r).toMatchObject({
      status: 'referred',
      categoryEn: 'Pothole',
      // Sajjad is in District 1: the pothole goes to that district's own roads unit.
      unitEn: 'District 1 — Roads',
      description: 'Pothole in front of no. 12',
      hazard: false,
      reporters: 1,
      closedAt: null,
    });
    // 72 hours of the unit's working time (Saturday to Wednesday, 07:30–14:30 Tehran), not 72 clock hours.
    const unit = await t.pool.query<{ id: number }>(`SELECT id FROM units WHERE code = 'district-1-roads'`);
    const wh = (await workingHoursOf(t.pool, unit.rows[0]!.id))!;
    const due = computeDeadline(new Date(r.createdAt), 72, 'working', wh, 'Asia/Tehran');
    expect(r.deadlineAt).toBe(due.toISOString());
    expect(Date.parse(r.deadlineAt!) - Date.parse(r.createdAt)).toBeGreaterThan(72 * 3_600_000);
    const referral = await t.pool.query(
      `SELECT unit_id, referred_by, deadline_hours, deadline_basis, deadline_at, ended_at FROM referrals WHERE request_id = $1`,
      [r.id],
    );
    expect(referral.rows).toEqual([
      {
        unit_id: unit.rows[0]!.id,
        referred_by: null,
        deadline_hours: 72,
        deadline_basis: 'working',
        deadline_at: due,
        ended_at: null,
      },
    ]);
    const ev = await t.pool.query(`SELECT kind, user_id FROM request_events WHERE request_id = $1 ORDER BY id`, [r.id]);
    expect(ev.rows).toEqual([
      { kind: 'registered', user_id: Number(users.operator.id) },
      { kind: 'referred', user_id: Number(users.operator.id) },
    ]);
    const row = await t.pool.query(
      `SELECT c.phone_e164, r.created_by_user_id, r.referred_at IS NOT NULL AS referred FROM requests r JOIN citizens c ON c.id = r.citizen_id WHERE r.id = $1`,
      [r.id],
    );
    expect(row.rows[0]).toEqual({
      phone_e164: '+989123456789',
      created_by_user_id: Number(users.operator.id),
      referred: true,
    });

    const many = await Promise.all(
      Array.from({ length: 30 }, () =>
        svc.register({ categoryId: cat.garbage, description: 'bins not emptied' }, op()),
      ),
    );
    expect(new Set(many.map((m) => m.trackingCode)).size).toBe(30);
  });

  it('forces hazard for a hazard category and caps the deadline of any hazard', async () => {
    const m = await svc.register(
      { categoryId: cat.manhole, description: 'open manhole on the pavement', hazard: false },
      op(),
    );
    expect(m.hazard).toBe(true);
    expect((Date.parse(m.deadlineAt!) - Date.parse(m.createdAt)) / 3_600_000).toBeCloseTo(2, 3);
    const g = await svc.register({ categoryId: cat.garbage, description: 'burning rubbish bin', hazard: true }, op());
    expect(g.hazard).toBe(true);
    expect((Date.parse(g.deadlineAt!) - Date.parse(g.createdAt)) / 3_600_000).toBeCloseTo(6, 3);
  });

  it('stays "registered" when the category has no unit', async () => {
    const r = await t.pool.query<{ id: number }>(
      `INSERT INTO categories (code, parent_id, name_fa, name_en, deadline_hours) SELECT 'misc', id, 'سایر', 'Other', 48 FROM categories WHERE code = 'city-services' RETURNING id`,
    );
    const req = await svc.register({ categoryId: r.rows[0]!.id, description: 'something else' }, op());
    expect(req).toMatchObject({ status: 'registered', unitFa: null });
    expect(await errorCode(svc.changeStatus(req.id, { status: 'referred' }, op()))).toBe('UNIT_REQUIRED');
    const unit = await t.pool.query<{ id: number }>(`SELECT id FROM units WHERE code = 'social'`);
    const referred = await svc.changeStatus(req.id, { status: 'referred', unitId: unit.rows[0]!.id }, op());
    expect(referred).toMatchObject({ status: 'referred', unitEn: 'Social and Cultural Affairs' });
    expect(referred.referredAt).not.toBeNull();
  });

  it('refuses unknown or group categories, unknown neighbourhoods and calls, bad phones', async () => {
    expect(await errorCode(svc.register({ categoryId: 999_999, description: 'abc' }, op()))).toBe('UNKNOWN_CATEGORY');
    expect(await errorCode(svc.register({ categoryId: cat.group, description: 'abc' }, op()))).toBe(
      'CATEGORY_IS_GROUP',
    );
    expect(
      await errorCode(svc.register({ categoryId: cat.pothole, neighbourhoodId: 999_999, description: 'abc' }, op())),
    ).toBe('UNKNOWN_NEIGHBOURHOOD');
    expect(await errorCode(svc.register({ categoryId: cat.pothole, callId: '999999', description: 'abc' }, op()))).toBe(
      'UNKNOWN_CALL',
    );
    expect(await errorCode(svc.register({ categoryId: cat.pothole, phone: '12', description: 'abc' }, op()))).toBe(
      'INVALID_PHONE',
    );
    expect(await errorCode(svc.register({ categoryId: cat.pothole, description: '  a ' }, op()))).toBe('VALIDATION');
    const before = await t.pool.query(`SELECT count(*)::int AS n FROM requests`);
    expect(await errorCode(svc.register({ categoryId: cat.pothole, phone: 'x', description: 'abc' }, op()))).toBe(
      'INVALID_PHONE',
    );
    expect((await t.pool.query(`SELECT count(*)::int AS n FROM requests`)).rows[0]).toEqual(before.rows[0]);
  });

  it('takes the citizen from the call, and keeps a hidden-number caller anonymous', async () => {
    const call = await createCall(t.pool, '+989151112233');
    const r = await svc.register(
      { callId: call, categoryId: cat.garbage, description: 'no collection this week' },
      op(),
    );
    const row = await t.pool.query(
      `SELECT r.call_id, c.phone_e164 FROM requests r JOIN citizens c ON c.id = r.citizen_id WHERE r.id = $1`,
      [r.id],
    );
    expect(row.rows[0]).toEqual({ call_id: Number(call), phone_e164: '+989151112233' });
    const hidden = await createCall(t.pool, null);
    const h = await svc.register(
      { callId: hidden, categoryId: cat.garbage, description: 'no collection this week' },
      op(),
    );
    expect((await t.pool.query(`SELECT citizen_id FROM requests WHERE id = $1`, [h.id])).rows[0]).toEqual({
      citizen_id: null,
    });
  });

  it('draws another tracking code when one is taken', async () => {
    const taken = (await svc.register({ categoryId: cat.garbage, description: 'first' }, op())).trackingCode;
    const fresh = `1234567${dammCheckDigit('1234567')}`;
    const codes = [taken, taken, fresh];
    const out = await withTransaction(t.pool, (c) =>
      insertRequest(
        c,
        {
          citizenId: null,
          callId: null,
          categoryId: cat.garbage,
          unitId: null,
          neighbourhoodId: null,
          address: null,
          lat: null,
          lng: null,
          description: 'second',
          hazard: false,
          status: 'registered',
          channel: 'phone',
          createdByUserId: users.operator.id,
          deadlineHours: 24,
        },
        () => codes.shift()!,
      ),
    );
    expect(out.trackingCode).toBe(fresh);
  });
});
