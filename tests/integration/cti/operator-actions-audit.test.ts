import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';

/** A supervisor's pause / unpause / logout that fails is audited as well as one that succeeds. */
describe('failed supervisor actions on an operator are audited', () => {
  let app: TestApp;
  let sup: string;
  let supId: string;
  let opId: string;

  beforeAll(async () => {
    app = await startTestApp();
    sup = await login(app.url, 'supervisor1');
    supId = (await app.db.query<{ id: string }>(`SELECT id::text FROM users WHERE username = 'supervisor1'`)).rows[0]!
      .id;
    opId = app.directory.byInterface('PJSIP/1001')!.id;
  });

  afterAll(async () => {
    await app?.close();
  });

  const rows = async (action: string) =>
    (
      await app.db.query<{ user_id: string; target: string; details: Record<string, unknown> }>(
        `SELECT user_id::text, target, details FROM audit_log WHERE action = $1 ORDER BY id`,
        [action],
      )
    ).rows;

  it('records who tried what on whom and why it was refused', async () => {
    // operator1 has not logged in to the queue: a pause is refused.
    const notIn = await api<{ error: { code: string } }>(app.url, sup, 'POST', `/api/v1/operators/${opId}/pause`, {
      reason: 'break',
    });
    expect(notIn.status).toBe(409);
    expect(notIn.body.error.code).toBe('NOT_LOGGED_IN');
    // An operator who does not exist, and a reason that does not.
    expect((await api(app.url, sup, 'POST', '/api/v1/operators/99999/pause', { reason: 'prayer' })).status).toBe(404);
    expect((await api(app.url, sup, 'POST', `/api/v1/operators/${opId}/pause`, { reason: 'nap' })).status).toBe(400);

    const failed = await rows('operator-pause-failed');
    expect(failed).toEqual([
      {
        user_id: supId,
        target: `operator:${opId}`,
        details: expect.objectContaining({ reason: 'break', error: 'NOT_LOGGED_IN' }),
      },
      {
        user_id: supId,
        target: 'operator:99999',
        details: expect.objectContaining({ reason: 'prayer', error: 'NOT_FOUND' }),
      },
      { user_id: supId, target: `operator:${opId}`, details: expect.objectContaining({ error: 'VALIDATION' }) },
    ]);
    expect(failed[0]!.details.message).toMatch(/Log in to the queue/);
    expect(await rows('operator-pause')).toEqual([]);

    // Non-numeric ids are refused and recorded as well.
    expect((await api(app.url, sup, 'POST', '/api/v1/operators/abc/logout')).status).toBe(404);
    expect(await rows('operator-logout-failed')).toEqual([
      { user_id: supId, target: 'operator:abc', details: expect.objectContaining({ error: 'NOT_FOUND' }) },
    ]);
    // Operators may not try at all: refused before any supervisor action, nothing to audit.
    const op = await login(app.url, 'operator2');
    expect((await api(app.url, op, 'POST', `/api/v1/operators/${opId}/unpause`)).status).toBe(403);
    expect(await rows('operator-unpause-failed')).toEqual([]);
  });
});
