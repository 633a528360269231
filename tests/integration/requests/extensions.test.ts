import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionView, RequestDetail } from '../../../src/requests/index.ts';
import { computeDeadline, workingHoursOf } from '../../../src/units/index.ts';
import { auditsOf, openOfficeRig, TZ, type OfficeRig } from './inbox-fixtures.ts';

// Asking for more time: the unit holding a request asks (hours and a reason), a 137 supervisor
// grants or refuses. A grant moves the referral's and the request's deadline by the hours, counted
// in the referral's basis from the old deadline; the bus hears of it only after COMMIT.

let rig: OfficeRig;

const ask = (who: string, requestId: string, body: unknown) =>
  rig.call<ExtensionView & { error?: { code: string } }>(who, 'POST', `/api/v1/requests/${requestId}/extensions`, body);
const decide = (who: string, id: string, body: unknown) =>
  rig.call<ExtensionView & { error?: { code: string } }>(who, 'POST', `/api/v1/extensions/${id}/decision`, body);

async function referralOf(requestId: string) {
  const r = await rig.t.pool.query<{ id: string; deadline_at: Date; deadline_basis: string; escalation_level: number }>(
    `SELECT id::text, deadline_at, deadline_basis, escalation_level FROM referrals WHERE request_id = $1 AND ended_at IS NULL`,
    [requestId],
  );
  const req = await rig.t.pool.query<{ deadline_at: Date }>(`SELECT deadline_at FROM requests WHERE id = $1`, [
    requestId,
  ]);
  return { ...r.rows[0]!, requestDeadline: req.rows[0]!.deadline_at };
}

/** The current referral's deadline set hours from now (negative: passed) and its escalation level. */
async function setReferral(requestId: string, hours: number, level: number): Promise<Date> {
  const r = await rig.t.pool.query<{ at: Date }>(
    `UPDATE referrals SET deadline_at = date_trunc('second', now()) + make_interval(hours => $2), escalation_level = $3
      WHERE request_id = $1 AND ended_at IS NULL RETURNING deadline_at AS at`,
    [requestId, hours, level],
  );
  await rig.t.pool.query(`UPDATE requests SET deadline_at = $2 WHERE id = $1`, [requestId, r.rows[0]!.at]);
  return r.rows[0]!.at;
}

beforeAll(async () => {
  rig = await openOfficeRig();
});
afterAll(async () => {
  await rig?.close();
});

describe('POST /requests/:id/extensions', () => {
  it('lets the unit holding the request ask once, and tells the bus after COMMIT', async () => {
    const req = await rig.register('pothole', 5);
    const res = await ask('roads5', req.id, { hours: 8, reason: '  Waiting for the asphalt plant  ' });
    expect(res.status).toBe(201);
    const roads5 = await rig.unitId('district-5-roads');
    expect(res.body).toMatchObject({
      requestId: req.id,
      trackingCode: req.trackingCode,
      unitId: roads5,
      hours: 8,
      reason: 'Waiting for the asphalt plant',
      status: 'pending',
      requestedBy: 'roads5 name',
      requestedByUserId: rig.users.roads5!.id,
      decidedAt: null,
    });
    await rig.settled();
    expect(rig.heard.filter((h) => h.name === 'extension-requested').at(-1)).toEqual({
      name: 'extension-requested',
      payload: {
        requestId: req.id,
        trackingCode: req.trackingCode,
        extensionId: res.body.id,
        unitId: roads5,
        hours: 8,
      },
      committed: true,
    });
    const again = await ask('roads5boss', req.id, { hours: 2, reason: 'more' });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('EXTENSION_PENDING');
    // In the request's history and its detail.
    const detail = await rig.call<RequestDetail>('supervisor1', 'GET', `/api/v1/requests/${req.id}`);
    const event = detail.body.events.find((e) => e.kind === 'extension-requested');
    expect(event).toMatchObject({ note: 'Waiting for the asphalt plant', userId: rig.users.roads5!.id });
    expect(event!.details).toMatchObject({ extensionId: res.body.id, hours: 8 });
    expect(detail.body.pendingExtension).toMatchObject({ id: res.body.id, hours: 8 });
    const audits = await auditsOf(rig.t, 'extension-requested');
    expect(audits.at(-1)).toMatchObject({ user_id: rig.users.roads5!.id, target: `request:${req.id}` });
  });

  it('refuses other units (as if the request did not exist), 137 staff, and bad input', async () => {
    const req = await rig.register('pothole', 5);
    expect((await ask('roads9', req.id, { hours: 8, reason: 'x' })).status).toBe(404);
    expect((await ask('waste5', req.id, { hours: 8, reason: 'x' })).status).toBe(404);
    expect((await ask('roads5', '999999', { hours: 8, reason: 'x' })).status).toBe(404);
    for (const who of ['operator1', 'supervisor1', 'admin1', 'viewer1'])
      expect((await ask(who, req.id, { hours: 8, reason: 'x' })).status).toBe(403);
    for (const body of [
      { hours: 0, reason: 'x' },
      { hours: 721, reason: 'x' },
      { hours: 2.5, reason: 'x' },
      { hours: 8 },
      { hours: 8, reason: '  ' },
    ])
      expect((await ask('roads5', req.id, body)).status).toBe(400);
    // Done: the unit no longer holds it.
    await rig.call('roads5', 'POST', `/api/v1/requests/${req.id}/status`, { status: 'done', note: 'Fixed' });
    expect((await ask('roads5', req.id, { hours: 8, reason: 'x' })).status).toBe(404);
  });
});

