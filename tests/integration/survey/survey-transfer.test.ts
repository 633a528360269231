import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { emulator } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { waitFor } from '../../helpers/wait.ts';
import { answerPhone, callReachingOperator, hangUpPhone, live, press, talkFor } from '../../helpers/calls.ts';
import { waitForPlay } from '../../helpers/ivr.ts';
import { readyOperator, setState } from '../../helpers/operators.ts';
import { answersOf, callIdOf, finishedResponse } from '../../helpers/records.ts';

/** Who gets the rating when the caller did not stay with one operator, and when the survey is reached by hand. */
describe('survey credit after transfers', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a call blind-transferred to 137 is credited to the second operator, the one who talked last', async () => {
    const seen: Array<Record<string, string | undefined>> = [];
    app.amis.get('pbx1')!.on('event', (m) => {
      const name = m.get('Event');
      if (name === 'BlindTransfer' || name === 'AgentComplete') {
        seen.push({
          name,
          transferer: m.get('TransfererChannel'),
          transferee: m.get('TransfereeChannel'),
          exten: m.get('Extension'),
          reason: m.get('Reason'),
          iface: m.get('Interface'),
        });
      }
    });
    const first = await readyOperator(app, 'operator1');
    const channelId = await callReachingOperator(app, '09123330001', '1001');
    const callerChannel = live(app, channelId)!.callerChannel;
    await talkFor(app, channelId, 12);
    // Only operator2 can take the call back from the queue.
    const second = await readyOperator(app, 'operator2');
    await setState(app, first, 'logged-out');
    const t = await emulator<{ channelId: string }>(app, 'POST', '/_emulator/endpoints/1001/blind-transfer', {
      exten: '137',
      context: 'from-trunk',
    });
    expect(t.channelId).toBe(channelId);
    // The caller runs 137 again: the menu, then the queue, where operator2 answers.
    await waitForPlay(app, channelId, 'cti137/menu', 2);
    await press(app, channelId, '1');
    await answerPhone(app, '1002');
    await talkFor(app, channelId, 12);
    await hangUpPhone(app, '1002');
    await waitForPlay(app, channelId, 'cti137/survey-courtesy');
    await press(app, channelId, '5');
    await waitForPlay(app, channelId, 'cti137/survey-registered');
    await press(app, channelId, '1');
    const callId = await callIdOf(app, channelId);
    const r = await finishedResponse(app, callId);
    expect(r).toMatchObject({ status: 'complete', flags: [], operator_id: second.id });
    expect(await answersOf(app, r.id)).toHaveLength(2);
    // What Asterisk reports: the transfer, app_queue's AgentComplete for it, then the second operator's own hang-up.
    expect(seen.map((e) => [e.name, e.reason ?? e.exten])).toEqual([
      ['BlindTransfer', '137'],
      ['AgentComplete', 'transfer'],
      ['AgentComplete', 'agent'],
    ]);
    expect(seen[0]!.transferer).toMatch(/^PJSIP\/1001-/);
    expect(seen[0]!.transferee).toBe(callerChannel);
    expect(seen.slice(1).map((e) => e.iface)).toEqual(['PJSIP/1001', 'PJSIP/1002']);
    // Both operators took part in the call; the rating is operator2's alone.
    const answeredBy = async () =>
      (
        await app.db.query<{ interface: string }>(
          `SELECT interface FROM call_ring_attempts WHERE call_id = $1 AND outcome = 'answered' ORDER BY started_at`,
          [callId],
        )
      ).rows.map((x) => x.interface);
    await waitFor(async () => (await answeredBy()).length === 2, 10_000, 'both answered rings recorded');
    expect(await answeredBy()).toEqual(['PJSIP/1001', 'PJSIP/1002']);
    const sup = await login(app.url, 'supervisor1');
    const board = await api<{ operators: Array<{ operatorId: string; responses: number; offered: number }> }>(
      app.url,
      sup,
      'GET',
      '/api/v1/scores',
    );
    const byId = new Map(board.body.operators.map((o) => [o.operatorId, o]));
    expect(byId.get(second.id)).toMatchObject({ responses: 1, offered: 1 });
    expect(byId.get(first.id)).toMatchObject({ responses: 0, offered: 0 });
    await setState(app, second, 'logged-out');
  });

  it('an operator who sends the caller straight into the survey (AMI Redirect out of the bridge) gets a flagged, unranked rating', async () => {
    const op = await readyOperator(app, 'operator3');
    const channelId = await callReachingOperator(app, '09123330002', '1003');
    await talkFor(app, channelId, 12);
    const callerChannel = live(app, channelId)!.callerChannel;
    // Priority 5 of 137 is Stasis(cti137,survey,${MEMBERINTERFACE},${MEMBERNAME}): the survey without the operator hanging up.
    const res = await app.amis
      .get('pbx1')!
      .action('Redirect', { Channel: callerChannel, Context: 'from-trunk', Exten: '137', Priority: '5' });
    expect(res.get('Response')).toBe('Success');
    await waitForPlay(app, channelId, 'cti137/survey-courtesy');
    await press(app, channelId, '5');
    await waitForPlay(app, channelId, 'cti137/survey-registered');
    await press(app, channelId, '1');
    const r = await finishedResponse(app, await callIdOf(app, channelId));
    expect(r.status).toBe('complete');
    expect(r.flags).toContain('hand-transfer');
    expect(r.operator_id).toBe(op.id);
    const mine = await api<{
      responses: number;
      rankedResponses: number;
      bayesianScore: number | null;
      flags: Record<string, number>;
    }>(app.url, await login(app.url, 'supervisor1'), 'GET', `/api/v1/operators/${op.id}/scores`);
    expect(mine.body).toMatchObject({
      responses: 1,
      rankedResponses: 0,
      bayesianScore: null,
      flags: { 'hand-transfer': 1 },
    });
    await setState(app, op, 'logged-out');
  });
});
