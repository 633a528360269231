import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kpis } from '../../../src/cti/index.ts';
import { answerPhone, callIntoQueue, hangUpCaller, heldFor, live, queuedFor, talkFor } from '../../helpers/calls.ts';
import { emulator } from '../../helpers/emulator-control.ts';
import { api } from '../../helpers/http.ts';
import { setState, signIn, untilReady, type Operator } from '../../helpers/operators.ts';
import { finishedCall } from '../../helpers/records.ts';
import { startCtiRig, type CtiRig } from '../../helpers/standalone-emulator.ts';
import { waitFor } from '../../helpers/wait.ts';

// A scripted stretch of a shift driven through the emulator over real sockets, then the KPIs as
// GET /api/v1/kpis gives them, against figures worked out by hand. The clock runs at 0.1: one
// real second is ten emulated (Asterisk's HoldTime/TalkTime are emulated seconds). Service
// level T = 20 s emulated = 2 s real; a short abandon is under 5 s emulated = 0.5 s real.
const SCALE = 0.1;
const QUEUES = [
  // Queue(q137,c,,,60): a caller still waiting after 60 s emulated (6 s real) times out.
  { name: 'q137', strategy: 'rrmemory' as const, timeoutSec: 30, retrySec: 2, callerTimeoutSec: 60 },
  { name: 'q137hazard', strategy: 'ringall' as const, timeoutSec: 30, retrySec: 1 },
];

