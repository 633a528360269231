import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestBusEvents } from '../../../src/requests/index.ts';
import { computeDeadline, workingHoursOf } from '../../../src/units/index.ts';
import { waitFor } from '../../helpers/wait.ts';
import { failsWith, openReferralRig, type ReferralRig } from './referral-fixtures.ts';

// Referral: registration routes a request to its district's own unit (or the city-wide one), with
// a deadline in the unit's working hours or in clock hours for a hazard; 137 re-refers; bulk.

let rig: ReferralRig;
const TZ = 'Asia/Tehran';

beforeAll(async () => {
  rig = await openReferralRig();
});
afterAll(async () => rig?.t.drop());

const register = async (category: string, hood: string | null, extra: { hazard?: boolean } = {}) =>
  rig.svc.register(
    {
      categoryId: await rig.categoryOf(category),
      neighbourhoodId: hood ? await rig.hood(hood) : undefined,
      description: `${category} reported by a citizen`,
      phone: '09151234567',
      ...extra,
    },
    rig.staff('operator'),
  );

const referralsOf = async (id: string) =>
  (
    await rig.t.pool.query(
      `SELECT unit_id, referred_by::text, deadline_hours, deadline_basis, deadline_at, priority, outcome, ended_at
         FROM referrals WHERE request_id = $1 ORDER BY id`,
      [id],
    )
  ).rows;

const heardReferral = (requestId: string, n = 1) =>
  waitFor(() => {
    const got = rig.heard.filter((h) => h.name === 'referred' && h.payload.requestId === requestId);
    return got.length >= n && got[n - 1];
  });

describe('routing at registration', () => {
  it("sends a pothole to its own district's roads unit: District 5 → district-5-roads, District 9 → district-9-roads", async () => {
    const d5 = await register('pothole', 'Jalaliyeh');
    const d9 = await register('pothole', 'Qasemabad');
    const waste5 = await register('garbage-collection', 'Mehrabad');
    expect(d5).toMatchObject({ status: 'referred', unitEn: 'District 5 — Roads' });
    expect(d9).toMatchObject({ status: 'referred', unitEn: 'District 9 — Roads' });
    expect(waste5).toMatchObject({ status: 'referred', unitEn: 'District 5 — Waste and cleaning' });
    const detail = await rig.svc.getRequest(d5.id, rig.staff('supervisor'));
    expect(detail.unitId).toBe(await rig.unitIdOf('district-5-roads'));
    expect(detail.referral).toMatchObject({ unitId: detail.unitId, priority: 0, acceptedAt: null, escalationLevel: 0 });
    expect(detail.referrals).toHaveLength(1);
    expect((await referralsOf(d9.id))[0]).toMatchObject({
      unit_id: await rig.unitIdOf('district-9-roads'),
      referred_by: null, // automatic
      outcome: null,
    });
    const ev = (await heardReferral(d5.id)) as { payload: RequestBusEvents['referred']; committed?: boolean };
    expect(ev.payload).toMatchObject({ unitId: detail.unitId, trackingCode: d5.trackingCode, automatic: true });
    expect(ev.payload.deadlineAt).toBe(detail.deadlineAt);
    expect(ev.committed).toBe(true); // told after COMMIT
    const e = detail.events.find((x) => x.kind === 'referred')!;
    expect(e.details).toMatchObject({ unitId: detail.unitId, referralId: detail.referral!.id, automatic: true });
  });

  it('without a route for the district it goes to the city-wide route, else to the category’s own unit', async () => {
    // A city-wide route for stray dogs, and District 9's own route: District 5 has none.
    const control = await rig.t.pool.query<{ id: number }>(
      `INSERT INTO units (code, name_fa, name_en, kind) VALUES ('animal-control', 'کنترل حیوانات', 'Animal control', 'organisation') RETURNING id`,
    );
    const dogs = await rig.categoryOf('stray-dogs');
    await rig.t.pool.query(`INSERT INTO unit_routes (category_id, district_id, unit_id) VALUES ($1, NULL, $2)`, [
      dogs,
      control.rows[0]!.id,
    ]);
    await rig.t.pool.query(
      `INSERT INTO unit_routes (category_id, district_id, unit_id)
       SELECT $1, d.id, u.id FROM districts d, units u WHERE d.name_en = 'District 9' AND u.code = 'district-9-waste'`,
      [dogs],
    );
    expect(await register('stray-dogs', 'Jalaliyeh')).toMatchObject({ unitEn: 'Animal control' });
    expect(await register('stray-dogs', 'Vakilabad')).toMatchObject({ unitEn: 'District 9 — Waste and cleaning' });
    expect(await register('stray-dogs', null)).toMatchObject({ unitEn: 'Animal control' });
    // No route at all for tree pruning: the category's unit; a pothole with no place: the same.
    expect(await register('tree-pruning', 'Jalaliyeh')).toMatchObject({ unitEn: 'Parks and Green Space Organisation' });
    expect(await register('pothole', null)).toMatchObject({ unitEn: 'Technical and Civil Works (roads)' });
  });
});

