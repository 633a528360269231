// The export reads lean keyset batches (ids, seconds) with the names looked up once and one batch
// read ahead: 12,000 requests, a quarter of them sharing one creation instant (ties across batch
// boundaries, broken by id) and with places, units and closing times, must come out exactly as
// the worklist lists them (GET /requests page by page) and with the names and dates the tables hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_BATCH } from '../../../src/exports/index.ts';
import type { WorklistPage } from '../../../src/requests/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';

let app: TestApp;
let cookie = '';
let categoryId = '';
const ROWS = 12_000;

beforeAll(async () => {
  app = await startTestApp();
  cookie = await login(app.url, 'supervisor1');
  const q = (sql: string, v: unknown[] = []) => app.db.query<{ id: string }>(sql, v);
  categoryId = (await q(`SELECT id::text FROM categories WHERE code = 'graffiti'`)).rows[0]!.id;
  // Every fourth row at the very same instant (3,000 ties: more than a batch); the rest a minute apart.
  await q(
    `INSERT INTO requests (tracking_code, category_id, unit_id, neighbourhood_id, description, status, channel,
                           hazard, created_at, deadline_at, closed_at)
     SELECT (60000000 + g)::text, $1, CASE WHEN g % 3 = 0 THEN u.id END, CASE WHEN g % 5 <> 0 THEN n.id END,
            'graffiti ' || g, CASE WHEN g % 7 = 0 THEN 'closed' ELSE 'referred' END, 'web', g % 11 = 0,
            CASE WHEN g % 4 = 0 THEN timestamptz '2025-06-01 12:34:56.789012+00'
                 ELSE timestamptz '2025-01-01 00:00:00+00' + g * interval '1 minute' END,
            timestamptz '2025-09-01 00:00:00+00' + g * interval '1 minute',
            CASE WHEN g % 7 = 0 THEN timestamptz '2025-10-01 00:00:00+00' + g * interval '1 second' END
       FROM generate_series(1, $2::int) g,
            LATERAL (SELECT id FROM units ORDER BY id OFFSET (g % 3) LIMIT 1) u,
            LATERAL (SELECT id FROM neighbourhoods ORDER BY id OFFSET (g % 4) LIMIT 1) n`,
    [categoryId, ROWS],
  );
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('request export order and contents', () => {
  it('equals the worklist, row for row, with the tables’ names and dates', async () => {
    expect(ROWS).toBeGreaterThan(EXPORT_BATCH * 3);
    const res = await fetch(`${app.url}/api/v1/exports/requests.csv?categoryId=${categoryId}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).slice(1).split('\r\n');
    expect(lines.pop()).toBe('');
    const rows = lines.slice(1).map((l) => l.split(',')); // no field here has a comma or a quote
    expect(rows).toHaveLength(ROWS);

    const listed: string[] = [];
    for (let cursor: string | null = ''; cursor !== null;) {
      const page: { status: number; body: WorklistPage } = await api<WorklistPage>(
        app.url,
        cookie,
        'GET',
        `/api/v1/requests?categoryId=${categoryId}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      listed.push(...page.body.items.map((i) => i.trackingCode));
      cursor = page.body.nextCursor;
    }
    expect(rows.map((r) => r[0])).toEqual(listed);

    const expected = await app.db.query<{ row: string }>(
      `SELECT concat_ws('|', r.tracking_code, u.name_fa, d.name_fa, n.name_fa,
                        to_char(r.closed_at AT TIME ZONE 'Asia/Tehran', 'YYYY-MM-DD"T"HH24:MI:SS'), r.hazard) AS row
         FROM requests r LEFT JOIN units u ON u.id = r.unit_id
         LEFT JOIN neighbourhoods n ON n.id = r.neighbourhood_id LEFT JOIN districts d ON d.id = n.district_id
        WHERE r.category_id = $1 ORDER BY r.created_at DESC, r.id DESC`,
      [categoryId],
    );
    const got = rows.map((r) =>
      [r[0], r[4], r[5], r[6], r[14]?.slice(0, 19), r[8] === 'بله' ? 't' : 'f'].filter(Boolean).join('|'),
    );
    expect(got).toEqual(expected.rows.map((e) => e.row));
  }, 120_000);
});
