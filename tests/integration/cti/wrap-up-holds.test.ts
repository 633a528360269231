import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kpis } from '../../../src/cti/index.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import type { Handover } from '../../../src/shifts/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { answerPhone, callIntoQueue, hangUpCaller, hangUpPhone, live, talkFor } from '../../helpers/calls.ts';
import { emulatorState } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { liveOperators, operatorState, setState, signIn, untilReady, untilState } from '../../helpers/operators.ts';
import { finishedCall } from '../../helpers/records.ts';
import { CTI_QUEUES, startStandaloneEmulator } from '../../helpers/standalone-emulator.ts';
import { waitFor } from '../../helpers/wait.ts';

/** A short wrap-up (real seconds: WRAPUP_SECONDS is not scaled), long enough to see a ring in it. */
const W = 2;
const IFACE = 'PJSIP/1001';

interface Frame {
  at: number;
  f: Map<string, string>;
}

/**
 * Issue 10 #1: with callers waiting, app_queue rings a member the moment it is free and not
 * paused. The member is paused for the wrap-up while the call is still up, so the queue never
 * rings an operator in wrap-up; KPIs and the hand-over then show wrap-ups of WRAPUP_SECONDS.
 * Every AMI frame the emulator sends is tapped: the order of AgentComplete, QueueMemberPause and
 * AgentCalled is what a CTI tapping a real Asterisk would see.
 */
describe('wrap-up holds while callers wait', () => {
  let emu: Emulator;
  let app: TestApp;
  let sup: string;
  const frames: Frame[] = [];

  beforeAll(async () => {
    const s = await startStandaloneEmulator(CTI_QUEUES);
    emu = s.emu;
    emu.tapAmi((fields) => frames.push({ at: Date.now(), f: new Map(fields) }));
    app = await startTestApp({ ...s.env, WRAPUP_SECONDS: String(W) });
    sup = await login(app.url, 'supervisor1');
  });
  afterAll(async () => {
    await app?.close();
    await emu?.close();
  });

  const ev = (name: string, pred: (f: Map<string, string>) => boolean) => (x: Frame) =>
    x.f.get('Event') === name && pred(x.f);
  const mine = (f: Map<string, string>) => f.get('Interface') === IFACE;
  const pauseOf = (paused: '0' | '1') => ev('QueueMemberPause', (f) => mine(f) && f.get('Paused') === paused);

  /** The operator's call with `caller` ended while `next` waited: what the PBX did around the wrap-up. */
  function aroundWrapUp(caller: string, next: string) {
    const done = frames.findIndex(ev('AgentComplete', (f) => f.get('Uniqueid') === caller && mine(f)));
    const connect = frames.findIndex(ev('AgentConnect', (f) => f.get('Uniqueid') === caller && mine(f)));
    const unpause = frames.findIndex((x, i) => i > done && pauseOf('0')(x));
    const rungNext = frames.findIndex(ev('AgentCalled', (f) => f.get('Uniqueid') === next && mine(f)));
    return {
      // The wrap-up pause was in place before the call ended, between the answer and AgentComplete.
      pausedWhileUp: frames.some(
        (x, i) => i > connect && i < done && pauseOf('1')(x) && x.f.get('PausedReason') === 'wrap-up',
      ),
      rungInWrapUp: frames.filter((x, i) => i > done && i < unpause && ev('AgentCalled', mine)(x)).length,
      order: [connect, done, unpause, rungNext].every((n, i, a) => n >= 0 && (i === 0 || n > a[i - 1]!)),
      heldMs: frames[rungNext]!.at - frames[done]!.at,
    };
  }

  it('no AgentCalled reaches an operator in wrap-up; KPIs and the hand-over count WRAPUP_SECONDS', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const op = await signIn(app, 'operator1');
    await setState(app, op, 'ready');
    const a = await callIntoQueue(app, '09121230001');
    await answerPhone(app, '1001', a);
    // Two more callers wait: the only operator is busy (ringinuse = no).
    const b = await callIntoQueue(app, '09121230002');
    const c = await callIntoQueue(app, '09121230003');
    await waitFor(() => frames.some(pauseOf('1')), 5000, 'member paused during the call');
    // The PBX holds the member paused for the wrap-up; the operator is shown talking.
    expect(operatorState(app, op)).toBe('talking');
    expect((await liveOperators(app, sup)).get(op.id)).toMatchObject({ state: 'talking', reason: null });
    await talkFor(app, a, 4);
    expect([live(app, b)?.phase, live(app, c)?.phase]).toEqual(['queued', 'queued']);
    await hangUpPhone(app, '1001');
    await untilState(app, op, 'wrap-up');
    await hangUpCaller(app, a);
    // The first waiting caller is offered to the operator once the wrap-up is over.
    await answerPhone(app, '1001', b);
    const first = aroundWrapUp(a, b);
    expect(first).toMatchObject({ pausedWhileUp: true, rungInWrapUp: 0, order: true });
    // Timers may fire a few ms early relative to the PBX's clock; never a whole wrap-up early.
    expect(first.heldMs).toBeGreaterThanOrEqual(W * 1000 - 50);

    // Ready pressed during a call means ready after its wrap-up: the member stays paused.
    await waitFor(() => live(app, b)?.phase === 'talking', 5000, 'second call answered');
    await setState(app, op, 'ready');
    const member = (await emulatorState(app)).queues
      .find((q) => q.name === 'q137')!
      .members.find((m) => m.interface === IFACE);
    expect(member).toMatchObject({ paused: true, pausedReason: 'wrap-up' });
    expect(operatorState(app, op)).toBe('talking');
    await talkFor(app, b, 4);
    await hangUpPhone(app, '1001');
    await untilState(app, op, 'wrap-up');
    await hangUpCaller(app, b);
    await answerPhone(app, '1001', c);
    const second = aroundWrapUp(b, c);
    expect(second).toMatchObject({ pausedWhileUp: true, rungInWrapUp: 0, order: true });
    expect(second.heldMs).toBeGreaterThanOrEqual(W * 1000 - 50);

    await talkFor(app, c, 4);
    await hangUpPhone(app, '1001');
    await hangUpCaller(app, c);
    await untilReady(app, op);
    for (const id of [a, b, c]) await finishedCall(app, id);
    // Intervals are written behind the live state: the three wrap-ups, each closed.
    await waitFor(
      async () =>
        (
          await app.db.query(
            `SELECT 1 FROM operator_state_intervals WHERE operator_id = $1 AND state = 'wrap-up' AND ended_at IS NOT NULL`,
            [op.id],
          )
        ).rowCount === 3,
      5000,
      'three wrap-ups stored',
    );

    const k = (await api<Kpis>(app.url, sup, 'GET', `/api/v1/kpis?from=${encodeURIComponent(since)}`)).body;
    expect(k.answered).toBe(3);
    expect(k.avgWrapUp).toBeGreaterThanOrEqual(W - 0.1);
    expect(k.avgWrapUp).toBeLessThan(W + 1);
    const h = (await api<Handover>(app.url, sup, 'GET', '/api/v1/shifts/handover')).body;
    const mineOp = h.operators.find((o) => o.operatorId === op.id)!;
    expect(mineOp.seconds.wrapUp).toBeGreaterThanOrEqual(3 * W - 0.5);
    expect(mineOp.seconds.wrapUp).toBeLessThan(3 * W + 2);
  });
});
