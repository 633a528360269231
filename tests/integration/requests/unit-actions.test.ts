import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/requests/index.ts';
import {
  canActorSee,
  currentReferral,
  openReferrals,
  recordRequestEvent,
  setEscalationLevel,
} from '../../../src/requests/index.ts';
import { waitFor } from '../../helpers/wait.ts';
import { attachmentRow, failsWith, openReferralRig, type ReferralRig } from './referral-fixtures.ts';

// What a unit's people do with a request referred to them: accept it, write progress notes,
// report it done (with photos), return it to 137 with a reason; and what they are refused.

let rig: ReferralRig;
let roads5: Actor;
let roads9: Actor;
let manager5: Actor;

beforeAll(async () => {
  rig = await openReferralRig();
  roads5 = await rig.unitUser('roads5', ['district-5-roads']);
  roads9 = await rig.unitUser('roads9', ['district-9-roads']);
  manager5 = await rig.unitUser('manager5', ['district-5-roads', 'district-5-waste'], 'unit-manager');
});
afterAll(async () => rig?.t.drop());

const pothole5 = async () =>
  rig.svc.register(
    {
      categoryId: await rig.categoryOf('pothole'),
      neighbourhoodId: await rig.hood('Jalaliyeh'),
      description: 'A deep pothole by the bakery',
      phone: '09151234567',
    },
    rig.staff('operator'),
  );

const statusesHeard = (requestId: string) =>
  rig.heard.filter((h) => h.name === 'status-changed' && h.payload.requestId === requestId).map((h) => h.payload);

describe('unit actions', () => {
  it('accept, progress note, done with photos: the referral follows, each step logged and told', async () => {
    const r = await pothole5();
    const accepted = await rig.svc.changeStatus(r.id, { status: 'in-progress' }, roads5);
    expect(accepted.status).toBe('in-progress');
    expect(accepted.referral?.acceptedAt).not.toBeNull();
    expect(accepted.events.at(-1)).toMatchObject({ kind: 'accepted', userName: 'roads5 (unit)' });
    const noted = await rig.svc.addNote(r.id, 'crew sent, asphalt ordered', roads5);
    expect(noted.events.at(-1)).toMatchObject({ kind: 'progress', note: 'crew sent, asphalt ordered' });

    const photos = [
      await attachmentRow(rig.t.pool, r.id, roads5.userId),
      await attachmentRow(rig.t.pool, r.id, roads5.userId),
    ];
    const done = await rig.svc.changeStatus(r.id, { status: 'done', note: 'patched', attachmentIds: photos }, roads5);
    expect(done.status).toBe('done');
    expect(done.referral).toBeNull();
    expect(done.referrals.at(-1)).toMatchObject({ outcome: 'done', endedAt: expect.any(String) });
    const ev = done.events.at(-1)!;
    expect(ev).toMatchObject({ kind: 'done', note: 'patched', details: { attachmentIds: photos } });
    const linked = await rig.t.pool.query(`SELECT count(*)::int AS n FROM attachments WHERE event_id = $1`, [ev.id]);
    expect(linked.rows[0].n).toBe(2);
    expect(done.attachments.map((a) => a.id).sort()).toEqual([...photos].sort());
    const row = await rig.t.pool.query(`SELECT accepted_by::text, done_at FROM referrals WHERE request_id = $1`, [
      r.id,
    ]);
    expect(row.rows[0].accepted_by).toBe(roads5.userId);
    expect(row.rows[0].done_at).not.toBeNull();
    await waitFor(() => statusesHeard(r.id).length === 2);
    expect(statusesHeard(r.id)).toEqual([
      expect.objectContaining({ from: 'referred', to: 'in-progress', byUserId: roads5.userId }),
      expect.objectContaining({ from: 'in-progress', to: 'done', unitId: await rig.unitIdOf('district-5-roads') }),
    ]);
  });

  it('return to 137 with a reason; then the unit may read it but not act; 137 refers it again', async () => {
    const r = await pothole5();
    expect(await failsWith(rig.svc.changeStatus(r.id, { status: 'returned' }, manager5))).toBe('NOTE_REQUIRED');
    const back = await rig.svc.changeStatus(
      r.id,
      { status: 'returned', note: 'this is a water pipe, not ours' },
      manager5,
    );
    expect(back).toMatchObject({ status: 'returned', unitId: await rig.unitIdOf('district-5-roads'), referral: null });
    expect(back.referrals.at(-1)).toMatchObject({
      outcome: 'returned',
      returnReason: 'this is a water pipe, not ours',
    });
    expect((await rig.svc.getRequest(r.id, roads5)).status).toBe('returned');
    expect(await failsWith(rig.svc.addNote(r.id, 'more', roads5))).toBe('NOT_FOUND');
    expect(await failsWith(rig.svc.changeStatus(r.id, { status: 'in-progress' }, roads5))).toBe('NOT_FOUND');
    const water = await rig.unitIdOf('water-liaison');
    const again = await rig.svc.changeStatus(r.id, { status: 'referred', unitId: water }, rig.staff('operator'));
    expect(again).toMatchObject({ status: 'referred', unitId: water });
    expect(await failsWith(rig.svc.getRequest(r.id, roads9))).toBe('NOT_FOUND');
    // Their past referral: they still read it (now with the water company), and may not act on it.
    expect((await rig.svc.getRequest(r.id, roads5)).referral?.unitId).toBe(water);
    expect(await failsWith(rig.svc.changeStatus(r.id, { status: 'in-progress' }, roads5))).toBe('NOT_FOUND');
  });

  it("refuses another unit's request (404), anything but the unit actions (403), and steps out of order", async () => {
    const r = await pothole5();
    expect(await failsWith(rig.svc.changeStatus(r.id, { status: 'in-progress' }, roads9))).toBe('NOT_FOUND');
    expect(await failsWith(rig.svc.addNote(r.id, 'not mine', roads9))).toBe('NOT_FOUND');
    expect(await failsWith(rig.svc.getRequest(r.id, roads9))).toBe('NOT_FOUND');
    expect(await failsWith(rig.svc.changeStatus(r.id, { status: 'closed', note: 'x' }, roads5))).toBe('FORBIDDEN');
    expect(await failsWith(rig.svc.changeStatus(r.id, { status: 'referred', unitId: 1 }, roads5))).toBe('FORBIDDEN');
    expect(await failsWith(rig.svc.changeStatus(r.id, { status: 'done' }, roads5))).toBe('NOTE_REQUIRED');
    expect(await failsWith(rig.svc.refer(r.id, { unitId: 1 }, roads5))).toBe('FORBIDDEN');
    expect(await failsWith(rig.svc.linkReporter(r.id, { phone: '09150000000' }, roads5))).toBe('FORBIDDEN');
    await rig.svc.changeStatus(r.id, { status: 'in-progress' }, roads5);
    expect(await failsWith(rig.svc.changeStatus(r.id, { status: 'in-progress' }, roads5))).toBe('INVALID_TRANSITION');
    // A photo of another request cannot be passed off as this one's; nothing changes then.
    const other = await pothole5();
    const foreign = await attachmentRow(rig.t.pool, other.id, roads5.userId);
    const input = { status: 'done' as const, note: 'patched', attachmentIds: [foreign] };
    expect(await failsWith(rig.svc.changeStatus(r.id, input, roads5))).toBe('UNKNOWN_ATTACHMENT');
    expect((await rig.svc.getRequest(r.id, roads5)).status).toBe('in-progress');
  });

  it('holds look-ups, duplicates and the worklist to the unit', async () => {
    const r = await pothole5();
    const sameSpot = await pothole5();
    expect(await failsWith(rig.svc.findByTrackingCode(r.trackingCode, roads5))).toBe('FORBIDDEN');
    expect(await failsWith(rig.svc.listByPhone('09151234567', roads5))).toBe('FORBIDDEN');
    const dup = { categoryId: await rig.categoryOf('pothole'), neighbourhoodId: await rig.hood('Jalaliyeh') };
    expect(await failsWith(rig.svc.findDuplicates(dup, roads5))).toBe('FORBIDDEN');
    const d = await rig.svc.getRequest(r.id, roads5);
    expect(d.duplicates.map((x) => x.id)).toContain(sameSpot.id);
    expect(d.citizenName).toBeNull();
    const d5 = await rig.unitIdOf('district-5-roads');
    const list = await rig.svc.worklist({}, roads5);
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i) => i.unit?.id === d5)).toBe(true);
    expect((await rig.svc.worklist({}, roads9)).items).toEqual([]);
    const d9 = await rig.unitIdOf('district-9-roads');
    expect(await failsWith(rig.svc.worklist({ unitId: d9 }, roads5))).toBe('FORBIDDEN');
    expect((await rig.svc.worklist({ unitId: d5 }, manager5)).items.length).toBe(list.items.length);
  });
});

