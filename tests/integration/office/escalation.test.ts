import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestAppOptions } from '../../helpers/app.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { api, login } from '../../helpers/http.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';
import { addUser, hoodOfDistrict, REDIS_URL, registerPothole, unitIdOf } from './office-fixtures.ts';

/** One of a unit's escalate_after_hours lasts this long here (an hour in production). */
const HOUR_MS = 3000;
/** From the arranged referral to its deadline: long enough for cti137 to start before the reminder is due. */
const DEADLINE_IN_MS = 8000;

interface Step {
  kind: string;
  level: number;
  at: number;
}

// A referral's deadline escalates level by level with cti137 restarted in the middle: reminder to
// the unit, overdue to its manager and the supervisor on duty, then District 5's technical
// department and District 5's municipality, each once, in order, none early, none lost while down.
describe('deadline escalation across a restart', () => {
  let db: TestDb;
  let app: TestApp | null = null;
  const env = { REDIS_URL };
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function steps(requestId: string): Promise<Step[]> {
    const r = await db.pool.query<{ kind: string; level: number; at: Date }>(
      `SELECT kind, (details->>'level')::int AS level, at FROM request_events
        WHERE request_id = $1 AND kind IN ('reminder', 'overdue', 'escalated') ORDER BY id`,
      [requestId],
    );
    return r.rows.map((s) => ({ kind: s.kind, level: s.level, at: s.at.getTime() }));
  }

  async function notified(userId: string): Promise<string[]> {
    const r = await db.pool.query<{ kind: string; level: number | null }>(
      `SELECT kind, (details->>'level')::int AS level FROM notifications WHERE user_id = $1 ORDER BY id`,
      [userId],
    );
    return r.rows.map((n) => (n.level ? `${n.kind}:${n.level}` : n.kind));
  }

  it('reaches levels 1 to 4 in order, once each, on time, and continues after cti137 restarts', async () => {
    db = await createTestDatabase();
    const opts: TestAppOptions = {
      db,
      keepDb: true,
      jobsPrefix: `t${randomBytes(4).toString('hex')}`,
      escalationHourMs: HOUR_MS,
    };
    app = await startTestApp(env, opts);
    const p = db.pool;
    const staff = await addUser(p, { username: 'roads5-staff', role: 'unit', unitCode: 'district-5-roads' });
    const boss = await addUser(p, { username: 'roads5-boss', role: 'unit-manager', unitCode: 'district-5-roads' });
    const tech = await addUser(p, { username: 'tech5-boss', role: 'unit-manager', unitCode: 'district-5-technical' });
    const mayor = await addUser(p, { username: 'mayor5', role: 'unit-manager', unitCode: 'district-5' });
    const away = await addUser(p, { username: 'supervisor-away', role: 'supervisor' });
    const supervisor = (await p.query<{ id: string }>(`SELECT id::text FROM users WHERE username = 'supervisor1'`))
      .rows[0]!;
    await login(app.url, 'supervisor1'); // on duty: a live session
    const roads5 = await unitIdOf(p, 'district-5-roads');
    const patched = await api(app.url, await login(app.url, 'admin'), 'PATCH', `/api/v1/units/${roads5}`, {
      escalateAfterHours: 1,
    });
    expect(patched.status).toBe(200);
    const req = await registerPothole(p, app.url, await login(app.url, 'operator1'), await hoodOfDistrict(p, 5));
    await waitFor(async () => (await notified(staff.id)).length === 1, 3000, 'the new-referral notification');
    await app.close();
    app = null;

    // While it is down, the referral is made short: its deadline a few seconds ahead.
    const arranged = await p.query<{ referred_at: Date; deadline_at: Date }>(
      `UPDATE referrals SET referred_at = now(), deadline_at = now() + $2 * interval '1 millisecond'
        WHERE request_id = $1 AND ended_at IS NULL RETURNING referred_at, deadline_at`,
      [req.id, DEADLINE_IN_MS],
    );
    const { referred_at: referredAt, deadline_at: deadlineAt } = arranged.rows[0]!;
    await p.query(`UPDATE requests SET referred_at = $2, deadline_at = $3 WHERE id = $1`, [
      req.id,
      referredAt,
      deadlineAt,
    ]);
    const R = referredAt.getTime();
    const D = deadlineAt.getTime();

    // Started again: the open referral's levels are planned anew; reminder and overdue come.
    app = await startTestApp(env, opts);
    await waitFor(async () => (await steps(req.id)).length >= 2, DEADLINE_IN_MS + 5000, 'reminder and overdue');
    await app.close();
    app = null;
    // Down across level 3's time: nothing happens meanwhile, and nothing is lost.
    await waitFor(() => Date.now() > D + HOUR_MS + 500, HOUR_MS + DEADLINE_IN_MS + 2000, "level 3's time");
    expect((await steps(req.id)).map((s) => s.level)).toEqual([1, 2]);

    const restartedAt = Date.now();
    app = await startTestApp(env, opts);
    await waitFor(async () => (await steps(req.id)).length >= 4, 3 * HOUR_MS + 5000, 'levels 3 and 4');
    // Level 5 would be District 5's parent: there is none, so the chain ends at 4. Nothing more,
    // and no level twice, comes in a window longer than one escalation interval.
    await quietWindow(HOUR_MS + 1000);

    const done = await steps(req.id);
    expect(done.map((s) => `${s.kind}:${s.level}`)).toEqual(['reminder:1', 'overdue:2', 'escalated:3', 'escalated:4']);
    const slack = 1000; // clocks of the app and PostgreSQL, and a job promoted a little early
    expect(done[0]!.at).toBeGreaterThanOrEqual(R + 0.75 * (D - R) - slack);
    expect(done[0]!.at).toBeLessThan(D);
    expect(done[1]!.at).toBeGreaterThanOrEqual(D - slack);
    expect(done[2]!.at).toBeGreaterThanOrEqual(restartedAt); // caught up after the restart
    expect(done[3]!.at).toBeGreaterThanOrEqual(D + 2 * HOUR_MS - slack);
    const level = await p.query(`SELECT escalation_level FROM referrals WHERE request_id = $1 AND ended_at IS NULL`, [
      req.id,
    ]);
    expect(level.rows[0].escalation_level).toBe(4);

    expect(await notified(staff.id)).toEqual(['new-referral', 'deadline-reminder:1']);
    expect(await notified(boss.id)).toEqual(['new-referral', 'deadline-reminder:1', 'overdue:2']);
    expect(await notified(supervisor.id)).toEqual(['overdue:2']);
    expect(await notified(away.id)).toEqual([]); // another supervisor is on duty
    expect(await notified(tech.id)).toEqual(['escalated:3']);
    expect(await notified(mayor.id)).toEqual(['escalated:4']);
    const escalated = await p.query(`SELECT details FROM notifications WHERE user_id = $1 AND kind = 'escalated'`, [
      mayor.id,
    ]);
    expect(escalated.rows[0].details).toMatchObject({
      trackingCode: req.trackingCode,
      unitEn: 'District 5 — Roads',
      toUnitId: await unitIdOf(p, 'district-5'),
      level: 4,
    });
  }, 90_000);
});
