import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RequestService } from '../../../src/requests/index.ts';
import { computeDeadline, workingHoursOf } from '../../../src/units/index.ts';
import type { TestDb } from '../../helpers/db.ts';
import { actor, type Users } from './request-fixtures.ts';
import { errorCode, openRequestService, type RequestServiceRig } from './request-service-fixtures.ts';

// The request service: the status life cycle (transitions, who may close, deadlines).

let t: TestDb;
let svc: RequestService;
let users: Users;
let cat: RequestServiceRig['cat'];

beforeAll(async () => {
  ({ t, svc, users, cat } = await openRequestService());
});
afterAll(async () => t?.drop());

const op = () => actor(users.operator);

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

  it('gives special follow-up a fresh deadline, in the unit’s working hours, one step up in priority', async () => {
    const r = await svc.register({ categoryId: cat.garbage, description: 'still there' }, op());
    await t.pool.query(`UPDATE requests SET deadline_at = now() - interval '1 day' WHERE id = $1`, [r.id]);
    await svc.changeStatus(r.id, { status: 'done' }, op());
    const s = await svc.changeStatus(
      r.id,
      { status: 'special-follow-up', note: 'citizen says nothing happened' },
      op(),
    );
    // Garbage (24 h) with no place goes to the city-wide Waste Management Organisation.
    expect(s.referral).toMatchObject({ unitEn: 'Waste Management Organisation', deadlineHours: 24, priority: 1 });
    const wh = (await workingHoursOf(t.pool, s.referral!.unitId))!;
    const due = computeDeadline(new Date(s.referral!.referredAt), 24, 'working', wh, 'Asia/Tehran');
    expect(s.deadlineAt).toBe(due.toISOString());
    expect(Date.parse(s.deadlineAt!)).toBeGreaterThan(Date.now() + 24 * 3_600_000);
    expect(s.referrals.map((f) => f.outcome)).toEqual(['done', null]);
  });
});
