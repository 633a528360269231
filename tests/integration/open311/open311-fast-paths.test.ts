import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../helpers/http.ts';
import { openRig, parseXml, post, type Open311Rig } from './open311-fixtures.ts';

// What the POST's shortcuts must not change: a key known from the cache is still refused at once
// when revoked, the grid look-up finds a point's neighbourhood across a band edge, and the
// duplicate search still sees the newest open request of a busy place.

let rig: Open311Rig;
let hoods: { id: number; name: string }[];
beforeAll(async () => {
  rig = await openRig();
  const r = await rig.app.testDb.pool.query<{ id: number; name: string }>(
    `SELECT id, name_en AS name FROM neighbourhoods ORDER BY id`,
  );
  hoods = r.rows;
}, 60_000);
afterAll(async () => rig?.close());

const report = (key: string, extra: Record<string, string | string[]> = {}) => ({
  api_key: key,
  service_code: 'waste-bins',
  description: 'سطل زباله شکسته است',
  phone: '09127654321',
  ...extra,
});

const requestOf = async (code: string) =>
  (
    await rig.app.testDb.pool.query<{ id: string; neighbourhood_id: number | null }>(
      `SELECT id::text, neighbourhood_id FROM requests WHERE tracking_code = $1`,
      [code],
    )
  ).rows[0]!;

const reasonsOf = async (requestId: string) =>
  (await rig.app.testDb.pool.query(`SELECT reasons FROM triage_items WHERE request_id = $1`, [requestId])).rows[0]
    ?.reasons as string[] | undefined;

describe('a cached key', () => {
  it('is refused with 403 as soon as it is revoked, even for a post that is wrong otherwise', async () => {
    const made = await api<{ id: number; key: string }>(rig.app.url, rig.admin, 'POST', '/api/v1/open311/keys', {
      name: 'cached',
    });
    const hood = String(hoods[0]!.id);
    // Two posts: the second is served from the cache.
    for (let i = 0; i < 2; i++)
      expect(
        (await post(rig, 'requests.json', report(made.body.key, { 'attribute[neighbourhood]': hood }))).status,
      ).toBe(201);
    const before = await rig.app.testDb.pool.query(`SELECT count(*)::int AS n FROM requests`);
    expect((await api(rig.app.url, rig.admin, 'DELETE', `/api/v1/open311/keys/${made.body.id}`)).status).toBe(204);

    const valid = await post(rig, 'requests.json', report(made.body.key, { 'attribute[neighbourhood]': hood }));
    expect(valid.status).toBe(403);
    expect(valid.body).toEqual([{ code: 403, description: 'Invalid api_key received -- cannot create the request' }]);
    // No description: a live key gets 400; a revoked one still gets its 403 first.
    const invalid = await post(rig, 'requests.xml', report(made.body.key, { description: '' }));
    expect(invalid.status).toBe(403);
    expect(parseXml(invalid.text).errors.error[0].code).toBe('403');
    const after = await rig.app.testDb.pool.query(`SELECT count(*)::int AS n FROM requests`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

describe('the place of a point', () => {
  it('is the neighbourhood the requests around it name, across a grid band edge, and none 400 m away', async () => {
    const hood = hoods[1]!;
    // 36.2999 and 36.3001 lie in two latitude bands of the grid (floor(lat * 200): 7259 and 7260).
    for (const lat of ['36.2999', '36.29995'])
      expect(
        (
          await post(
            rig,
            'requests.json',
            report(rig.key, { 'attribute[neighbourhood]': String(hood.id), lat, long: '59.5' }),
          )
        ).status,
      ).toBe(201);
    const near = await post(rig, 'requests.json', report(rig.key, { lat: '36.3001', long: '59.5002' }));
    expect(near.status).toBe(201);
    const found = await requestOf(near.body[0].service_request_id);
    expect(found.neighbourhood_id).toBe(hood.id);

    const far = await post(rig, 'requests.json', report(rig.key, { lat: '36.3036', long: '59.5' }));
    const away = await requestOf(far.body[0].service_request_id);
    expect(away.neighbourhood_id).toBeNull();
    expect(await reasonsOf(away.id)).toEqual(['no-place']);
  });
});

describe('the duplicate search', () => {
  it('sees an open request of the busy place, and one near the point in the next band', async () => {
    const hood = String(hoods[2]!.id);
    for (let i = 0; i < 12; i++)
      expect((await post(rig, 'requests.json', report(rig.key, { 'attribute[neighbourhood]': hood }))).status).toBe(
        201,
      );
    const again = await post(rig, 'requests.json', report(rig.key, { 'attribute[neighbourhood]': hood }));
    expect(await reasonsOf((await requestOf(again.body[0].service_request_id)).id)).toEqual(['possible-duplicate']);

    // A point report with no neighbourhood near, then another 150 m north of it, over the band edge.
    const first = await post(rig, 'requests.json', report(rig.key, { lat: '36.4999', long: '59.7' }));
    expect(await reasonsOf((await requestOf(first.body[0].service_request_id)).id)).toEqual(['no-place']);
    const second = await post(rig, 'requests.json', report(rig.key, { lat: '36.50125', long: '59.7' }));
    expect(await reasonsOf((await requestOf(second.body[0].service_request_id)).id)).toEqual([
      'no-place',
      'possible-duplicate',
    ]);
  });
});
