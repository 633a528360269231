import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoster } from '../../../src/shifts/index.ts';
import { SUPERVISORS_ROOM } from '../../../src/wallboard/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { answerPhone, hangUpBoth, placeCall } from '../../helpers/calls.ts';
import { login } from '../../helpers/http.ts';
import { setState } from '../../helpers/operators.ts';
import { openDesk } from '../../helpers/sockets.ts';
import { quietWindow, untilQuiet, waitFor } from '../../helpers/wait.ts';
import { connected, openWallboard, type TestWallboard } from './wallboard-client.ts';

describe('wallboard socket', () => {
  let app: TestApp;
  let sup: string;
  let op1: string;
  const open: TestWallboard[] = [];
  const board = (cookie: string, reconnection = false) => {
    const wb = openWallboard(app.url, cookie, { reconnection });
    open.push(wb);
    return wb;
  };

  beforeAll(async () => {
    app = await startTestApp();
    [sup, op1] = await Promise.all([login(app.url, 'supervisor1'), login(app.url, 'operator1')]);
  });

  afterAll(async () => {
    for (const wb of open) wb.close();
    await app?.close();
  });

  it('lets only supervisors and admins in; an operator never reaches the supervisors room', async () => {
    await expect(connected(board('cti137_session=nope'))).rejects.toThrow(/UNAUTHENTICATED/);
    const opBoard = board(op1);
    await expect(connected(opBoard)).rejects.toThrow(/FORBIDDEN/);
    // The operator's own desk socket works, but lives in another namespace and never in the room.
    const desk = await openDesk(app.url, op1);
    const admin = board(await login(app.url, 'admin'));
    const wb = board(sup);
    await Promise.all([connected(admin), connected(wb)]);
    await waitFor(() => wb.picture !== null && admin.picture !== null, 5000, 'snapshots');
    const room = app.io.of('/wallboard').adapter.rooms.get(SUPERVISORS_ROOM)!;
    expect([...room].sort()).toEqual([admin.socket.id, wb.socket.id].sort());
    expect(app.io.of('/desk').adapter.rooms.get(SUPERVISORS_ROOM)).toBeUndefined();
    desk.close();
    admin.close();
  });

  it('sends the whole picture on connect: queues, every operator, KPIs, series, settings', async () => {
    const wb = board(sup);
    await waitFor(() => wb.picture !== null, 5000, 'snapshot');
    const p = wb.picture!;
    expect(p.queues.map((q) => q.name)).toEqual(['q137', 'q137hazard']);
    expect(p.operators.map((o) => o.extension).sort()).toEqual(['1001', '1002', '1003', '1004']);
    expect(p.operators.every((o) => o.state === 'logged-out')).toBe(true);
    expect(p.kpis?.shift.shiftName).toBe(p.shift.name);
    expect(p.kpis?.lastWeek.shiftDate).not.toBe(p.shift.date);
    expect(p.series?.bucketMinutes).toBe(15);
    expect(p.series!.points.length).toBeGreaterThan(0);
    expect(p.settings).toMatchObject({
      phone: 'PJSIP/2001',
      serviceLevelSeconds: 20,
      pauseAllowances: { break: 15, prayer: 20, other: 10 },
    });
    // The demo roster puts someone on every shift: those logged out now are absent, nobody else.
    const rostered = (await listRoster(app.db, { date: p.shift.date, shift: p.shift.name })).map((r) => r.operatorId);
    expect(rostered.length).toBeGreaterThan(0);
    expect(
      p.operators
        .filter((o) => o.absent)
        .map((o) => o.id)
        .sort(),
    ).toEqual([...rostered].sort());
  });

  it('shows a call wait (masked), be answered (talking with whom) and end, then counts it', async () => {
    const wb = board(sup);
    await waitFor(() => wb.picture !== null, 5000, 'snapshot');
    const opId = app.directory.byInterface('PJSIP/1001')!.id;
    const call = await placeCall(app, '09121234567');
    await waitFor(
      () => wb.picture!.queues.find((q) => q.name === 'q137')!.waiting.length === 1,
      5000,
      'caller waiting',
    );
    const waiting = wb.picture!.queues.find((q) => q.name === 'q137')!.waiting[0]!;
    expect(waiting).toMatchObject({ callerMasked: '0912 *** 4567', hazard: false });
    expect(JSON.stringify(wb.picture)).not.toContain('1234567');

    await setState(app, { cookie: op1 }, 'ready');
    await answerPhone(app, '1001');
    await waitFor(() => wb.row(opId)?.state === 'talking', 5000, 'talking on the wallboard');
    expect(wb.row(opId)!.call).toMatchObject({ phase: 'talking', callerMasked: '0912 *** 4567', queue: 'q137' });
    expect(wb.picture!.queues.find((q) => q.name === 'q137')!.waiting).toEqual([]);

    await hangUpBoth(app, '1001', call.channelId);
    await waitFor(() => ['wrap-up', 'ready'].includes(wb.row(opId)!.state), 5000, 'call over on the wallboard');
    expect(wb.row(opId)!.call).toBeNull();
    await waitFor(
      () => wb.picture!.kpis!.shift.all.answered === 1 && wb.row(opId)!.handled === 1,
      10_000,
      'KPIs count the call',
    );
    expect(wb.picture!.kpis!.shift.byQueue['q137']!.offered).toBe(1);
    expect(wb.picture!.series!.points.reduce((s, p) => s + p.answered, 0)).toBe(1);
  });

  it('counts rings let ring out in a row, and an answer starts the count again', async () => {
    const wb = board(sup);
    await waitFor(() => wb.picture !== null, 5000, 'snapshot');
    const opId = app.directory.byInterface('PJSIP/1001')!.id;
    await waitFor(() => wb.row(opId)?.state === 'ready', 5000, 'operator1 ready');
    const call = await placeCall(app, '09131234567');
    // Nobody picks up: the queue rings operator1 again after each 0.75 s ring (tests run 20x fast).
    await waitFor(() => (wb.row(opId)?.rnaStreak ?? 0) >= 2, 10_000, 'two rings unanswered');
    await answerPhone(app, '1001');
    await waitFor(() => wb.row(opId)?.rnaStreak === 0, 5000, 'streak reset by the answer');
    await hangUpBoth(app, '1001', call.channelId);
    await waitFor(() => ['wrap-up', 'ready'].includes(wb.row(opId)!.state), 5000, 'call over');
  });

  it('coalesces a burst: 200 bus events in a row give a few updates, and the last state wins', async () => {
    const wb = board(sup);
    await waitFor(() => wb.picture !== null, 5000, 'snapshot');
    // Earlier pushes drained: none for a few push intervals (50 ms each).
    await untilQuiet(() => wb.updates.length, 150, 5000, 'earlier pushes drained');
    const before = wb.updates.length;
    for (let i = 0; i < 200; i++) {
      app.bus.emit('member:changed', {
        serverId: 'pbx1',
        queue: 'q137',
        interface: 'PJSIP/9999',
        memberName: 'Burst',
        paused: i % 2 === 0,
        reason: 'break',
        status: 1,
      });
    }
    await waitFor(() => wb.updates.length > before, 5000, 'the burst pushed');
    // Nothing more for a while (six push intervals): the burst gave one push, two at most.
    await quietWindow(300);
    const burst = wb.updates.length - before;
    expect(burst).toBeGreaterThanOrEqual(1);
    expect(burst).toBeLessThanOrEqual(2);
    // The same again spread over half a second (ten bursts of 20, 50 ms apart).
    const t0 = Date.now();
    for (let i = 0; i < 200; i++) {
      app.bus.emit('member:changed', {
        serverId: 'pbx1',
        queue: 'q137',
        interface: 'PJSIP/9998',
        memberName: 'Burst2',
        paused: i % 2 === 0,
        reason: 'break',
        status: 1,
      });
      // Pacing the events themselves (the scenario), not waiting for anything.
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 50));
    }
    // The last push follows the last event within one interval; the window shows no more than that.
    await quietWindow(300);
    const spread = wb.updates.length - before - burst;
    // At most one push per 50 ms while events keep coming, plus the last one.
    expect(spread).toBeLessThanOrEqual(Math.ceil((Date.now() - t0) / 50) + 1);
    expect(spread).toBeLessThan(40);
    const q = wb.picture!.queues.find((x) => x.name === 'q137')!;
    expect(q.members).toBeGreaterThanOrEqual(2);
    // The last event of each burst set paused = false (i = 199 is odd).
    expect(q.paused).toBe(0);
    app.bus.emit('member:changed', {
      serverId: 'pbx1',
      queue: 'q137',
      interface: 'PJSIP/9999',
      memberName: 'Burst',
      removed: true,
    });
    app.bus.emit('member:changed', {
      serverId: 'pbx1',
      queue: 'q137',
      interface: 'PJSIP/9998',
      memberName: 'Burst2',
      removed: true,
    });
  });

  it('after a reconnect asks for the snapshot first, and the picture matches the server again', async () => {
    const wb = board(sup, true);
    await waitFor(() => wb.snapshots.length === 1, 5000, 'first snapshot');
    const opId = app.directory.byInterface('PJSIP/1002')!.id;
    // Drop the connection from the server side, change things while it is away.
    const server = app.io.of('/wallboard').sockets.get(wb.socket.id!)!;
    server.conn.close();
    const op2 = await login(app.url, 'operator2');
    await setState(app, { cookie: op2 }, 'ready');
    await setState(app, { cookie: op2 }, 'paused', 'prayer');
    await waitFor(() => wb.snapshots.length === 2, 5000, 'snapshot after reconnect');
    const i = wb.order.lastIndexOf('snapshot');
    expect(wb.order.slice(0, i).filter((e) => e === 'snapshot')).toHaveLength(1);
    await waitFor(() => wb.row(opId)?.state === 'paused', 5000, 'paused after reconnect');
    expect(wb.row(opId)).toMatchObject({ reason: 'prayer', pauseAllowanceSeconds: 20 * 60 });
  });
});