describe('deadlines', () => {
  it("counts an ordinary request's hours in the unit's working time, a hazard's in clock hours", async () => {
    const r = await register('pothole', 'Avini');
    const d = await rig.svc.getRequest(r.id, rig.staff('supervisor'));
    const wh = (await workingHoursOf(rig.t.pool, d.unitId!))!;
    const referredAt = new Date(d.referral!.referredAt);
    expect(d.referral).toMatchObject({ basis: 'working', deadlineHours: 72 });
    expect(d.deadlineAt).toBe(computeDeadline(referredAt, 72, 'working', wh, TZ).toISOString());
    // 72 working hours are ten working days or so, far more than three days.
    expect(Date.parse(d.deadlineAt!) - referredAt.getTime()).toBeGreaterThan(7 * 24 * 3_600_000);

    const hazard = await register('dangerous-pothole', 'Avini');
    const h = await rig.svc.getRequest(hazard.id, rig.staff('supervisor'));
    expect(h.referral).toMatchObject({ basis: 'calendar', deadlineHours: 6, unitEn: 'District 5 — Roads' });
    expect(Date.parse(h.deadlineAt!) - Date.parse(h.referral!.referredAt)).toBe(6 * 3_600_000);

    // An ordinary category the operator flags as a hazard: clock hours, at most six.
    const flagged = await register('pothole', 'Avini', { hazard: true });
    const f = await rig.svc.getRequest(flagged.id, rig.staff('supervisor'));
    expect(f.referral).toMatchObject({ basis: 'calendar', deadlineHours: 6 });
    expect(Date.parse(f.deadlineAt!) - Date.parse(f.referral!.referredAt)).toBe(6 * 3_600_000);
  });

  it("follows the unit's own working hours", async () => {
    const unit = await rig.unitIdOf('district-9-roads');
    // A round-the-clock unit: every day, 00:00–23:59: 72 working hours are just over three days.
    await rig.t.pool.query(
      `UPDATE units SET work_days = '{0,1,2,3,4,5,6}', work_start = '00:00', work_end = '23:59' WHERE id = $1`,
      [unit],
    );
    const r = await register('pothole', 'Hashemiyeh');
    const d = await rig.svc.getRequest(r.id, rig.staff('supervisor'));
    const span = Date.parse(d.deadlineAt!) - Date.parse(d.referral!.referredAt);
    expect(span).toBeGreaterThan(72 * 3_600_000);
    expect(span).toBeLessThan(76 * 3_600_000);
  });
});

describe('re-referral', () => {
  it('ends the current referral and starts a new one with its deadline, told on the bus', async () => {
    const r = await register('pothole', 'Rezaiyeh');
    const d9 = await rig.unitIdOf('district-9-roads');
    const sup = rig.staff('supervisor');
    const d = await rig.svc.refer(
      r.id,
      { unitId: d9, deadlineHours: 10, note: 'this street belongs to District 9' },
      sup,
    );
    expect(d).toMatchObject({ status: 'referred', unitId: d9, unitEn: 'District 9 — Roads' });
    expect(d.referral).toMatchObject({ unitId: d9, deadlineHours: 10, note: 'this street belongs to District 9' });
    expect(d.referrals.map((x) => [x.unitEn, x.outcome])).toEqual([
      ['District 5 — Roads', 're-referred'],
      ['District 9 — Roads', null],
    ]);
    const rows = await referralsOf(r.id);
    expect(rows[1]).toMatchObject({ referred_by: sup.userId, priority: 0 });
    expect(rows[0].ended_at).not.toBeNull();
    const ev = (await heardReferral(r.id, 2)) as { payload: RequestBusEvents['referred'] };
    expect(ev.payload).toMatchObject({ unitId: d9, automatic: false, deadlineAt: d.deadlineAt });
    const last = d.events.at(-1)!;
    expect(last).toMatchObject({ kind: 'referred', note: 'this street belongs to District 9' });
    expect(last.details).toMatchObject({ from: 'referred', to: 'referred', unitId: d9, automatic: false });
  });

  it('raises the priority when a special follow-up is referred again; refuses closed, done and unknown units', async () => {
    const r = await register('pothole', 'Rezaiyeh');
    const op = rig.staff('operator');
    const sup = rig.staff('supervisor');
    await rig.svc.changeStatus(r.id, { status: 'done' }, op);
    expect(await failsWith(rig.svc.refer(r.id, { unitId: await rig.unitIdOf('roads') }, sup))).toBe(
      'INVALID_TRANSITION',
    );
    const sfu = await rig.svc.changeStatus(r.id, { status: 'special-follow-up', note: 'still there' }, op);
    expect(sfu.referral).toMatchObject({ unitEn: 'District 5 — Roads', priority: 1 });
    const again = await rig.svc.refer(r.id, { unitId: await rig.unitIdOf('roads') }, op);
    expect(again.referral).toMatchObject({ unitEn: 'Technical and Civil Works (roads)', priority: 2 });
    expect(again.status).toBe('referred');
    expect(await failsWith(rig.svc.refer(r.id, { unitId: 999_999 }, sup))).toBe('UNKNOWN_UNIT');
    expect(await failsWith(rig.svc.refer(r.id, { unitId: 1 }, rig.staff('viewer')))).toBe('FORBIDDEN');
    await rig.svc.changeStatus(r.id, { status: 'closed', note: 'duplicate of another report' }, sup);
    expect((await referralsOf(r.id)).at(-1)).toMatchObject({ outcome: 'closed' });
    expect(await failsWith(rig.svc.refer(r.id, { unitId: 1 }, sup))).toBe('REQUEST_CLOSED');
  });
});

