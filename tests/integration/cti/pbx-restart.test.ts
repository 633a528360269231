import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kpis, OperatorState } from '../../../src/cti/index.ts';
import { callIntoQueue, callReachingOperator, live } from '../../helpers/calls.ts';
import { api } from '../../helpers/http.ts';
import { readyOperator } from '../../helpers/operators.ts';
import { finishedCall } from '../../helpers/records.ts';
import { startCtiRig, type CtiRig } from '../../helpers/standalone-emulator.ts';
import { waitFor } from '../../helpers/wait.ts';

/**
 * `core restart now` with calls up: Asterisk hangs every channel up over AMI before it goes
 * (SoftHangupRequest Cause 4, QueueCallerAbandon / AgentComplete, Hangup, Shutdown). Nobody gave
 * up and nobody hung up on anyone: both calls are lost in the restart, and no wrap-up starts.
 */
describe('an Asterisk restart with one caller waiting and one talking', () => {
  let rig: CtiRig;
  beforeAll(async () => {
    rig = await startCtiRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('ends both as pbx-restart: no abandon, no caller-hangup, no wrap-up', async () => {
    const { app, emu } = rig;
    const from = new Date(Date.now() - 60_000).toISOString();
    const op = await readyOperator(app, 'operator1');
    const talking = await callReachingOperator(app, '09121110001', '1001');
    const waiting = await callIntoQueue(app, '09121110002');
    await waitFor(() => live(app, waiting)?.phase === 'queued', 5000, 'second caller waiting');

    const states: OperatorState[] = [];
    app.bus.on('operator:changed', (id, s) => id === op.id && states.push(s.state));
    await emu.restart(300);
    await waitFor(() => !live(app, talking) && !live(app, waiting), 5000, 'both calls ended');

    const talked = await finishedCall(app, talking);
    expect(talked).toMatchObject({ end_reason: 'pbx-restart', member_interface: 'PJSIP/1001', operator_id: op.id });
    expect(talked.answered_at).not.toBeNull();
    const waited = await finishedCall(app, waiting);
    expect(waited).toMatchObject({ end_reason: 'pbx-restart', answered_at: null });

    const to = new Date(Date.now() + 60_000).toISOString();
    const k = await api<Kpis>(
      app.url,
      rig.supervisor,
      'GET',
      `/api/v1/kpis?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(k.body).toMatchObject({ offered: 2, answered: 1, lostInRestart: 2, abandoned: 0, shortAbandoned: 0 });
    // The operator left the call without a wrap-up (the restarted PBX puts them back as they were).
    expect(states).not.toContain('wrap-up');
    expect(states).not.toContain('talking');
  });
});
