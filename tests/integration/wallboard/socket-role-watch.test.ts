import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { login } from '../../helpers/http.ts';
import { watchQueries } from '../../helpers/probes.ts';
import { connectOutcome as connected, deskSocket } from '../../helpers/sockets.ts';
import { waitFor } from '../../helpers/wait.ts';
import { openWallboard, type TestWallboard } from './wallboard-client.ts';

/** Until `n` session sweeps (every 200 ms here) have read the sessions of `open` signed-in users again. */
async function sweeps(app: TestApp, n: number, open: number): Promise<void> {
  const reads = watchQueries(app, /JOIN sessions s ON/);
  try {
    await waitFor(() => reads.count >= n * open, 5000, `${n} session sweeps`);
  } finally {
    reads.stop();
  }
}

function watchDisconnect(socket: Socket): { readonly gone: boolean } {
  const s = { gone: false };
  socket.on('disconnect', () => (s.gone = true));
  return s;
}

describe('open sockets follow the user: a demoted supervisor or a disabled user is closed', () => {
  let app: TestApp;
  const open: Array<{ close(): void }> = [];
  beforeAll(async () => {
    app = await startTestApp({}, { sessionSweepMs: 200 });
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await app?.close();
  });

  it('closes the wallboard of a supervisor demoted to viewer, and of a disabled admin; others stay', async () => {
    const [sup, admin, op] = await Promise.all([
      login(app.url, 'supervisor1'),
      login(app.url, 'admin'),
      login(app.url, 'operator1'),
    ]);
    const wbs: TestWallboard[] = [openWallboard(app.url, sup), openWallboard(app.url, admin)];
    open.push(...wbs);
    await waitFor(() => wbs.every((w) => w.picture !== null), 5000, 'snapshots');
    const [supGone, adminGone] = wbs.map((w) => watchDisconnect(w.socket));
    const desk = deskSocket(app.url, op);
    open.push(desk);
    expect(await connected(desk)).toBe('connected');
    const deskGone = watchDisconnect(desk);

    await sweeps(app, 3, 3); // a few sweeps: nobody changed, nobody is closed
    expect([supGone!.gone, adminGone!.gone, deskGone.gone]).toEqual([false, false, false]);

    await app.db.query(`UPDATE users SET role = 'viewer' WHERE username = 'supervisor1'`);
    await waitFor(() => supGone!.gone, 5000, 'demoted supervisor closed');
    await sweeps(app, 2, 2);
    expect([adminGone!.gone, deskGone.gone]).toEqual([false, false]);
    // The same session cannot come back in.
    const again = openWallboard(app.url, sup);
    open.push(again);
    expect(await connected(again.socket)).toMatch(/^FORBIDDEN/);

    await app.db.query(`UPDATE users SET disabled = true WHERE username = 'admin'`);
    await waitFor(() => adminGone!.gone, 5000, 'disabled admin closed');
    expect(deskGone.gone).toBe(false);
  });

  it('closes a desk whose user no longer has an operator phone', async () => {
    const op = await login(app.url, 'operator2');
    const desk = deskSocket(app.url, op);
    open.push(desk);
    expect(await connected(desk)).toBe('connected');
    const gone = watchDisconnect(desk);
    // The phone is handed to another user (operators.user_id is NOT NULL, so it moves rather than vanishes).
    await app.db.query(
      `UPDATE operators SET user_id = (SELECT id FROM users WHERE username = 'supervisor1') WHERE user_id = (SELECT id FROM users WHERE username = 'operator2')`,
    );
    await waitFor(() => gone.gone, 5000, 'desk closed');
  });
});
