import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxItem, InboxPage } from '../../../src/requests/index.ts';
import { auditsOf, openOfficeRig, TZ, type OfficeRig } from './inbox-fixtures.ts';

// The unit inbox (GET /api/v1/office/inbox) on real requests registered through the API and
// routed by their category and district: a unit sees its own referrals only, hazards first and
// then by deadline, with counters, keyset pages, no phone number or name, and every look audited.

let rig: OfficeRig;
const r: Record<string, { id: string; trackingCode: string }> = {};
const deadlines: Record<string, number> = {};

/** Sets a request's current referral's deadline (and the request's mirror) to now + hours. */
async function deadlineIn(key: string, hours: number): Promise<void> {
  const res = await rig.t.pool.query<{ at: Date }>(
    `UPDATE referrals SET deadline_at = now() + make_interval(secs => $2::double precision * 3600)
      WHERE request_id = $1 AND ended_at IS NULL RETURNING deadline_at AS at`,
    [r[key]!.id, hours],
  );
  await rig.t.pool.query(`UPDATE requests SET deadline_at = $2 WHERE id = $1`, [r[key]!.id, res.rows[0]!.at]);
  deadlines[key] = res.rows[0]!.at.getTime();
}

const inbox = (who: string, query = '') => rig.call<InboxPage>(who, 'GET', `/api/v1/office/inbox${query}`);
const codes = (items: InboxItem[]) => items.map((i) => i.trackingCode);
const dayIn = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(ms);

beforeAll(async () => {
  rig = await openOfficeRig();
  r.a = await rig.register('pothole', 5);
  r.b = await rig.register('pothole', 5, { hazard: true });
  r.c = await rig.register('pothole', 5);
  r.d = await rig.register('dangerous-pothole', 5);
  r.e = await rig.register('pothole', 9);
  r.f = await rig.register('garbage-collection', 5, { description: 'ب'.repeat(300) });
  await deadlineIn('a', 0.05); // three minutes ahead: due today (unless the test runs just before midnight)
  await deadlineIn('b', 30);
  await deadlineIn('c', -1); // overdue
  await deadlineIn('d', 1);
});
afterAll(async () => {
  await rig?.close();
});