describe('GET /extensions', () => {
  it('lists pending asks oldest first for supervisors and admins only', async () => {
    const first = await rig.register('pothole', 9);
    const second = await rig.register('garbage-collection', 5);
    const a = await ask('roads9', first.id, { hours: 3, reason: 'Rain' });
    const b = await ask('waste5', second.id, { hours: 5, reason: 'Truck broken' });
    const list = await rig.call<{ items: ExtensionView[] }>('supervisor1', 'GET', '/api/v1/extensions?status=pending');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((i) => i.id);
    expect(ids.indexOf(a.body.id)).toBeLessThan(ids.indexOf(b.body.id));
    const item = list.body.items.find((i) => i.id === b.body.id)!;
    const deadline = (await referralOf(second.id)).deadline_at.toISOString();
    expect(item).toMatchObject({
      trackingCode: second.trackingCode,
      unitEn: expect.stringContaining('Waste'),
      hours: 5,
    });
    expect(item).toMatchObject({ reason: 'Truck broken', requestedBy: 'waste5 name', deadlineAt: deadline });
    expect((await rig.call('admin1', 'GET', '/api/v1/extensions')).status).toBe(200);
    for (const who of ['roads5', 'roads5boss', 'operator1', 'viewer1'])
      expect((await rig.call(who, 'GET', '/api/v1/extensions')).status).toBe(403);
    expect((await rig.call('supervisor1', 'GET', '/api/v1/extensions?status=maybe')).status).toBe(400);
  });
});

