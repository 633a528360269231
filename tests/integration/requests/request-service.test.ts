import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCallCaller } from '../../../src/cti/index.ts';
import { withTransaction } from '../../../src/db/pool.ts';
import {
  createRequestService,
  findRequestByTrackingCode,
  isValidTrackingCode,
  listCitizenRequests,
  upsertCitizenByPhone,
  type RequestService,
} from '../../../src/requests/index.ts';
import { insertRequest } from '../../../src/requests/request-repository.ts';
import { dammCheckDigit } from '../../../src/requests/tracking-code.ts';
import { toPersianDigits } from '../../../src/shared/digits.ts';
import type { AppError } from '../../../src/shared/errors.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { actor, categoryId, createCall, createUsers, neighbourhoodId, type Users } from './request-fixtures.ts';

let t: TestDb;
let svc: RequestService;
let users: Users;
let cat: { pothole: number; garbage: number; manhole: number; group: number };
let hood: { sajjad: number; noghan: number };

const errorCode = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: AppError) => e.code,
  );

beforeAll(async () => {
  t = await createTestDatabase();
  svc = createRequestService(t.pool, { callerOf: findCallCaller });
  users = await createUsers(t.pool);
  cat = {
    pothole: await categoryId(t.pool, 'pothole'),
    garbage: await categoryId(t.pool, 'garbage-collection'),
    manhole: await categoryId(t.pool, 'open-manhole'),
    group: await categoryId(t.pool, 'technical'),
  };
  hood = { sajjad: await neighbourhoodId(t.pool, 'Sajjad'), noghan: await neighbourhoodId(t.pool, 'Noghan') };
});
afterAll(async () => t?.drop());

const op = () => actor(users.operator);

