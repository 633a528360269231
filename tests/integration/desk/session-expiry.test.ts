import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskSocket, login, startTestApp, waitFor, type TestApp } from '../../helpers/app.ts';

describe('a session that ends while its desk is open', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({}, { sessionSweepMs: 200 });
  });
  afterAll(async () => app?.close());

  it('has its socket closed, so no more personal data reaches the stale tab', async () => {
    const cookie = await login(app.url, 'operator2');
    const desk = deskSocket(app.url, cookie);
    await new Promise<void>((resolve, reject) => {
      desk.on('connect', () => resolve());
      desk.on('connect_error', reject);
    });
    let disconnected = false;
    desk.on('disconnect', () => (disconnected = true));
    await new Promise((r) => setTimeout(r, 500));
    expect(disconnected).toBe(false); // a valid session stays connected across sweeps
    await app.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second'`);
    await waitFor(() => disconnected, 5000, 'socket closed after the session expired');
    desk.close();
  });
});
