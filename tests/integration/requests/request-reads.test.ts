import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findRequestByTrackingCode,
  isValidTrackingCode,
  listCitizenRequests,
  upsertCitizenByPhone,
  type RequestService,
} from '../../../src/requests/index.ts';
import { dammCheckDigit } from '../../../src/requests/tracking-code.ts';
import { toPersianDigits } from '../../../src/shared/digits.ts';
import type { TestDb } from '../../helpers/db.ts';
import { actor, type Users } from './request-fixtures.ts';
import { errorCode, openRequestService, type RequestServiceRig } from './request-service-fixtures.ts';

// The request service: what other modules read (a citizen's history, the IVR's tracking-code
// look-up) and the audit of every look.

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
