import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { login } from '../../helpers/http.ts';
import { watchQueries } from '../../helpers/probes.ts';
import { openDesk } from '../../helpers/sockets.ts';
import { waitFor } from '../../helpers/wait.ts';

describe('a session that ends while its desk is open', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({}, { sessionSweepMs: 200 });
  });
  afterAll(async () => app?.close());

  it('has its socket closed, so no more personal data reaches the stale tab', async () => {
    const cookie = await login(app.url, 'operator2');
    const desk = await openDesk(app.url, cookie);
    let disconnected = false;
    desk.on('disconnect', () => (disconnected = true));
    // Two sweeps (every 200 ms here) read the session again: each is when a socket could be closed.
    const reads = watchQueries(app, /JOIN sessions s ON/);
    await waitFor(() => reads.count >= 2, 5000, 'two session sweeps');
    reads.stop();
    expect(disconnected).toBe(false); // a valid session stays connected across sweeps
    await app.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second'`);
    await waitFor(() => disconnected, 5000, 'socket closed after the session expired');
    desk.close();
  });
});