describe('what the office domain uses', () => {
  it('current and open referrals, a once-only escalation level, system events, who may see', async () => {
    const r = await pothole5();
    const cur = (await currentReferral(rig.t.pool, r.id))!;
    expect(cur).toMatchObject({ requestId: r.id, trackingCode: r.trackingCode, escalationLevel: 0, endedAt: null });
    expect((await openReferrals(rig.t.pool)).map((o) => o.id)).toContain(cur.id);
    expect(await setEscalationLevel(rig.t.pool, cur.id, 1)).toBe(true);
    expect(await setEscalationLevel(rig.t.pool, cur.id, 1)).toBe(false);
    expect(await setEscalationLevel(rig.t.pool, cur.id, 0)).toBe(false);
    expect(await setEscalationLevel(rig.t.pool, cur.id, 2)).toBe(true);
    await recordRequestEvent(rig.t.pool, r.id, 'overdue', { referralId: cur.id, level: 2 });
    const d = await rig.svc.getRequest(r.id, rig.staff('viewer'));
    expect(d.events.at(-1)).toMatchObject({ kind: 'overdue', userId: null, details: { level: 2 } });
    expect(await canActorSee(rig.t.pool, roads5, r.id)).toBe(true);
    expect(await canActorSee(rig.t.pool, roads9, r.id)).toBe(false);
    expect(await canActorSee(rig.t.pool, rig.staff('viewer'), r.id)).toBe(true);
    expect(await canActorSee(rig.t.pool, rig.staff('viewer'), '987654321')).toBe(false);
    await rig.svc.changeStatus(r.id, { status: 'done', note: 'fixed' }, roads5);
    expect(await currentReferral(rig.t.pool, r.id)).toMatchObject({ id: cur.id, endedAt: expect.any(String) });
    expect((await openReferrals(rig.t.pool)).map((o) => o.id)).not.toContain(cur.id);
    expect(await canActorSee(rig.t.pool, roads5, r.id)).toBe(true);
  });
});
