// GET /calls?active=true answers in pages: however many calls a PBX (or a hostile peer) reports,
// one answer holds at most `limit` of them, oldest first, and X-Total-Count says how many there are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { callIntoQueue } from '../../helpers/calls.ts';
import { login } from '../../helpers/http.ts';

describe('live calls in pages', () => {
  let app: TestApp;
  let sup: string;
  const linkedids: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    sup = await login(app.url, 'supervisor1');
    // Three callers waiting in the queue (no operator is ready), one after the other.
    for (const from of ['09121000001', '09121000002', '09121000003']) linkedids.push(await callIntoQueue(app, from));
  });
  afterAll(async () => {
    await app?.close();
  });

  const page = async (qs: string) => {
    const res = await fetch(`${app.url}/api/v1/calls?active=true${qs}`, { headers: { cookie: sup } });
    const body = (await res.json()) as Array<{ linkedid: string }>;
    return { status: res.status, total: res.headers.get('x-total-count'), ids: body.map?.((c) => c.linkedid) };
  };

  it('gives `limit` calls from `offset`, oldest first, with the total in X-Total-Count', async () => {
    expect(await page('&limit=2')).toEqual({ status: 200, total: '3', ids: linkedids.slice(0, 2) });
    expect(await page('&limit=2&offset=2')).toEqual({ status: 200, total: '3', ids: linkedids.slice(2) });
    expect(await page('')).toEqual({ status: 200, total: '3', ids: linkedids });
  });

  it('refuses a page larger than 500', async () => {
    expect((await page('&limit=501')).status).toBe(400);
  });
});
