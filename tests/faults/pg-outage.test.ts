import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { createPool } from '../../src/db/pool.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { TestDb } from '../helpers/db.ts';
import { dial, hangUpCaller, live } from '../helpers/calls.ts';
import { api } from '../helpers/http.ts';
import { hungUpByIvr, playsOf } from '../helpers/ivr.ts';
import { readyOperator } from '../helpers/operators.ts';
import { quietWindow, waitFor } from '../helpers/wait.ts';
import { PgCluster } from './pg-cluster.ts';
import { CallLoop, RequestLoop, report, untilHealthy, untilUnhealthy } from './traffic.ts';

// PostgreSQL stops (fast shutdown) for several seconds while calls, surveys, operator state
// changes and request registrations flow, then starts again. Afterwards every call, every key a
// caller pressed in the survey, every operator state change and every request the server
// acknowledged is in the database exactly once.
const OUTAGE_MS = 6000;

async function intervalCounts(url: string, from: number): Promise<Record<string, number>> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const r = await db.query<{ operator_id: string; n: number }>(
      `SELECT operator_id::text, count(*)::int AS n FROM operator_state_intervals WHERE started_at >= $1 GROUP BY 1`,
      [new Date(from)],
    );
    return Object.fromEntries(r.rows.map((x) => [x.operator_id, x.n]));
  } finally {
    await db.end();
  }
}
const sorted = (o: Record<string, number>) => Object.entries(o).sort(([a], [b]) => a.localeCompare(b));