describe('bulk actions', () => {
  it('refers many requests, each on its own, and reports each result', async () => {
    const a = await register('pothole', 'Jalaliyeh');
    const b = await register('pothole', 'Jalaliyeh');
    const closed = await register('pothole', 'Jalaliyeh');
    const sup = rig.staff('supervisor');
    await rig.svc.changeStatus(closed.id, { status: 'closed', note: 'withdrawn by the citizen' }, sup);
    const d9 = await rig.unitIdOf('district-9-roads');
    const out = await rig.svc.bulk({ ids: [a.id, closed.id, '987654321', b.id], action: 'refer', unitId: d9 }, sup);
    expect(out.results).toEqual([
      { id: a.id, ok: true },
      { id: closed.id, ok: false, error: 'REQUEST_CLOSED', message: expect.any(String) },
      { id: '987654321', ok: false, error: 'NOT_FOUND', message: expect.any(String) },
      { id: b.id, ok: true },
    ]);
    for (const id of [a.id, b.id]) expect((await rig.svc.getRequest(id, sup)).referral?.unitId).toBe(d9);
    expect(await failsWith(rig.svc.bulk({ ids: [a.id], action: 'refer', unitId: d9 }, rig.staff('operator')))).toBe(
      'FORBIDDEN',
    );
  });

  it("extends deadlines in each referral's own basis, and starts escalation over", async () => {
    const a = await register('pothole', 'Mehrabad');
    const hazard = await register('open-manhole', 'Mehrabad');
    const sup = rig.staff('supervisor');
    await rig.t.pool.query(`UPDATE referrals SET escalation_level = 2 WHERE request_id = $1`, [a.id]);
    const before = await rig.svc.getRequest(a.id, sup);
    const hBefore = await rig.svc.getRequest(hazard.id, sup);
    const out = await rig.svc.bulk({ ids: [a.id, hazard.id], action: 'extend', hours: 5, note: 'rain' }, sup);
    expect(out.results.every((x) => x.ok)).toBe(true);
    const after = await rig.svc.getRequest(a.id, sup);
    const wh = (await workingHoursOf(rig.t.pool, after.unitId!))!;
    const due = computeDeadline(new Date(before.deadlineAt!), 5, 'working', wh, TZ);
    expect(after.deadlineAt).toBe(due.toISOString());
    expect(after.referral).toMatchObject({ deadlineAt: due.toISOString(), escalationLevel: 0, deadlineHours: 77 });
    const hAfter = await rig.svc.getRequest(hazard.id, sup);
    expect(Date.parse(hAfter.deadlineAt!) - Date.parse(hBefore.deadlineAt!)).toBe(5 * 3_600_000);
    expect(after.events.at(-1)).toMatchObject({ kind: 'extension-granted', note: 'rain' });
    await waitFor(() => rig.heard.some((h) => h.name === 'deadline-changed' && h.payload.requestId === a.id));
    // A request no unit holds now has no deadline to move.
    await rig.svc.changeStatus(a.id, { status: 'done' }, sup);
    const again = await rig.svc.bulk({ ids: [a.id], action: 'extend', hours: 5 }, sup);
    expect(again.results[0]).toMatchObject({ ok: false, error: 'NO_OPEN_REFERRAL' });
  });
});