describe('POST /extensions/:id/decision', () => {
  it('grants: the deadline moves by working hours from the old deadline, escalation starts again', async () => {
    const req = await rig.register('pothole', 5);
    const old = await setReferral(req.id, -1, 2); // an hour overdue, the unit's manager already told
    const asked = await ask('roads5', req.id, { hours: 8, reason: 'Crew on another emergency' });
    const before = rig.heard.length; // the ask's own event is in already: it is emitted before the answer
    const res = await decide('supervisor1', asked.body.id, { decision: 'granted', note: 'OK, once' });
    expect(res.status).toBe(200);
    const wh = (await workingHoursOf(rig.t.pool, await rig.unitId('district-5-roads')))!;
    const expected = computeDeadline(old, 8, 'working', wh, TZ);
    expect(expected.getTime()).toBeGreaterThan(Date.now());
    const ref = await referralOf(req.id);
    expect(ref).toMatchObject({ deadline_basis: 'working', escalation_level: 0 });
    expect(ref.deadline_at.toISOString()).toBe(expected.toISOString());
    expect(ref.requestDeadline.toISOString()).toBe(expected.toISOString());
    expect(res.body).toMatchObject({ status: 'granted', decidedBy: 'supervisor1 name', decisionNote: 'OK, once' });
    expect(res.body.deadlineAt).toBe(expected.toISOString());
    const roads5 = await rig.unitId('district-5-roads');
    await rig.settled();
    expect(rig.heard.slice(before)).toEqual([
      {
        name: 'extension-decided',
        payload: {
          requestId: req.id,
          trackingCode: req.trackingCode,
          extensionId: asked.body.id,
          unitId: roads5,
          decision: 'granted',
        },
        committed: true,
      },
      {
        name: 'deadline-changed',
        payload: { requestId: req.id, referralId: ref.id, unitId: roads5, deadlineAt: expected.toISOString() },
        committed: true,
      },
    ]);
    const detail = await rig.call<RequestDetail>('supervisor1', 'GET', `/api/v1/requests/${req.id}`);
    const granted = detail.body.events.find((e) => e.kind === 'extension-granted')!;
    expect(granted).toMatchObject({ note: 'OK, once', userId: rig.users.supervisor1!.id });
    expect(granted.details).toMatchObject({ from: old.toISOString(), to: expected.toISOString(), hours: 8 });
    expect(detail.body.pendingExtension).toBeNull();
    const again = await decide('admin1', asked.body.id, { decision: 'refused' });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('EXTENSION_DECIDED');
    const audit = (await auditsOf(rig.t, 'extension-decided')).at(-1)!;
    expect(audit).toMatchObject({ user_id: rig.users.supervisor1!.id, target: `request:${req.id}` });
    expect(audit.details).toMatchObject({ decision: 'granted', extensionId: asked.body.id });
  });

  it('counts clock hours for a hazard, and leaves the escalation alone when the new deadline has passed too', async () => {
    const req = await rig.register('dangerous-pothole', 5);
    const old = await setReferral(req.id, -10, 2);
    const asked = await ask('roads5', req.id, { hours: 3, reason: 'Barriers placed, repair needs daylight' });
    const res = await decide('admin1', asked.body.id, { decision: 'granted' });
    expect(res.status).toBe(200);
    const ref = await referralOf(req.id);
    expect(ref.deadline_basis).toBe('calendar');
    expect(ref.deadline_at.getTime()).toBe(old.getTime() + 3 * 3_600_000);
    expect(ref.escalation_level).toBe(2);
  });

  it('refuses: the deadline stays; the unit may ask again', async () => {
    const req = await rig.register('pothole', 9);
    const before = (await referralOf(req.id)).deadline_at;
    const asked = await ask('roads9', req.id, { hours: 48, reason: 'Busy' });
    const heard = rig.heard.length;
    const res = await decide('supervisor1', asked.body.id, { decision: 'refused', note: 'It is a main road' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'refused', decisionNote: 'It is a main road' });
    expect((await referralOf(req.id)).deadline_at).toEqual(before);
    await rig.settled();
    expect(rig.heard.slice(heard).map((h) => [h.name, h.payload.decision, h.committed])).toEqual([
      ['extension-decided', 'refused', true],
    ]);
    const detail = await rig.call<RequestDetail>('supervisor1', 'GET', `/api/v1/requests/${req.id}`);
    expect(detail.body.events.find((e) => e.kind === 'extension-refused')).toMatchObject({ note: 'It is a main road' });
    expect((await ask('roads9', req.id, { hours: 4, reason: 'Four hours then' })).status).toBe(201);
  });

  it('will not grant on a referral the unit no longer holds, and checks who and what', async () => {
    const req = await rig.register('pothole', 5);
    const asked = await ask('roads5', req.id, { hours: 5, reason: 'x' });
    expect((await decide('roads5boss', asked.body.id, { decision: 'granted' })).status).toBe(403);
    expect((await decide('operator1', asked.body.id, { decision: 'granted' })).status).toBe(403);
    expect((await decide('supervisor1', asked.body.id, { decision: 'maybe' })).status).toBe(400);
    expect((await decide('supervisor1', '987654', { decision: 'granted' })).status).toBe(404);
    await rig.call('roads5', 'POST', `/api/v1/requests/${req.id}/status`, { status: 'returned', note: 'Not ours' });
    const list = await rig.call<{ items: ExtensionView[] }>('supervisor1', 'GET', '/api/v1/extensions');
    expect(list.body.items.map((i) => i.id)).not.toContain(asked.body.id);
    const grant = await decide('supervisor1', asked.body.id, { decision: 'granted' });
    expect(grant.status).toBe(409);
    expect(grant.body.error?.code).toBe('REFERRAL_ENDED');
    expect((await decide('supervisor1', asked.body.id, { decision: 'refused' })).status).toBe(200);
  });
});
