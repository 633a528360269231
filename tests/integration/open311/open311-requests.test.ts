import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../helpers/http.ts';
import { get, openRig, parseXml, post, type Open311Rig } from './open311-fixtures.ts';

// POST requests and the reads of requests: registered with no user, seen in the back office,
// status changes shown back; errors in JSON and XML; nothing personal in any answer.

let rig: Open311Rig;
let jalaliyeh: number;
beforeAll(async () => {
  rig = await openRig();
  const r = await rig.app.testDb.pool.query<{ id: number }>(
    `SELECT id FROM neighbourhoods WHERE name_en = 'Jalaliyeh'`,
  );
  jalaliyeh = r.rows[0]!.id;
}, 60_000);
afterAll(async () => rig?.close());

const PHONE = '09121234567';
const report = (extra: Record<string, string | string[]> = {}) => ({
  api_key: rig.key,
  service_code: 'garbage-collection',
  description: 'زباله‌ها سه روز است جمع نشده',
  'attribute[neighbourhood]': String(jalaliyeh),
  first_name: 'Sara',
  last_name: 'Tehrani',
  phone: PHONE,
  email: 'sara@example.org',
  device_id: 'dev-1',
  ...extra,
});

describe('POST requests', () => {
  let code = '';
  let token = '';

  it('registers a form post with no user and answers the tracking code and a token', async () => {
    const res = await post(rig, 'requests.json', report({ media_url: 'https://photos.example.org/1.jpg' }));
    expect(res.status).toBe(201);
    expect(res.body).toHaveLength(1);
    ({ service_request_id: code, token } = res.body[0]);
    expect(code).toMatch(/^[1-9]\d{7}$/);
    const db = rig.app.testDb.pool;
    const row = (
      await db.query(
        `SELECT r.channel, r.created_by_user_id, r.status, c.phone_e164, c.name, e.user_id AS event_user, e.details
           FROM requests r JOIN citizens c ON c.id = r.citizen_id
           JOIN request_events e ON e.request_id = r.id AND e.kind = 'registered'
          WHERE r.tracking_code = $1`,
        [code],
      )
    ).rows[0];
    expect(row).toMatchObject({
      channel: 'app',
      created_by_user_id: null,
      status: 'referred',
      phone_e164: '+989121234567',
      name: 'Sara Tehrani',
      event_user: null,
    });
    expect(row.details).toMatchObject({
      channel: 'app',
      client: `open311:${rig.keyId}`,
      via: 'open311',
      mediaUrls: ['https://photos.example.org/1.jpg'],
    });
  });

  it('gives the token’s request id, in JSON and XML', async () => {
    const j = await get(rig, `tokens/${token}.json`);
    expect(j.body).toEqual([{ service_request_id: code, token }]);
    const x = parseXml((await get(rig, `tokens/${token}.xml`)).text);
    expect(x.service_requests.request[0]).toEqual({ service_request_id: code, token });
    expect((await get(rig, 'tokens/0123456789abcdef01234567.json')).status).toBe(404);
    expect(parseXml((await get(rig, 'tokens/nope.xml')).text).errors.error[0].code).toBe('404');
  });

  it('shows it in the back office worklist, and a status change through requests/{id}', async () => {
    const wl = await api<{ items: { trackingCode: string; id: string }[] }>(
      rig.app.url,
      rig.supervisor,
      'GET',
      '/api/v1/requests?channel=app',
    );
    expect(wl.status).toBe(200);
    const item = wl.body.items.find((i) => i.trackingCode === code);
    expect(item).toBeDefined();

    const before = await get(rig, `requests/${code}.json?locale=en`);
    expect(before.status).toBe(200);
    expect(before.body[0]).toMatchObject({
      service_request_id: code,
      status: 'open',
      service_code: 'garbage-collection',
      service_name: 'Garbage collection',
      media_url: 'https://photos.example.org/1.jpg',
      status_notes: null,
    });
    expect(before.body[0].agency_responsible).toEqual(expect.any(String));
    expect(before.body[0].expected_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const changed = await api(rig.app.url, rig.supervisor, 'POST', `/api/v1/requests/${item!.id}/status`, {
      status: 'closed',
      note: 'جمع شد؛ برای پیگیری با 09121234567 تماس بگیرید',
    });
    expect(changed.status).toBe(200);
    const after = await get(rig, `requests/${code}.json`);
    expect(after.body[0]).toMatchObject({
      status: 'closed',
      status_notes: 'جمع شد؛ برای پیگیری با *********** تماس بگیرید',
    });
    expect(after.body[0].updated_datetime >= before.body[0].updated_datetime).toBe(true);
    const x = parseXml((await get(rig, `requests/${code}.xml`)).text);
    expect(x.service_requests.request[0]).toMatchObject({ service_request_id: code, status: 'closed' });
  });

  it('accepts JSON and XML posts, a point or an address alone, and attribute as an object', async () => {
    const asJson = await post(
      rig,
      'requests.json',
      {
        ...report(),
        'attribute[neighbourhood]': [],
        attribute: { neighbourhood: String(jalaliyeh), hazard: 'yes' },
      } as never,
      true,
    );
    expect(asJson.status).toBe(201);
    const hazard = await rig.app.testDb.pool.query(`SELECT hazard FROM requests WHERE tracking_code = $1`, [
      asJson.body[0].service_request_id,
    ]);
    expect(hazard.rows[0].hazard).toBe(true);
    const xml = await post(
      rig,
      'requests.xml',
      report({ 'attribute[neighbourhood]': [], address_string: 'خیابان امام' }),
    );
    expect(xml.status).toBe(201);
    const doc = parseXml(xml.text);
    const id = doc.service_requests.request[0].service_request_id;
    expect(id).toMatch(/^[1-9]\d{7}$/);
    const where = await rig.app.testDb.pool.query(
      `SELECT neighbourhood_id, address, status FROM requests WHERE tracking_code = $1`,
      [id],
    );
    // No neighbourhood: registered all the same, waiting for a person to say where.
    expect(where.rows[0]).toMatchObject({ neighbourhood_id: null, address: 'خیابان امام' });
    const point = await post(
      rig,
      'requests.json',
      report({ 'attribute[neighbourhood]': [], lat: '36.30', long: '59.60' }),
    );
    expect(point.status).toBe(201);
  });

  it('asks a person through the triage queue when the place is unclear or it may repeat an open request', async () => {
    const db = rig.app.testDb.pool;
    const mehrabad = (await db.query(`SELECT id FROM neighbourhoods WHERE name_en = 'Mehrabad'`)).rows[0].id;
    const bins = { service_code: 'waste-bins', 'attribute[neighbourhood]': String(mehrabad) };
    const first = await post(rig, 'requests.json', report(bins));
    const second = await post(rig, 'requests.json', report(bins));
    const nowhere = await post(
      rig,
      'requests.json',
      report({ 'attribute[neighbourhood]': [], address_string: 'پشت بازار' }),
    );
    const items = await db.query(
      `SELECT t.source, t.reasons, t.phone_e164, t.external_ref, r.tracking_code
         FROM triage_items t JOIN requests r ON r.id = t.request_id ORDER BY t.id`,
    );
    const of = (res: { body: { service_request_id: string; token: string }[] }) =>
      items.rows.find((i) => i.tracking_code === res.body[0]!.service_request_id);
    expect(of(first)).toBeUndefined();
    expect(of(second)).toEqual({
      source: 'open311',
      reasons: ['possible-duplicate'],
      phone_e164: '+989121234567',
      external_ref: second.body[0].token,
      tracking_code: second.body[0].service_request_id,
    });
    expect(of(nowhere)).toMatchObject({ reasons: ['no-place'], external_ref: nowhere.body[0].token });
  });

  it('refuses what the spec refuses, with its status and error document', async () => {
    const cases: [Record<string, string | string[]>, number, string][] = [
      [{ api_key: [] }, 403, 'Invalid api_key received -- cannot create the request'],
      [{ api_key: 'wrong-key' }, 403, 'Invalid api_key received -- cannot create the request'],
      [{ service_code: [] }, 400, 'service_code is required'],
      [{ service_code: 'no-such' }, 404, 'service_code no-such not found'],
      [{ service_code: 'city-services' }, 404, 'service_code city-services not found'],
      [{ description: [] }, 400, 'description is required'],
      [{ 'attribute[neighbourhood]': [] }, 400, 'lat and long, address_string or attribute[neighbourhood] is required'],
      [{ lat: '36.3' }, 400, 'lat and long go together'],
      [{ lat: '360', long: '59' }, 400, 'lat must be a number within ±90'],
      [
        { 'attribute[neighbourhood]': '999999' },
        400,
        "attribute[neighbourhood] 999999 is not one of the service's values",
      ],
      [{ 'attribute[hazard]': 'maybe' }, 400, 'attribute[hazard] is yes or no'],
      [{ media_url: 'javascript:alert(1)' }, 400, 'media_url must be an http(s) URL'],
    ];
    for (const [change, status, description] of cases) {
      const fields = Object.fromEntries(
        Object.entries(report(change)).filter(([, v]) => !(Array.isArray(v) && !v.length)),
      );
      const j = await post(rig, 'requests.json', fields as Record<string, string>);
      expect([j.status, j.body]).toEqual([status, [{ code: status, description }]]);
      const x = await post(rig, 'requests.xml', fields as Record<string, string>);
      expect(x.status).toBe(status);
      expect(parseXml(x.text).errors.error).toEqual([{ code: String(status), description }]);
    }
    const phone = await post(rig, 'requests.json', report({ phone: '12' }));
    expect(phone.status).toBe(400);
    const count = await rig.app.testDb.pool.query(`SELECT count(*)::int AS n FROM open311_submissions`);
    expect(count.rows[0].n).toBe(7);
  });
});