describe('KPIs of a shift driven through the emulator', () => {
  let rig: CtiRig;
  let op: Operator;
  let from: string;
  /** AgentConnect HoldTime per caller, as the PBX reported it (the ASA's raw material). */
  const connectHold = new Map<string, number>();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    rig = await startCtiRig(QUEUES, SCALE);
    rig.emu.tapAmi((fields) => {
      const f = new Map(fields);
      if (f.get('Event') === 'AgentConnect') connectHold.set(f.get('Uniqueid')!, Number(f.get('HoldTime')));
    });
    from = new Date(Date.now() - 1000).toISOString();
    const { app } = rig;
    op = await signIn(app, 'operator1');
    await setState(app, op, 'ready');

    const talkThenAgentHangsUp = async (id: string, withHold: boolean) => {
      if (withHold) {
        await emulator(app, 'POST', '/_emulator/endpoints/1001/hold');
        await waitFor(() => live(app, id)?.onHoldSince !== null, 5000, 'on hold');
        await heldFor(app, id, 1000);
        await emulator(app, 'POST', '/_emulator/endpoints/1001/unhold');
        await waitFor(() => live(app, id)?.onHoldSince === null, 5000, 'off hold');
      }
      await talkFor(app, id, 5);
      await emulator(app, 'POST', '/_emulator/endpoints/1001/hangup');
      await waitFor(() => live(app, id)?.phase === 'after-agent', 5000, 'operator hung up');
      await hangUpCaller(app, id); // the caller leaves the survey without rating
      await finishedCall(app, id);
      await untilReady(app, op);
    };

    // A: answered at once (well within T), put on hold for a second.
    ids.A = await callIntoQueue(app, '09120000001');
    await answerPhone(app, '1001', ids.A);
    await talkThenAgentHangsUp(ids.A, true);
    // B: answered after about 3 s real = 30 s emulated (past T; one ring-no-answer on the way).
    ids.B = await callIntoQueue(app, '09120000002');
    // Let the first ring run out (30 s emulated), then pick up the next one: answering on a timer
    // would race the ring timeout on a busy machine.
    await waitFor(
      () => (live(app, ids.B!)?.rings.filter((r) => r.outcome !== 'ringing').length ?? 0) >= 1,
      10_000,
      'B: first ring unanswered',
    );
    await answerPhone(app, '1001', ids.B);
    await talkThenAgentHangsUp(ids.B, false);
    // F: answered at once.
    ids.F = await callIntoQueue(app, '09120000006');
    await answerPhone(app, '1001', ids.F);
    await talkThenAgentHangsUp(ids.F, false);

    // Nobody free now: the rest wait in q137.
    await setState(app, op, 'paused', 'break');
    ids.E = await callIntoQueue(app, '09120000005'); // waits until Queue() times out
    ids.D = await callIntoQueue(app, '09120000004');
    await hangUpCaller(app, ids.D); // D: a short abandon, well under 0.5 s real in the queue
    ids.C = await callIntoQueue(app, '09120000003');
    await queuedFor(app, ids.C, 12);
    await hangUpCaller(app, ids.C); // C: an abandon after about 12 s emulated
    // E is ended by the queue's own timeout; the dialplan then hangs it up.
    // (The call may be gone from the live state by the time anyone looks: its stored end reason is
    // checked below.)
    for (const id of [ids.C, ids.D, ids.E]) await finishedCall(app, id!);
  }, 90_000);

  afterAll(async () => rig?.close());

  it('stores each call with its end reason', async () => {
    const r = await rig.app.db.query<{
      linkedid: string;
      end_reason: string;
      answered: boolean;
      wait_seconds: number;
      hold_seconds: number;
    }>(`SELECT linkedid, end_reason, answered_at IS NOT NULL AS answered, wait_seconds, hold_seconds FROM calls`);
    const by = new Map(r.rows.map((x) => [x.linkedid, x]));
    const reason = (k: string) => [by.get(ids[k]!)?.end_reason, by.get(ids[k]!)?.answered];
    expect([reason('A'), reason('B'), reason('F')]).toEqual([
      ['agent-hangup', true],
      ['agent-hangup', true],
      ['agent-hangup', true],
    ]);
    expect([reason('C'), reason('D'), reason('E')]).toEqual([
      ['abandoned', false],
      ['abandoned', false],
      ['timeout', false],
    ]);
    // The waits that put each call on its side of the thresholds, with a wide margin.
    expect(by.get(ids.A!)!.wait_seconds).toBeLessThan(15);
    expect(by.get(ids.F!)!.wait_seconds).toBeLessThan(15);
    expect(by.get(ids.B!)!.wait_seconds).toBeGreaterThan(25);
    expect(by.get(ids.C!)!.wait_seconds).toBeGreaterThanOrEqual(8);
    expect(by.get(ids.D!)!.wait_seconds).toBeLessThan(5);
    expect(by.get(ids.E!)!.wait_seconds).toBeGreaterThanOrEqual(60);
    expect(by.get(ids.A!)!.hold_seconds).toBeGreaterThanOrEqual(1);
    expect(r.rowCount).toBe(6);
  });

  it('GET /api/v1/kpis equals the hand-computed figures', async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const k = await api<Kpis>(
      rig.app.url,
      rig.supervisor,
      'GET',
      `/api/v1/kpis?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(k.status).toBe(200);
    // Offered A B C D E F = 6; answered A B F = 3; abandoned ≥ 5 s: C = 1; short: D = 1;
    // timed out: E = 1 (not an abandon); nothing lost in a restart.
    expect(k.body).toMatchObject({
      offered: 6,
      answered: 3,
      abandoned: 1,
      shortAbandoned: 1,
      timedOut: 1,
      lostInRestart: 0,
      serviceLevelSeconds: 20,
    });
    // Service level: answered within 20 s (A, F) ÷ offered 6 = 1/3.
    expect(k.body.serviceLevel).toBeCloseTo(2 / 6, 10);
    // Abandonment: 1 ÷ (6 − 1 short) = 1/5.
    expect(k.body.abandonRate).toBeCloseTo(1 / 5, 10);
    // ASA: the mean of the three AgentConnect HoldTimes Asterisk reported.
    const holds = [ids.A, ids.B, ids.F].map((id) => connectHold.get(id!)!);
    expect(holds.every((h) => Number.isFinite(h))).toBe(true);
    expect(k.body.asa).toBeCloseTo((holds[0]! + holds[1]! + holds[2]!) / 3, 10);
    // AHT = talk + hold + wrap-up per answered call; only A was held; every call had a wrap-up.
    expect(k.body.avgHold).toBeGreaterThanOrEqual(1 / 3);
    expect(k.body.avgWrapUp).toBeGreaterThan(0);
    expect(k.body.aht).toBeCloseTo(k.body.avgTalk! + k.body.avgHold! + k.body.avgWrapUp!, 10);
    expect(k.body.perOperator).toEqual([expect.objectContaining({ operatorId: op.id, answered: 3 })]);
  });
});
