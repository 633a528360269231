import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { press } from '../../helpers/calls.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { actionLog, emulator } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { playCount, waitForPlay } from '../../helpers/ivr.ts';
import { startStandaloneEmulator } from '../../helpers/standalone-emulator.ts';
import { waitFor } from '../../helpers/wait.ts';
import { addUser, hoodOfDistrict, REDIS_URL, registerPothole } from '../office/office-fixtures.ts';

/**
 * A citizen's feedback call (Stasis(cti137,feedback,<id>)) whose node stops while it asks "was it
 * resolved?": the next node asks again from the question, the answer is stored once and moves the
 * request once; the outbound attempt stays the answered one it was (no retry, no second call).
 */
const IVR_SCALE = 0.25; // slow enough that the test's keys land while the IVR listens
const CITIZEN = '09121234567';
const OUTBOUND = { REDIS_URL, OUTBOUND_WINDOWS: 'sat-fri 00:00-24:00', OUTBOUND_MAX_ATTEMPTS: '1' };

describe('a feedback call survives a failover', () => {
  let emu: Emulator;
  let env: Record<string, string>;
  let db: TestDb;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    ({ emu, env } = await startStandaloneEmulator(undefined, IVR_SCALE));
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const a of apps.splice(0)) await a.close();
    await emu?.close();
    await db?.drop();
  });

  const node = async (): Promise<TestApp> => {
    const app = await startTestApp(
      { ...env, ...OUTBOUND },
      { db, keepDb: true, timeScale: IVR_SCALE, feedbackDelayMs: 300 },
    );
    apps.push(app);
    return app;
  };

  async function feedbackChannel(app: TestApp): Promise<string> {
    return waitFor(
      async () =>
        (await actionLog(app))
          .flatMap((a) => (a.proto === 'ari' && a.method === 'POST' && a.path.includes('/play') ? [a] : []))
          .filter((a) => (a.query.media ?? '').split(',').includes('sound:cti137/feedback-resolved'))
          .map((a) => decodeURIComponent(a.path.split('/')[3]!))[0],
      20_000,
      'feedback call asking',
    );
  }

  it('node B asks again from the question; one answer, one status change', async () => {
    const a = await node();
    await addUser(db.pool, { username: 'roads5-fo', role: 'unit', unitCode: 'district-5-roads' });
    const unit = await login(a.url, 'roads5-fo');
    const operator = await login(a.url, 'operator1');
    await emulator(a, 'POST', `/control/citizens/${CITIZEN}`, { answer: 'answer', afterMs: 300 });
    const req = await registerPothole(db.pool, a.url, operator, await hoodOfDistrict(db.pool, 5));
    for (const status of ['in-progress', 'done']) {
      const r = await api(a.url, unit, 'POST', `/api/v1/requests/${req.id}/status`, { status, note: 'پر شد' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const channel = await feedbackChannel(a);

    apps.splice(apps.indexOf(a), 1);
    await a.close();
    await waitFor(
      async () => (await emulator<{ apps: string[] }>(env.EMULATOR_URL!, 'GET', '/_emulator/state')).apps.length === 0,
      5000,
      'app inactive',
    );
    const b = await node();
    await waitForPlay(b, channel, 'cti137/feedback-resolved', 2);
    await press(b, channel, '1');
    await waitForPlay(b, channel, 'cti137/feedback-rate');
    await press(b, channel, '5');
    const closed = await waitFor(
      async () =>
        (await db.pool.query<{ status: string }>(`SELECT status FROM requests WHERE id = $1`, [req.id])).rows[0]
          ?.status === 'closed',
      10_000,
      'request closed',
    );
    expect(closed).toBe(true);
    const answers = await db.pool.query(
      `SELECT kind, via, resolved, rating FROM feedback_answers WHERE request_id = $1`,
      [req.id],
    );
    expect(answers.rows).toEqual([{ kind: 'feedback', via: 'ivr', resolved: true, rating: 5 }]);
    // The intro was heard once on each node; the call was placed once.
    expect(await playCount(b, channel, 'cti137/feedback-intro')).toBe(2);
    const originates = (await actionLog(b)).filter((x) => x.proto === 'ami' && x.action === 'Originate');
    expect(originates.length).toBe(1);
  }, 90_000);
});