describe('a PostgreSQL outage while work flows', () => {
  let cluster: PgCluster;
  let app: TestApp;
  const changes = new Map<string, number>();
  let countFrom = 0;
  const total = () => [...changes.values()].reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    cluster = await PgCluster.create();
    const url = await cluster.createDatabase('cti137_faults');
    const log = createLogger('silent');
    await migrate(url, log);
    const db: TestDb = { url, name: 'cti137_faults', pool: createPool(url, log, 2), drop: async () => undefined };
    app = await startTestApp({ DATABASE_URL: url }, { db, keepDb: true });
    countFrom = Date.now();
    app.bus.on('operator:changed', (id) => changes.set(id, (changes.get(id) ?? 0) + 1));
  });
  afterAll(async () => {
    await app?.close();
    await app?.testDb.pool.end();
    await cluster?.destroy();
  });

  it('loses nothing acknowledged, writes nothing twice, and /health recovers', async () => {
    const ops = [await readyOperator(app, 'operator1'), await readyOperator(app, 'operator2')];
    const cats = await api<Array<{ id: string; parentId: string | null; hazard: boolean }>>(
      app.url,
      ops[0]!.cookie,
      'GET',
      '/api/v1/categories',
    );
    const categoryId = cats.body.find((c) => c.parentId !== null && !c.hazard)!.id;
    const calls = [new CallLoop(app, '0912000'), new CallLoop(app, '0913000')];
    const requests = new RequestLoop(app.url, ops[1]!.cookie, categoryId);
    await waitFor(() => calls.every((c) => c.pressed.length >= 2) && requests.acked.size >= 3, 30_000, 'work flowing');

    // The database stops while a caller is being asked a survey question: their key is pressed
    // with it gone (the answer must wait for it, not be dropped after a few retries).
    let stopped!: () => void;
    const stopping = new Promise<void>((r) => (stopped = r));
    calls[0]!.beforeNextKey = async () => {
      await cluster.stop();
      stopped();
    };
    await stopping;
    const pressedBefore = calls[0]!.pressed.length;
    const surveyed = calls[0]!.linkedids.at(-1)!;
    const down = await untilUnhealthy(app.url);
    expect(down.database).toBe('down');
    const before = { calls: calls.map((c) => c.linkedids.length), acked: requests.acked.size, changes: total() };
    // The outage itself: a fixed length of "database gone" while the loops keep working.
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    // Work really happened while it was away: operators changed state, callers called.
    const during = { changes: total() - before.changes, calls: calls.reduce((n, c) => n + c.linkedids.length, 0) };
    expect(during.changes).toBeGreaterThan(0);
    expect(calls[0]!.pressed.length).toBeGreaterThan(pressedBefore);
    // That caller was not left in silence: the IVR waited its 4 s for the answer, then said goodbye.
    await waitFor(() => hungUpByIvr(app, surveyed), 5000, 'the IVR ending that survey');
    expect((await playsOf(app, surveyed)).some((p) => p.media.includes('sound:cti137/goodbye'))).toBe(true);
    expect(during.calls).toBeGreaterThan(before.calls.reduce((a, b) => a + b, 0));
    await cluster.start();
    const recoveredMs = await untilHealthy(app.url);
    report('PostgreSQL stopped for 6 s (DATABASE_URL)', recoveredMs);

    // Work went on through the outage and after it.
    await waitFor(
      () =>
        calls.every((c, i) => c.linkedids.length >= before.calls[i]! + 2) && requests.acked.size >= before.acked + 3,
      30_000,
      'work after the outage',
    );
    await requests.stop();
    await Promise.all(calls.map((c) => c.stop()));
    await app.recorder.flush();
    // Intervals are written behind the live state (a write that met the outage may still be in its
    // back-off), and a wrap-up may end after the loops stopped: wait until the stored intervals catch
    // up with the changes the desks were shown, instead of a one-off flush with a grace period.
    let intervals: Record<string, number> = {};
    await waitFor(
      async () => {
        intervals = await intervalCounts(app.testDb.url, countFrom);
        return JSON.stringify(sorted(intervals)) === JSON.stringify(sorted(Object.fromEntries(changes)));
      },
      20_000,
      'every operator state change stored as an interval',
    ).catch(() => undefined);

    const db = new pg.Client({ connectionString: app.testDb.url });
    await db.connect();
    try {
      // Calls: one row per call placed, none twice, each finished.
      const linkedids = calls.flatMap((c) => c.linkedids);
      const rows = await db.query<{ linkedid: string; n: number; ended: number }>(
        `SELECT linkedid, count(*)::int AS n, count(ended_at)::int AS ended FROM calls WHERE linkedid = ANY($1) GROUP BY linkedid`,
        [linkedids],
      );
      expect(rows.rows.length).toBe(linkedids.length);
      expect(rows.rows.filter((r) => r.n !== 1 || r.ended !== 1)).toEqual([]);

      // Survey: every key a caller pressed for a question the IVR asked is stored, with that digit.
      const pressed = calls.flatMap((c) => c.pressed);
      const answers = await db.query<{ linkedid: string; prompt: string; digit: string }>(
        `SELECT c.linkedid, q.prompt, a.digit FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
           JOIN calls c ON c.id = r.call_id JOIN survey_questions q ON q.id = a.question_id WHERE c.linkedid = ANY($1)`,
        [linkedids],
      );
      const stored = new Set(answers.rows.map((a) => `${a.linkedid}|${a.prompt}|${a.digit}`));
      expect(pressed.filter((p) => !stored.has(`${p.linkedid}|${p.prompt}|${p.digit}`))).toEqual([]);
      expect(answers.rows.length).toBe(pressed.length);

      // Operator states: one interval per change the desks were shown.
      expect(intervals).toEqual(Object.fromEntries(changes));

      // Requests: every acknowledged one exactly once, nothing else with this run's marker.
      const reqs = await db.query<{ id: string }>(`SELECT id::text FROM requests WHERE description LIKE $1`, [
        `${requests.marker} %`,
      ]);
      expect(reqs.rows.map((r) => r.id).sort()).toEqual([...requests.acked.values()].sort());
      expect(requests.internalErrors).toBe(0);
      console.log(
        `[faults] PostgreSQL outage: ${linkedids.length} calls, ${pressed.length} survey keys, ` +
          `${total()} operator state changes (${during.changes} during the outage), ${requests.acked.size} requests ` +
          `(${requests.retries} retries) — all stored once`,
      );
    } finally {
      await db.end();
    }
  }, 90_000);

  it('at shutdown with the database away, the call recorder waits for it instead of dropping its queue', async () => {
    const { channelId } = await dial(app, '09127770001');
    await waitFor(() => live(app, channelId) !== undefined, 5000, 'call tracked');
    await app.recorder.flush();
    await cluster.stop();
    await hangUpCaller(app, channelId);
    await waitFor(() => live(app, channelId) === undefined, 5000, 'call over');
    expect(app.recorder.backlog).toBeGreaterThan(0);
    const flushing = vi.spyOn(app.recorder, 'flush');
    const stopping = app.stop();
    await waitFor(() => flushing.mock.calls.length > 0, 10_000, 'the recorder flushing at shutdown');
    // The database stays away a while into the flush: a recorder that gave up on the first failed
    // tries (as it did, 50 at once) would have dropped the call by now. 1 s is well inside the grace.
    await quietWindow(1000);
    await cluster.start();
    await stopping;
    const db = new pg.Client({ connectionString: app.testDb.url });
    await db.connect();
    const r = await db.query(`SELECT 1 FROM calls WHERE linkedid = $1 AND ended_at IS NOT NULL`, [channelId]);
    await db.end();
    expect(r.rowCount).toBe(1);
  }, 30_000);
});