describe('GET /office/inbox, open view', () => {
  it('gives a unit its own open referrals, hazards first, then by deadline, with its counters', async () => {
    const res = await inbox('roads5');
    expect(res.status).toBe(200);
    expect(codes(res.body.items)).toEqual([r.d, r.b, r.c, r.a].map((x) => x!.trackingCode));
    const dueToday = ['a', 'b', 'd'].filter((k) => dayIn(deadlines[k]!) === dayIn(Date.now())).length;
    expect(res.body.counters).toEqual({ new: 4, inProgress: 0, overdue: 1, dueToday, extensionsPending: 0, total: 4 });
    expect(res.body.nextCursor).toBeNull();
    const roads5 = await rig.unitId('district-5-roads');
    const [d, , c] = res.body.items;
    expect(d).toMatchObject({ id: r.d!.id, hazard: true, status: 'referred', unitId: roads5, overdue: false });
    expect(d).toMatchObject({
      categoryEn: 'Dangerous pothole or subsidence',
      districtEn: 'District 5',
      acceptedAt: null,
    });
    expect(c).toMatchObject({ overdue: true, deadlineAt: new Date(deadlines.c!).toISOString() });
    expect(d!.unitFa).toBeTruthy();
    expect(d!.neighbourhoodEn).toBeTruthy();
  });

  it('shows no phone number and no name', async () => {
    const res = await inbox('roads5');
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/0912|\+98912|Maryam/);
    for (const item of res.body.items) {
      expect(Object.keys(item)).not.toEqual(expect.arrayContaining(['phone']));
      expect(Object.keys(item).some((k) => /phone|name|citizen/i.test(k))).toBe(false);
    }
  });

  it('cuts the description to 160 characters', async () => {
    const res = await inbox('waste5');
    expect(codes(res.body.items)).toEqual([r.f!.trackingCode]);
    const excerpt = res.body.items[0]!.descriptionExcerpt;
    expect(excerpt).toHaveLength(160);
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it('pages by cursor in the same order, every row once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const q: string = `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await inbox('roads5', q);
      expect(res.status).toBe(200);
      seen.push(...codes(res.body.items));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([r.d, r.b, r.c, r.a].map((x) => x!.trackingCode));
    const first = await inbox('roads5', '?limit=2');
    const wrongView = await inbox('roads5', `?view=done&cursor=${first.body.nextCursor}`);
    expect(wrongView.status).toBe(400);
    expect((await inbox('roads5', '?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await inbox('roads5', '?limit=0')).status).toBe(400);
    expect((await inbox('roads5', '?view=archive')).status).toBe(400);
  });
});

describe('who sees which inbox', () => {
  it('keeps each unit to its own units; a user of two units sees both, or the one named', async () => {
    expect(codes((await inbox('roads9')).body.items)).toEqual([r.e!.trackingCode]);
    const waste = await rig.unitId('district-5-waste');
    const roads9 = await rig.unitId('district-9-roads');
    expect((await inbox('roads5', `?unitId=${roads9}`)).status).toBe(403);
    const both = await inbox('both5');
    expect(new Set(codes(both.body.items))).toEqual(new Set([r.a, r.b, r.c, r.d, r.f].map((x) => x!.trackingCode)));
    expect(both.body.counters.total).toBe(5);
    expect(codes((await inbox('both5', `?unitId=${waste}`)).body.items)).toEqual([r.f!.trackingCode]);
    expect(codes((await inbox('roads5boss')).body.items)).toHaveLength(4);
  });

  it('lets 137 supervisors, admins and viewers look at a unit they name; not operators', async () => {
    const roads5 = await rig.unitId('district-5-roads');
    for (const who of ['supervisor1', 'admin1', 'viewer1']) {
      expect((await inbox(who)).status).toBe(400);
      const res = await inbox(who, `?unitId=${roads5}`);
      expect(res.status).toBe(200);
      expect(codes(res.body.items)).toEqual([r.d, r.b, r.c, r.a].map((x) => x!.trackingCode));
    }
    expect((await inbox('supervisor1', '?unitId=99999')).status).toBe(400);
    expect((await inbox('operator1', `?unitId=${roads5}`)).status).toBe(403);
    expect((await rig.call('nobody', 'GET', '/api/v1/office/inbox')).status).toBe(401);
  });
});

describe('the other views as the unit works', () => {
  it('moves requests between new, in progress, done and returned', async () => {
    const act = (key: string, body: object) =>
      rig.call('roads5', 'POST', `/api/v1/requests/${r[key]!.id}/status`, body);
    expect((await act('a', { status: 'in-progress' })).status).toBe(200);
    expect((await act('c', { status: 'done', note: 'Filled and rolled' })).status).toBe(200);
    expect((await act('b', { status: 'returned', note: 'This is a gas company trench, not ours' })).status).toBe(200);
    const asked = await rig.call('roads5', 'POST', `/api/v1/requests/${r.d!.id}/extensions`, {
      hours: 4,
      reason: 'Waiting for the asphalt plant',
    });
    expect(asked.status).toBe(201);

    const open = await inbox('roads5');
    expect(codes(open.body.items)).toEqual([r.d, r.a].map((x) => x!.trackingCode));
    expect(open.body.counters).toMatchObject({ new: 1, inProgress: 1, overdue: 0, extensionsPending: 1, total: 2 });
    expect(open.body.items[0]).toMatchObject({ pendingExtension: true });
    expect(open.body.items[1]).toMatchObject({ status: 'in-progress', pendingExtension: false });
    expect(open.body.items[1]!.acceptedAt).not.toBeNull();

    const done = await inbox('roads5', '?view=done');
    expect(codes(done.body.items)).toEqual([r.c!.trackingCode]);
    expect(done.body.items[0]).toMatchObject({ outcome: 'done', overdue: false });
    expect(done.body.counters.total).toBe(2); // counters are always of the open ones
    const returned = await inbox('roads5', '?view=returned');
    expect(codes(returned.body.items)).toEqual([r.b!.trackingCode]);
    const all = await inbox('roads5', '?view=all&limit=3');
    const rest = await inbox('roads5', `?view=all&limit=3&cursor=${all.body.nextCursor}`);
    // Newest referral first, each request once.
    expect([...codes(all.body.items), ...codes(rest.body.items)]).toEqual(
      [r.d, r.c, r.b, r.a].map((x) => x!.trackingCode),
    );
    expect(rest.body.nextCursor).toBeNull();
  });

  it('shows a request referred again to the same unit once, as open again', async () => {
    const roads5 = await rig.unitId('district-5-roads');
    const again = await rig.call('supervisor1', 'POST', `/api/v1/requests/${r.b!.id}/referrals`, { unitId: roads5 });
    expect(again.status).toBe(201);
    expect(codes((await inbox('roads5', '?view=returned')).body.items)).toEqual([]);
    expect(codes((await inbox('roads5')).body.items)).toContain(r.b!.trackingCode);
    const all = await inbox('roads5', '?view=all');
    expect(codes(all.body.items).filter((c) => c === r.b!.trackingCode)).toHaveLength(1);
  });
});

describe('audit', () => {
  it('writes every look to audit_log with the units, the view and what was shown', async () => {
    const before = (await auditsOf(rig.t, 'inbox-viewed')).length;
    const roads9 = await rig.unitId('district-9-roads');
    await inbox('roads9', '?view=open');
    await inbox('roads5', `?unitId=${roads9}`); // refused: nothing shown, nothing to audit
    const rows = await auditsOf(rig.t, 'inbox-viewed');
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toEqual({
      user_id: rig.users.roads9!.id,
      target: `unit:${roads9}`,
      details: { unitIds: [roads9], view: 'open', cursor: null, results: [r.e!.id] },
    });
  });
});
