import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoOperators, PbxWatch, placeCalls, seedCallers } from './call-driver.ts';
import { auditProblems, callsTally, closedCalls, popProblems } from './checks.ts';
import { closeDesks, openDesk, pressReady, type Desk } from './desks.ts';
import { answersOf, failoverRound, type ClusterRun, type RoundCalls } from './failover-round.ts';
import { HAVE_HAPROXY, startCluster } from './harness.ts';

const CALLS = 100;
const ROUNDS = 2;

/**
 * Two cti137 nodes (child processes of src/main.ts) behind HAProxy, sharing a database and a Redis
 * prefix of their own, following the emulator; four operators' desks split over both nodes. First
 * 100 calls, then kill -9 of the owner in the middle of a talk, a survey and a queue wait, twice.
 * Whatever the number of nodes: one pop per ring, one call record per call, one audit row per view,
 * every survey answer once.
 */
describe.skipIf(!HAVE_HAPROXY)('a cluster of two nodes behind HAProxy', () => {
  const run = { desks: [] as Desk[], rounds: ROUNDS, failoverMs: [] as number[] } as ClusterRun;

  beforeAll(async () => {
    // The clock at a tenth: the survey waits 0.6 s for a key, time enough to kill the owner first.
    // A long wrap-up: an operator is rung again only once their desk presses Ready.
    run.c = await startCluster({ env: { WRAPUP_SECONDS: '600' }, timeScale: 0.1 });
    await seedCallers(run.c.db, CALLS);
    // One after the other: HAProxy's round robin then puts two desks on each node (checked below).
    for (const name of ['operator1', 'operator2', 'operator3', 'operator4'])
      run.desks.push(await openDesk(run.c.url, name));
    run.watch = new PbxWatch(run.c.emu);
  }, 90_000);

  afterAll(async () => {
    run.watch?.stop();
    closeDesks(run.desks);
    await run.c?.close();
  });

  it('100 calls: each ring pops once on its desk, on either node; one call record per call, one audit row per pop', async () => {
    const { c, watch, desks } = run;
    const perNode = await Promise.all(c.nodes.map((n) => n.deskSockets()));
    expect(perNode.reduce((a, b) => a + b, 0)).toBe(4);
    expect(Math.min(...perNode), `desks per node ${JSON.stringify(perNode)}`).toBeGreaterThanOrEqual(1);

    for (const d of desks) expect(await pressReady(c.url, d)).toBe(200);
    const ops = autoOperators(desks, { url: c.url, emulatorUrl: c.emulatorUrl, talkMs: 100 });
    let linkedids: string[];
    try {
      // Callers let the menu lapse into the queue (3.5 s at this clock): 20 in flight keep 4 operators busy.
      linkedids = await placeCalls(c.emulatorUrl, watch, CALLS, 20, 70_000);
    } catch (err) {
      const trails = [...ops.trail].filter(([l]) => !watch.ended.has(l)).map(([l, t]) => `${l}: ${t.join(', ')}`);
      throw new Error(`${(err as Error).message}\noperators saw: ${trails.join('\n')}`, { cause: err });
    } finally {
      await ops.stop();
    }

    expect(popProblems(watch, desks)).toEqual([]);
    expect(new Set(watch.rings.map((r) => r.linkedid)).size).toBe(CALLS);
    expect(
      ops.readyStatuses.filter((s) => s !== 200),
      ops.readyErrors.join('; '),
    ).toEqual([]);
    expect(await closedCalls(c.db, linkedids)).toEqual({
      ...{ rows: CALLS, linkedids: CALLS, ended: CALLS, answered: CALLS },
      total: CALLS,
    });
    // One audit row per pop (and per resync that showed a caller's history again).
    expect(await auditProblems(c.db, desks)).toEqual([]);
  }, 120_000);

  it('kill -9 of the owner mid-talk, mid-survey, mid-queue: desks reconnect, pops resume, surveys complete, nothing lost or doubled', async () => {
    const { c, watch, desks } = run;
    const before = await callsTally(c.db, []);
    const answersBefore = await c.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM survey_answers`);
    const rounds: RoundCalls[] = [];
    for (let n = 0; n < ROUNDS; n++) rounds.push(await failoverRound(run, n));
    console.info(`cluster failover: owner killed → new owner named in ${run.failoverMs.join(', ')} ms`);

    expect(popProblems(watch, desks)).toEqual([]);
    expect(await auditProblems(c.db, desks)).toEqual([]);
    const linkedids = rounds.flatMap((r) => [r.talk.linkedid, r.survey.linkedid, r.queued.linkedid]);
    const n = 3 * ROUNDS;
    expect(await closedCalls(c.db, linkedids)).toEqual({
      ...{ rows: n, linkedids: n, ended: n, answered: n },
      total: before.total + n,
    });
    for (const r of rounds) {
      const survey = await answersOf(run, r.survey);
      expect(survey).toMatchObject({ status: 'complete', answers: [{ value: 4 }, { value: 1 }] });
      expect(survey!.answers.map((a) => a.code)).toEqual(['courtesy', 'registered']);
      const talk = await answersOf(run, r.talk);
      expect(talk).toMatchObject({ status: 'complete', answers: [{ value: 5 }, { value: 2 }] });
      expect(await answersOf(run, r.queued)).toMatchObject({ finished: true, answers: [] });
    }
    const answers = await c.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM survey_answers`);
    expect(answers.rows[0]!.n - answersBefore.rows[0]!.n).toBe(4 * ROUNDS);
  }, 150_000);
});
