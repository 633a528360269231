import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPersianDigits } from '../../../src/shared/index.ts';
import { api } from '../../helpers/http.ts';
import { get, openRig, parseXml, post, type Open311Rig } from './open311-fixtures.ts';

// Keys (issued by admins, shown once, revoked), the requests list's filters, rate limits per key
// and per address, and no personal data in any public answer.

let rig: Open311Rig;
beforeAll(async () => {
  rig = await openRig();
}, 60_000);
afterAll(async () => rig?.close());

const form = (key: string, extra: Record<string, string> = {}) => ({
  api_key: key,
  service_code: 'garbage-collection',
  description: 'Bins overflowing on the corner',
  address_string: 'Vakilabad Blvd.',
  first_name: 'Reza',
  last_name: 'Karimi',
  phone: '+98 912 765 4321',
  ...extra,
});

describe('API keys', () => {
  it('are for admins only, shown once, and refused once revoked', async () => {
    const sup = await api(rig.app.url, rig.supervisor, 'POST', '/api/v1/open311/keys', { name: 'x' });
    expect(sup.status).toBe(403);
    expect((await api(rig.app.url, rig.supervisor, 'GET', '/api/v1/open311/keys')).status).toBe(403);
    expect((await api(rig.app.url, null, 'GET', '/api/v1/open311/keys')).status).toBe(401);
    expect((await api(rig.app.url, rig.admin, 'POST', '/api/v1/open311/keys', { name: '' })).status).toBe(400);
    const made = await api<{ id: number; key: string }>(rig.app.url, rig.admin, 'POST', '/api/v1/open311/keys', {
      name: 'SeeClickFix',
    });
    expect(made.status).toBe(201);
    const list = await api<{ items: Record<string, unknown>[] }>(rig.app.url, rig.admin, 'GET', '/api/v1/open311/keys');
    const listed = list.body.items.find((k) => k.id === made.body.id);
    expect(listed).toMatchObject({ name: 'SeeClickFix', perMinute: 60, revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(made.body.key);
    expect((await post(rig, 'requests.json', form(made.body.key))).status).toBe(201);

    const gone = await api(rig.app.url, rig.admin, 'DELETE', `/api/v1/open311/keys/${made.body.id}`);
    expect(gone.status).toBe(204);
    expect((await api(rig.app.url, rig.admin, 'DELETE', `/api/v1/open311/keys/${made.body.id}`)).status).toBe(404);
    const refused = await post(rig, 'requests.xml', form(made.body.key));
    expect(refused.status).toBe(403);
    expect(parseXml(refused.text).errors.error[0].code).toBe('403');
    const audit = await rig.app.testDb.pool.query(`SELECT action FROM audit_log WHERE target = $1 ORDER BY id`, [
      `open311-key:${made.body.id}`,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual(['open311-key-created', 'open311-key-revoked']);
  });

  it('the demo key works in demo mode', async () => {
    expect((await post(rig, 'requests.json', form('demo-open311-key'))).status).toBe(201);
  });

  it('limits each key to its requests a minute (429 in the error document)', async () => {
    const made = await api<{ key: string }>(rig.app.url, rig.admin, 'POST', '/api/v1/open311/keys', {
      name: 'slow client',
      perMinute: 2,
    });
    expect((await post(rig, 'requests.json', form(made.body.key))).status).toBe(201);
    expect((await post(rig, 'requests.json', form(made.body.key))).status).toBe(201);
    const third = await post(rig, 'requests.json', form(made.body.key));
    expect(third.status).toBe(429);
    expect(third.body[0].code).toBe(429);
    // Another key is not held back by it.
    expect((await post(rig, 'requests.json', form(rig.key))).status).toBe(201);
  });
});

describe('GET requests', () => {
  it('filters by ids (Persian digits too), service, status and dates; the last 90 days by default', async () => {
    const a = (await post(rig, 'requests.json', form(rig.key))).body[0].service_request_id as string;
    const b = (await post(rig, 'requests.json', form(rig.key, { service_code: 'stray-dogs' }))).body[0]
      .service_request_id as string;
    const old = (await post(rig, 'requests.json', form(rig.key))).body[0].service_request_id as string;
    const db = rig.app.testDb.pool;
    await db.query(`UPDATE requests SET created_at = now() - interval '100 days' WHERE tracking_code = $1`, [old]);
    await db.query(`UPDATE requests SET status = 'done' WHERE tracking_code = $1`, [b]);

    const ids = (body: { service_request_id: string }[]) => body.map((r) => r.service_request_id);
    const byIds = await get(rig, `requests.json?service_request_id=${toPersianDigits(a)},${old},12345678`);
    expect(ids(byIds.body).sort()).toEqual([a, old].sort());
    // Ids override every other argument (the spec).
    expect(ids((await get(rig, `requests.json?service_request_id=${a}&status=closed`)).body)).toEqual([a]);
    const recent = ids((await get(rig, 'requests.json')).body);
    expect(recent).toContain(a);
    expect(recent).not.toContain(old);
    const dogs = await get(rig, 'requests.json?service_code=stray-dogs');
    expect(ids(dogs.body)).toEqual([b]);
    expect(dogs.body[0].status).toBe('closed');
    expect(ids((await get(rig, 'requests.json?status=closed')).body)).toEqual([b]);
    expect(ids((await get(rig, 'requests.json?status=open')).body)).not.toContain(b);
    const since = new Date(Date.now() - 101 * 86_400_000).toISOString().replace('Z', '+00:00');
    const wide = await get(rig, `requests.json?start_date=${encodeURIComponent(since)}`);
    expect(ids(wide.body)).toContain(old);
    const before = await get(
      rig,
      `requests.json?end_date=${encodeURIComponent(new Date(Date.now() - 50 * 86_400_000).toISOString())}`,
    );
    expect(ids(before.body)).toEqual([old]);
    const x = parseXml((await get(rig, `requests.xml?service_request_id=${a}`)).text);
    expect(x.service_requests.request.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([a]);
    const none = parseXml((await get(rig, 'requests.xml?service_request_id=99999999')).text);
    expect(none.service_requests.request ?? []).toEqual([]);
  });

  it('refuses bad filters and unknown ids', async () => {
    for (const q of [
      'status=pending',
      'start_date=2026-01-01',
      'end_date=yesterday',
      'start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z',
    ]) {
      const j = await get(rig, `requests.json?${q}`);
      expect(j.status, q).toBe(400);
      expect(j.body[0].code).toBe(400);
      expect(parseXml((await get(rig, `requests.xml?${q}`)).text).errors.error[0].code).toBe('400');
    }
    expect((await get(rig, 'requests/99999999.json')).status).toBe(404);
    expect((await get(rig, 'requests/not-a-code.xml')).status).toBe(404);
  });

  it('never gives a reporter’s name, number or e-mail, nor the description', async () => {
    const texts = await Promise.all(
      ['requests.json', 'requests.xml', 'requests.json?locale=en'].map(async (p) => (await get(rig, p)).text),
    );
    for (const t of texts) {
      expect(t.length).toBeGreaterThan(100);
      // The number whole, as typed and as stored (a bare '912' turned up inside random tracking codes).
      for (const secret of ['Reza', 'Karimi', '9127654321', '765 4321', '۹۱۲', 'overflowing', 'sara@'])
        expect(t, secret).not.toContain(secret);
    }
  });

  it('limits public reads per address', async () => {
    let last = 0;
    for (let i = 0; i < 125 && last !== 429; i++) last = (await get(rig, 'discovery.json')).status;
    expect(last).toBe(429);
    const x = await get(rig, 'services.xml');
    expect(x.status).toBe(429);
    expect(parseXml(x.text).errors.error[0].code).toBe('429');
  });
});
