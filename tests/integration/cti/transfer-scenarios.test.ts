import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/app.ts';
import { activeCalls, answerPhone, callIntoQueue, live, press, talkFor } from '../../helpers/calls.ts';
import { emulator } from '../../helpers/emulator-control.ts';
import { waitForPlay } from '../../helpers/ivr.ts';
import { liveOperators, setState, signIn, untilReady, type Operator } from '../../helpers/operators.ts';
import { finishedCall, finishedResponse, ringsOf } from '../../helpers/records.ts';
import { startCtiRig, type CtiRig } from '../../helpers/standalone-emulator.ts';
import { waitFor } from '../../helpers/wait.ts';

/** The caller rates the operator: both survey questions, then the response as stored. */
async function survey(
  app: TestApp,
  id: string,
  callId: string,
): Promise<{ operator_id: string | null; status: string }> {
  await waitForPlay(app, id, 'cti137/survey-courtesy');
  await press(app, id, '5');
  await waitForPlay(app, id, 'cti137/survey-registered');
  await press(app, id, '1');
  const { operator_id, status } = await finishedResponse(app, callId);
  return { operator_id, status };
}

/** Transfers: the call follows the new operator, who gets the survey; the record notes the transfer. */
describe('transferred calls as the CTI sees them', () => {
  let rig: CtiRig;
  let op1: Operator;
  let op2: Operator;

  beforeAll(async () => {
    rig = await startCtiRig();
    op1 = await signIn(rig.app, 'operator1');
    op2 = await signIn(rig.app, 'operator2');
  });
  afterAll(async () => rig?.close());

  async function bothReady(): Promise<void> {
    await setState(rig.app, op1, 'ready');
    await setState(rig.app, op2, 'ready');
    await untilReady(rig.app, op1);
    await untilReady(rig.app, op2);
  }

  it('blind transfer back into q137: the second operator answers and is credited with the survey', async () => {
    const { app, supervisor } = rig;
    await bothReady();
    const id = await callIntoQueue(app, '09122220001');
    await answerPhone(app, '1001', id);
    await talkFor(app, id, 2);
    await emulator(app, 'POST', '/_emulator/endpoints/1001/transfer', { to: 'q137' });
    // operator1 is in wrap-up (paused), so q137 rings operator2.
    await answerPhone(app, '1002', id);
    expect(live(app, id)).toMatchObject({ transfers: 1, endReason: null, memberInterface: 'PJSIP/1002' });
    const ops = await liveOperators(app, supervisor);
    expect(ops.get(op2.id)?.state).toBe('talking');
    expect(['wrap-up', 'ready']).toContain(ops.get(op1.id)?.state);
    expect((await activeCalls(app, supervisor)).find((c) => c.linkedid === id)).toMatchObject({
      memberInterface: 'PJSIP/1002',
      transfers: 1,
      phase: 'talking',
    });

    await talkFor(app, id, 2);
    await emulator(app, 'POST', '/_emulator/endpoints/1002/hangup');
    const callId = await waitFor(() => app.recorder.idOf(live(app, id)!.key), 5000, 'call id');
    const rating = await survey(app, id, callId);
    expect(rating).toEqual({ operator_id: op2.id, status: 'complete' });
    const row = await finishedCall(app, id);
    expect(row).toMatchObject({
      operator_id: op2.id,
      member_interface: 'PJSIP/1002',
      transfers: 1,
      end_reason: 'agent-hangup',
    });
    expect(await ringsOf(app, row.id)).toEqual(['PJSIP/1001:answered', 'PJSIP/1002:answered']);
    // Both legs' talk, each from its AgentComplete.
    expect(row.talk_seconds).toBeGreaterThanOrEqual(2);
  });

  it("blind transfer to a colleague's phone (Dial): the call follows the colleague", async () => {
    const { app } = rig;
    await bothReady();
    // operator2 is paused in the queue: only the transfer rings their phone.
    await setState(app, op2, 'paused', 'meeting');
    const id = await callIntoQueue(app, '09122220002');
    await answerPhone(app, '1001', id);
    await emulator(app, 'POST', '/_emulator/endpoints/1001/transfer', { to: '1002' });
    await answerPhone(app, '1002', id);
    expect(live(app, id)!.rings.map((r) => `${r.interface}:${r.outcome}:${r.via}`)).toEqual([
      'PJSIP/1001:answered:queue',
      'PJSIP/1002:answered:dial',
    ]);
    // A call beats a pause: operator2 shows as talking.
    await waitFor(
      async () => (await liveOperators(app, rig.supervisor)).get(op2.id)?.state === 'talking',
      5000,
      'operator2 talking',
    );
    await talkFor(app, id, 4);
    await emulator(app, 'POST', '/_emulator/endpoints/1002/hangup');
    await waitFor(() => live(app, id)?.phase === 'after-agent', 5000, 'colleague hung up');
    const callId = (await app.recorder.idOf(live(app, id)!.key))!;
    const rating = await survey(app, id, callId);
    expect(rating.operator_id).toBe(op2.id);
    const row = await finishedCall(app, id);
    expect(row).toMatchObject({ operator_id: op2.id, transfers: 1, end_reason: 'agent-hangup' });
    expect(await ringsOf(app, row.id)).toEqual(['PJSIP/1001:answered', 'PJSIP/1002:answered']);
  });

  it('attended transfer: the caller ends up with the second operator, live and in the record', async () => {
    const { app, supervisor } = rig;
    await bothReady();
    await setState(app, op2, 'paused', 'meeting');
    const id = await callIntoQueue(app, '09122220003');
    await answerPhone(app, '1001', id);
    await emulator(app, 'POST', '/_emulator/endpoints/1001/attended-transfer', { to: '1002' });
    // The consultation is a call of its own: the citizen's call is unchanged, on hold.
    await waitFor(() => live(app, id)?.onHoldSince !== null, 5000, 'caller on hold');
    expect(app.tracker.active()).toHaveLength(1);
    await waitFor(
      () =>
        emulator(app, 'POST', '/_emulator/endpoints/1002/answer').then(
          () => true,
          () => false,
        ),
      5000,
      '1002 rings',
    );
    // Completing is refused (409) until the colleague's answer has bridged the consultation.
    await waitFor(
      () =>
        emulator(app, 'POST', '/_emulator/endpoints/1001/attended-transfer/complete').then(
          () => true,
          () => false,
        ),
      5000,
      'consultation bridged, transfer completed',
    );
    await waitFor(() => live(app, id)?.memberInterface === 'PJSIP/1002', 5000, 'handed over');
    expect(live(app, id)).toMatchObject({ phase: 'talking', transfers: 1, onHoldSince: null });
    await waitFor(
      async () => (await liveOperators(app, supervisor)).get(op2.id)?.state === 'talking',
      5000,
      'operator2 talking',
    );
    expect(['wrap-up', 'ready']).toContain((await liveOperators(app, supervisor)).get(op1.id)?.state);
    expect((await activeCalls(app, supervisor)).find((c) => c.linkedid === id)).toMatchObject({
      memberInterface: 'PJSIP/1002',
      transfers: 1,
    });

    await talkFor(app, id, 4);
    await emulator(app, 'POST', '/_emulator/endpoints/1002/hangup');
    await waitFor(() => live(app, id)?.phase === 'after-agent', 5000, 'operator2 hung up');
    const callId = (await app.recorder.idOf(live(app, id)!.key))!;
    const rating = await survey(app, id, callId);
    expect(rating.operator_id).toBe(op2.id);
    const row = await finishedCall(app, id);
    expect(row).toMatchObject({
      operator_id: op2.id,
      member_interface: 'PJSIP/1002',
      transfers: 1,
      end_reason: 'agent-hangup',
    });
    expect(row.hold_seconds).toBeLessThanOrEqual(1);
    expect(await ringsOf(app, row.id)).toEqual(['PJSIP/1001:answered', 'PJSIP/1002:answered']);
    await untilReady(app, op1);
    await setState(app, op1, 'logged-out');
  });
});
