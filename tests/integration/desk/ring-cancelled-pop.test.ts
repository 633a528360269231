// A ring cancelled while the screen-pop was still on its way must leave no "ringing" pop behind.
// The pop waits for its audit row (a citizen's history is shown only once the view is recorded);
// the ring ended during that wait found no pop to clear, and the pop then stayed on the desk for
// a call long gone. Here the audit is held up by a real lock on audit_log while the caller hangs up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { DeskSnapshot } from '../../../src/agent-desk/index.ts';
import type { Ack } from '../../../src/shared/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { hangUpCaller, live, placeCall } from '../../helpers/calls.ts';
import { api } from '../../helpers/http.ts';
import { signIn, setState, type Operator } from '../../helpers/operators.ts';
import { connected, deskSocket } from '../../helpers/sockets.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';

const CALLER = '09151112233';

describe('a ring cancelled while its screen-pop is on the way', () => {
  let app: TestApp;
  let op: Operator;
  let socket: Socket;
  const got: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    op = await signIn(app, 'operator1');
    socket = deskSocket(app.url, op.cookie);
    socket.onAny((event: string) => got.push(event));
    await connected(socket);
    // A known caller, so that the pop carries a history and waits for its audit row.
    const cats = await api<Array<{ id: string; parentId: string | null; hazard: boolean }>>(
      app.url,
      op.cookie,
      'GET',
      '/api/v1/categories',
    );
    const categoryId = cats.body.find((c) => c.parentId !== null && !c.hazard)!.id;
    const r = await api(app.url, op.cookie, 'POST', '/api/v1/requests', {
      phone: CALLER,
      categoryId,
      description: 'چراغ کوچه خاموش است',
    });
    expect(r.status).toBe(201);
    await setState(app, op, 'ready');
  });

  afterAll(async () => {
    socket?.close();
    await app?.close();
  });

  it('sends no ringing pop (or clears it) and the desk has no current call', async () => {
    const pool = app.testDb.pool;
    const lock = await pool.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE audit_log IN SHARE MODE');
      const call = await placeCall(app, CALLER);
      // The pop is composed and waits on its audit insert, blocked by the lock.
      await waitFor(
        async () =>
          (
            await pool.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO audit_log%'`,
            )
          ).rows[0]!.n > 0,
        10_000,
        'the screen-pop audit waiting on the lock',
      );
      await hangUpCaller(app, call.channelId);
      await waitFor(() => live(app, call.linkedid) === undefined, 10_000, 'the call over');
      await lock.query('COMMIT');
    } finally {
      lock.release();
    }
    await waitFor(
      async () =>
        (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'screen-pop'`))
          .rows[0]!.n > 0,
      10_000,
      'the audit written',
    );
    // Nothing is awaited after the audit but the socket's delivery: 300 ms is far beyond it.
    await quietWindow(300);
    const lastPop = got.lastIndexOf('screen-pop');
    if (lastPop >= 0) expect(got.slice(lastPop)).toContain('call:ended');
    const snap: Ack<DeskSnapshot> = await socket.timeout(2000).emitWithAck('resync');
    expect(snap.ok && snap.data.currentCall).toBe(null);
  });
});
