import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { connectOutcome, disconnected } from '../../helpers/sockets.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';
import {
  addUser,
  hoodOfDistrict,
  notifications,
  officeSocket,
  openOffice,
  REDIS_URL,
  registerPothole,
  unitIdOf,
  type Heard,
} from './office-fixtures.ts';

// The bell and the live inbox through the real app: a referral reaches the unit's people over the
// /office socket within a second and stays in their notifications; each user sees and marks only
// their own; a unit hears only of its own requests; 137 staff hear of every unit's.
describe('office notifications', () => {
  let app: TestApp;
  let hood5: number;
  let roads5: number;
  let waste5: number;
  const cookie: Record<string, string> = {};
  const sockets: Socket[] = [];
  const heard: Record<string, Heard> = {};

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL }, { sessionSweepMs: 300 });
    const db = app.db;
    [hood5, roads5, waste5] = await Promise.all([
      hoodOfDistrict(db, 5),
      unitIdOf(db, 'district-5-roads'),
      unitIdOf(db, 'district-5-waste'),
    ]);
    await addUser(db, { username: 'roads5-staff', role: 'unit', unitCode: 'district-5-roads' });
    await addUser(db, { username: 'roads5-boss', role: 'unit-manager', unitCode: 'district-5-roads' });
    await addUser(db, { username: 'waste5-staff', role: 'unit', unitCode: 'district-5-waste' });
    for (const u of ['roads5-staff', 'roads5-boss', 'waste5-staff', 'operator1', 'supervisor1'])
      cookie[u] = await login(app.url, u);
    for (const u of ['roads5-staff', 'waste5-staff', 'supervisor1']) {
      const s = await openOffice(app.url, cookie[u]!);
      sockets.push(s.socket);
      heard[u] = s.heard;
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
  });

  it("tells the unit's people of a new referral over the socket within a second, and keeps it in their bell", async () => {
    const t0 = Date.now();
    const req = await registerPothole(app.db, app.url, cookie.operator1!, hood5);
    expect(req.status).toBe('referred');
    const pushed = await waitFor(
      () => heard['roads5-staff']!.notifications.find((n) => n.item.requestId === req.id),
      2000,
      'the notification on the unit staff socket',
    );
    expect(pushed.at - t0).toBeLessThan(1000);
    expect(pushed.unread).toBe(1);
    expect(pushed.item).toMatchObject({ kind: 'new-referral', trackingCode: req.trackingCode, readAt: null });
    expect(pushed.item.details).toMatchObject({ unitId: roads5, unitEn: 'District 5 — Roads', automatic: true });
    expect(typeof pushed.item.details.deadlineAt).toBe('string');

    // The inbox of the unit and the 137 worklist refresh; the waste unit hears nothing of it.
    const inbox = await waitFor(() => heard['roads5-staff']!.inbox.find((e) => e.requestId === req.id), 2000, 'inbox');
    expect(inbox).toMatchObject({ unitId: roads5, trackingCode: req.trackingCode, status: 'referred' });
    expect(inbox.at - t0).toBeLessThan(1000);
    await waitFor(() => heard.supervisor1!.inbox.some((e) => e.requestId === req.id), 2000, 'staff inbox-changed');

    const page = await notifications(app.url, cookie['roads5-staff']!);
    expect(page.status).toBe(200);
    expect(page.body.unread).toBe(1);
    expect(page.body.items).toEqual([pushed.item]);
    const boss = await notifications(app.url, cookie['roads5-boss']!);
    expect(boss.body.items.map((i) => i.trackingCode)).toEqual([req.trackingCode]);
    // Nothing of another unit's request, nor for the operator who registered it.
    expect((await notifications(app.url, cookie['waste5-staff']!)).body).toEqual({
      items: [],
      unread: 0,
      nextCursor: null,
    });
    expect((await notifications(app.url, cookie.operator1!)).body.items).toEqual([]);
    expect(heard['waste5-staff']!.notifications.concat()).toEqual([]);
    expect(heard['waste5-staff']!.inbox.filter((e) => e.requestId === req.id)).toEqual([]);
  });

  it('pages newest first, filters unread, marks read (own only) and tells the other tabs', async () => {
    for (let i = 0; i < 3; i++) await registerPothole(app.db, app.url, cookie.operator1!, hood5);
    const me = cookie['roads5-staff']!;
    await waitFor(async () => (await notifications(app.url, me)).body.unread === 4, 3000, 'four notifications');
    const all = (await notifications(app.url, me, '?limit=100')).body.items;
    expect(all).toHaveLength(4);
    const first = await notifications(app.url, me, '?limit=3');
    expect(first.body.items).toEqual(all.slice(0, 3));
    const second = await notifications(app.url, me, `?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toEqual(all.slice(3));
    expect(second.body.nextCursor).toBeNull();
    const times = all.map((i) => Date.parse(i.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // Another user cannot mark mine read.
    const other = await api(app.url, cookie['waste5-staff']!, 'POST', '/api/v1/notifications/read', {
      ids: [all[1]!.id],
    });
    expect(other).toEqual({ status: 200, body: { unread: 0 } });
    const read = await api(app.url, me, 'POST', '/api/v1/notifications/read', { ids: [all[0]!.id] });
    expect(read).toEqual({ status: 200, body: { unread: 3 } });
    await waitFor(
      () => heard['roads5-staff']!.read.some((r) => r.unread === 3),
      2000,
      'notifications-read on the socket',
    );
    const unread = await notifications(app.url, me, '?unread=true');
    expect(unread.body.items.map((i) => i.id)).toEqual(all.slice(1).map((i) => i.id));
    expect((await api(app.url, me, 'POST', '/api/v1/notifications/read', { all: true })).body).toEqual({ unread: 0 });
    expect((await notifications(app.url, me, '?unread=true')).body.items).toEqual([]);
    const reread = (await notifications(app.url, me)).body.items;
    expect(reread.every((i) => i.readAt !== null)).toBe(true);
  });

  it('refuses bad input and strangers', async () => {
    const me = cookie['roads5-staff']!;
    expect((await api(app.url, null, 'GET', '/api/v1/notifications')).status).toBe(401);
    expect((await api(app.url, null, 'POST', '/api/v1/notifications/read', { all: true })).status).toBe(401);
    for (const body of [
      {},
      { ids: [] },
      { ids: ['x'] },
      { ids: ['1'], all: true },
      { all: false },
      { all: true, x: 1 },
    ])
      expect((await api(app.url, me, 'POST', '/api/v1/notifications/read', body)).status, JSON.stringify(body)).toBe(
        400,
      );
    for (const q of ['?cursor=nonsense', '?limit=0', '?limit=101', '?unread=maybe', '?other=1'])
      expect((await notifications(app.url, me, q)).status, q).toBe(400);
    // The socket: no session, or a page of another site with the user's cookie.
    expect(await connectOutcome(officeSocket(app.url, null))).toMatch(/UNAUTHENTICATED/);
    const foreign = officeSocket(app.url, me, { origin: 'https://evil.example' });
    expect(await connectOutcome(foreign)).not.toBe('connected');
    foreign.close();
  });

  it("closes a socket whose user's units changed (it joined its rooms by them)", async () => {
    const u = await addUser(app.db, { username: 'moving-staff', role: 'unit', unitCode: 'district-5-roads' });
    const { socket } = await openOffice(app.url, await login(app.url, 'moving-staff'));
    sockets.push(socket);
    const closed = disconnected(socket, 5000);
    await app.db.query(`UPDATE unit_members SET unit_id = $2 WHERE user_id = $1`, [u.id, waste5]);
    expect(await closed).toBe('io server disconnect');
  });

  it('a re-referral refreshes both inboxes; a return and an ask for more time reach the 137 supervisors', async () => {
    const req = await registerPothole(app.db, app.url, cookie.operator1!, hood5);
    await waitFor(() => heard['roads5-staff']!.inbox.some((e) => e.requestId === req.id), 2000, 'first referral');
    const tMove = Date.now();
    const moved = await api(app.url, cookie.supervisor1!, 'POST', `/api/v1/requests/${req.id}/referrals`, {
      unitId: waste5,
      note: 'پسماند است نه معابر',
    });
    expect(moved.status).toBe(201);
    // The roads unit's inbox drops it, the waste unit's shows it.
    await waitFor(
      () =>
        heard['roads5-staff']!.inbox.some((e) => e.requestId === req.id && e.unitId === roads5 && e.at >= tMove) &&
        heard['waste5-staff']!.inbox.some((e) => e.requestId === req.id && e.unitId === waste5),
      2000,
      'both inboxes told',
    );
    const waste = await waitFor(
      () => heard['waste5-staff']!.notifications.find((n) => n.item.requestId === req.id),
      2000,
      'the waste unit told',
    );
    expect(waste.item).toMatchObject({ kind: 'new-referral', details: { unitId: waste5, automatic: false } });

    const wasteCookie = cookie['waste5-staff']!;
    const asked = await api<{ id: string }>(app.url, wasteCookie, 'POST', `/api/v1/requests/${req.id}/extensions`, {
      hours: 12,
      reason: 'کامیون در تعمیر است',
    });
    expect(asked.status).toBe(201);
    const ask = await waitFor(
      () =>
        heard.supervisor1!.notifications.find(
          (n) => n.item.kind === 'extension-requested' && n.item.requestId === req.id,
        ),
      2000,
      'the supervisor told of the ask',
    );
    expect(ask.item.details).toMatchObject({ hours: 12, unitId: waste5, extensionId: asked.body.id });
    const decided = await api(app.url, cookie.supervisor1!, 'POST', `/api/v1/extensions/${asked.body.id}/decision`, {
      decision: 'refused',
    });
    expect(decided.status).toBe(200);
    await waitFor(
      () =>
        heard['waste5-staff']!.notifications.some(
          (n) => n.item.kind === 'extension-decided' && n.item.details.decision === 'refused',
        ),
      2000,
      'the unit told of the decision',
    );

    const back = await api(app.url, wasteCookie, 'POST', `/api/v1/requests/${req.id}/status`, {
      status: 'returned',
      note: 'این درخواست مربوط به واحد ما نیست',
    });
    expect(back.status).toBe(200);
    const returned = await waitFor(
      () => heard.supervisor1!.notifications.find((n) => n.item.kind === 'returned' && n.item.requestId === req.id),
      2000,
      'the supervisor told of the return',
    );
    expect(returned.item.details).toMatchObject({ unitId: waste5, trackingCode: req.trackingCode });
    await waitFor(
      () => heard['waste5-staff']!.inbox.some((e) => e.requestId === req.id && e.status === 'returned'),
      2000,
      'the inbox told of the return',
    );
    // Once each: nothing more is on its way for these events (the bus spoke once).
    await quietWindow(300); // pushes arrive within tens of ms on this machine; 300 ms catches a double
    expect(heard.supervisor1!.notifications.filter((n) => n.item.requestId === req.id).map((n) => n.item.kind)).toEqual(
      ['extension-requested', 'returned'],
    );
  });
});
