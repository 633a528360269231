import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/requests/index.ts';
import { openReferralRig, type ReferralRig } from './referral-fixtures.ts';

// Every step of a request's life is in its history and in the audit log, in the same statement:
// who did what to which request (the system's own steps, such as escalation, with no user).

let rig: ReferralRig;
let roads5: Actor;

beforeAll(async () => {
  rig = await openReferralRig();
  roads5 = await rig.unitUser('auditroads5', ['district-5-roads']);
});
afterAll(async () => rig?.t.drop());

const auditOf = async (requestId: string) =>
  (
    await rig.t.pool.query<{ action: string; user_id: string | null; event_id: string }>(
      `SELECT action, user_id::text, details->>'eventId' AS event_id FROM audit_log
        WHERE target = $1 AND action LIKE 'request-%' ORDER BY id`,
      [`request:${requestId}`],
    )
  ).rows;

describe('the audit log of a request', () => {
  it('has one row per history event, by the same person (the referral made by registering is the operator’s)', async () => {
    const operator = rig.staff('operator');
    const r = await rig.svc.register(
      {
        categoryId: await rig.categoryOf('pothole'),
        neighbourhoodId: await rig.hood('Jalaliyeh'),
        description: 'A pothole by the school',
        phone: '09151112233',
      },
      operator,
    );
    await rig.svc.changeStatus(r.id, { status: 'in-progress' }, roads5);
    await rig.svc.changeStatus(r.id, { status: 'done', note: 'Patched this morning' }, roads5);

    const audit = await auditOf(r.id);
    expect(audit.map((a) => a.action)).toEqual([
      'request-registered',
      'request-referred',
      'request-accepted',
      'request-done',
    ]);
    expect(audit.map((a) => a.user_id)).toEqual([operator.userId, operator.userId, roads5.userId, roads5.userId]);
    const events = await rig.t.pool.query<{ id: string; user_id: string | null }>(
      `SELECT id::text, user_id::text FROM request_events WHERE request_id = $1 ORDER BY id`,
      [r.id],
    );
    expect(audit.map((a) => [a.event_id, a.user_id])).toEqual(events.rows.map((e) => [e.id, e.user_id]));
  });
});