describe('registering a request', () => {
  it('gives a valid, unique tracking code and refers it to the category unit with its deadline', async () => {
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
      unitEn: 'Technical and Civil Works (roads)',
      description: 'Pothole in front of no. 12',
      hazard: false,
      reporters: 1,
      closedAt: null,
    });
    const hours = (Date.parse(r.deadlineAt!) - Date.parse(r.createdAt)) / 3_600_000;
    expect(hours).toBeCloseTo(72, 3);
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

describe('life cycle', () => {
  it('allows the documented path and logs every step', async () => {
    const r = await svc.register({ categoryId: cat.garbage, description: 'rubbish everywhere' }, op());
    for (const status of [
      'in-progress',
      'done',
      'feedback-negative',
      'special-follow-up',
      'done',
      'feedback-positive',
      'closed',
    ] as const) {
      expect((await svc.changeStatus(r.id, { status }, op())).status).toBe(status);
    }
    await svc.addNote(r.id, 'citizen thanked the crew', op());
    const d = await svc.getRequest(r.id, op());
    expect(d.closedAt).not.toBeNull();
    expect(d.events.map((e) => e.kind)).toEqual([
      'registered',
      'referred',
      'followed-up',
      'followed-up',
      'feedback',
      'special-follow-up',
      'followed-up',
      'feedback',
      'closed',
      'note',
    ]);
    expect(d.events[4]).toMatchObject({ userName: 'operator one', details: { from: 'done', to: 'feedback-negative' } });
  });

  it('refuses skipped steps, early closing by operators, and closing without a reason', async () => {
    const r = await svc.register({ categoryId: cat.garbage, description: 'rubbish again' }, op());
    expect(await errorCode(svc.changeStatus(r.id, { status: 'feedback-positive' }, op()))).toBe('INVALID_TRANSITION');
    expect(await errorCode(svc.changeStatus(r.id, { status: 'closed', note: 'meh' }, op()))).toBe('FORBIDDEN');
    expect(await errorCode(svc.changeStatus(r.id, { status: 'closed' }, actor(users.supervisor)))).toBe(
      'CLOSE_REASON_REQUIRED',
    );
    expect((await svc.getRequest(r.id, op())).status).toBe('referred');
    expect(await errorCode(svc.changeStatus('987654321', { status: 'done' }, op()))).toBe('NOT_FOUND');
  });

  it('gives special follow-up a fresh deadline', async () => {
    const r = await svc.register({ categoryId: cat.garbage, description: 'still there' }, op());
    await t.pool.query(`UPDATE requests SET deadline_at = now() - interval '1 day' WHERE id = $1`, [r.id]);
    await svc.changeStatus(r.id, { status: 'done' }, op());
    const s = await svc.changeStatus(
      r.id,
      { status: 'special-follow-up', note: 'citizen says nothing happened' },
      op(),
    );
    expect((Date.parse(s.deadlineAt!) - Date.now()) / 3_600_000).toBeCloseTo(24, 1);
  });
});

describe('what other modules read', () => {
  it("lists a citizen's requests open first, newest first, including duplicates they reported", async () => {
    const phone = '09151234500';
    const first = await svc.register({ phone, categoryId: cat.garbage, description: 'oldest, will close' }, op());
    const second = await svc.register({ phone, categoryId: cat.pothole, description: 'open pothole' }, op());
    const other = await svc.register(
      { phone: '09151234599', categoryId: cat.pothole, description: 'neighbour report' },
      op(),
    );
    await svc.linkReporter(other.id, { phone }, op());
    await svc.changeStatus(first.id, { status: 'closed', note: 'duplicate' }, actor(users.supervisor));
    const citizen = await upsertCitizenByPhone(t.pool, '+989151234500');
    const list = await listCitizenRequests(t.pool, citizen.id);
    expect(list.map((r) => r.id)).toEqual([other.id, second.id, first.id]);
    expect(list[2]!.closedAt).not.toBeNull();
  });

  it('caps the history at 20', async () => {
    const phone = '09151234511';
    for (let i = 0; i < 22; i++)
      await svc.register({ phone, categoryId: cat.garbage, description: `request ${i}` }, op());
    const citizen = await upsertCitizenByPhone(t.pool, '+989151234511', 'Zahra');
    expect(citizen.name).toBe('Zahra');
    expect((await upsertCitizenByPhone(t.pool, '+989151234511')).name).toBe('Zahra');
    expect(await listCitizenRequests(t.pool, citizen.id)).toHaveLength(20);
  });

  it('finds a request by a tracking code read out in Persian digits', async () => {
    const r = await svc.register({ categoryId: cat.garbage, description: 'ivr lookup' }, op());
    const spoken = `${toPersianDigits(r.trackingCode.slice(0, 4))} ${toPersianDigits(r.trackingCode.slice(4))}`;
    // The IVR's read-back and the registration's answer give the request in the same shape.
    expect(await findRequestByTrackingCode(t.pool, spoken)).toEqual({
      ...r,
      events: [{ at: expect.any(String), kind: 'referred', status: 'referred', note: null, by: 'operator one' }],
    });
    const wrong = r.trackingCode.slice(0, 7) + String((Number(r.trackingCode[7]) + 1) % 10);
    expect(await findRequestByTrackingCode(t.pool, wrong)).toBeNull();
    expect(await errorCode(svc.findByTrackingCode(wrong, op()))).toBe('INVALID_TRACKING_CODE');
  });

  it("audits every look at a citizen's history by phone", async () => {
    await svc.register({ phone: '09157770000', categoryId: cat.garbage, description: 'audit me' }, op());
    const list = await svc.listByPhone('۰۹۱۵ ۷۷۷ ۰۰۰۰', actor(users.viewer));
    expect(list).toHaveLength(1);
    await svc.listByPhone('09157770001', actor(users.viewer));
    const a = await t.pool.query(
      `SELECT user_id, action, target, details FROM audit_log WHERE action = 'citizen-history-viewed' ORDER BY id`,
    );
    expect(a.rows).toEqual([
      {
        user_id: Number(users.viewer.id),
        action: 'citizen-history-viewed',
        target: '+989157770000',
        details: { results: 1 },
      },
      {
        user_id: Number(users.viewer.id),
        action: 'citizen-history-viewed',
        target: '+989157770001',
        details: { results: 0 },
      },
    ]);
  });

  it('audits every look at a request by tracking code (found or not) and by id, before answering', async () => {
    const r = await svc.register({ phone: '09157770002', categoryId: cat.garbage, description: 'audit my code' }, op());
    const before = Number((await t.pool.query(`SELECT coalesce(max(id), 0) AS m FROM audit_log`)).rows[0].m);
    expect(await svc.findByTrackingCode(r.trackingCode, actor(users.viewer))).toHaveLength(1);
    const body = `${(Number(r.trackingCode[0]) % 9) + 1}${r.trackingCode.slice(1, 7)}`.replace(/^./, (c) =>
      String((Number(c) % 9) + 1),
    );
    const unknown = `${body}${dammCheckDigit(body)}`;
    expect(isValidTrackingCode(unknown) && unknown !== r.trackingCode).toBe(true);
    expect(await svc.findByTrackingCode(unknown, op())).toEqual([]);
    await svc.getRequest(r.id, actor(users.supervisor));
    expect(await errorCode(svc.getRequest('987654321', op()))).toBe('NOT_FOUND');
    const a = await t.pool.query(`SELECT user_id, action, target, details FROM audit_log WHERE id > $1 ORDER BY id`, [
      before,
    ]);
    expect(a.rows).toEqual([
      {
        user_id: Number(users.viewer.id),
        action: 'request-viewed',
        target: `request:${r.id}`,
        details: { via: 'tracking-code', trackingCode: r.trackingCode, results: 1 },
      },
      {
        user_id: Number(users.operator.id),
        action: 'request-viewed',
        target: `tracking-code:${unknown}`,
        details: { via: 'tracking-code', trackingCode: unknown, results: 0 },
      },
      {
        user_id: Number(users.supervisor.id),
        action: 'request-viewed',
        target: `request:${r.id}`,
        details: { via: 'id', trackingCode: r.trackingCode },
      },
    ]);
  });

  it('gives nothing when the audit row cannot be written', async () => {
    const r = await svc.register({ categoryId: cat.garbage, description: 'no audit, no answer' }, op());
    const ghost = { userId: '999999999', role: 'operator' as const }; // no such user: the audit row's foreign key fails
    expect(
      await svc.findByTrackingCode(r.trackingCode, ghost).then(
        () => 'answered',
        () => 'refused',
      ),
    ).toBe('refused');
    expect(
      await svc.getRequest(r.id, ghost).then(
        () => 'answered',
        () => 'refused',
      ),
    ).toBe('refused');
  });

  it("gives each request of a citizen's history its latest notes and status changes, newest first", async () => {
    const phone = '09151234522';
    const r = await svc.register({ phone, categoryId: cat.garbage, description: 'follow me up' }, op());
    const quiet = await svc.register(
      { phone, categoryId: cat.pothole, neighbourhoodId: hood.noghan, description: 'nothing happened yet' },
      op(),
    );
    await svc.addNote(r.id, 'citizen called again: still there', op());
    await svc.changeStatus(r.id, { status: 'in-progress' }, actor(users.supervisor));
    await svc.addNote(r.id, `long ${'x'.repeat(400)}`, op());
    const citizen = await upsertCitizenByPhone(t.pool, '+989151234522');
    const list = await listCitizenRequests(t.pool, citizen.id);
    const mine = list.find((x) => x.id === r.id)!;
    expect(mine.events).toHaveLength(3);
    expect(mine.events!.map((e) => [e.kind, e.status, e.by])).toEqual([
      ['note', null, 'operator one'],
      ['followed-up', 'in-progress', 'supervisor one'],
      ['note', null, 'operator one'],
    ]);
    expect(mine.events![0]!.note).toBe(`long ${'x'.repeat(295)}…`);
    expect(mine.events![2]!.note).toBe('citizen called again: still there');
    expect(Date.parse(mine.events![0]!.at)).toBeGreaterThanOrEqual(Date.parse(mine.events![2]!.at));
    // Registration and linked reporters are not follow-ups: only the automatic referral shows.
    expect(list.find((x) => x.id === quiet.id)!.events).toEqual([
      { at: expect.any(String), kind: 'referred', status: 'referred', note: null, by: 'operator one' },
    ]);
    // The same follow-ups come with a tracking-code search.
    expect((await svc.findByTrackingCode(r.trackingCode, op()))[0]!.events).toEqual(mine.events);
  });
});
