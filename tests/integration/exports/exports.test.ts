// The request exports (GET /api/v1/exports/requests.csv|.xlsx) through the whole app over HTTP:
// the CSV read back byte by byte (BOM, CRLF, RFC 4180 quotes, Persian text, Jalali and Gregorian
// dates, the formula guard, the worklist's filters), the XLSX read back with exceljs (RTL, rows,
// date cells), no phone number or citizen's name anywhere, who may export, the audit of every
// export, and 20,000 rows streamed to the end in keyset batches.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, upsertUser } from '../../../src/auth/index.ts';
import { upsertCitizenByPhone } from '../../../src/requests/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { login } from '../../helpers/http.ts';
import { waitFor } from '../../helpers/wait.ts';
import { seedRequest } from '../requests/worklist-fixtures.ts';

let app: TestApp;
const cookie: Record<string, string> = {};
const ids: Record<string, string> = {};
const code: Record<string, string> = {};
const BULK = 20_000;
const PHONE = '9151234567';
const NAME = 'Zahra Ahmadi';

beforeAll(async () => {
  app = await startTestApp();
  await upsertUser(app.db, {
    username: 'viewer-x',
    displayName: 'بیننده',
    role: 'viewer',
    passwordHash: await hashPassword('demo137'),
  });
  for (const u of ['supervisor1', 'admin', 'viewer-x', 'operator1', 'unit-roads5']) cookie[u] = await login(app.url, u);
  const q = (sql: string, v: unknown[] = []) => app.db.query<{ id: string }>(sql, v);
  for (const c of ['pothole', 'garbage-collection', 'graffiti'])
    ids[c] = (await q(`SELECT id::text FROM categories WHERE code = $1`, [c])).rows[0]!.id;
  ids.sajjad = (await q(`SELECT id::text FROM neighbourhoods WHERE name_en = 'Sajjad'`)).rows[0]!.id;
  // A name an admin typed that a spreadsheet would run: it must arrive as text.
  await q(`UPDATE neighbourhoods SET name_fa = '=HYPERLINK("http://evil","سجاد")' WHERE name_en = 'Jalaliyeh'`);
  const citizen = await upsertCitizenByPhone(app.db, `+98${PHONE}`, NAME);
  const seeds = {
    a: { category: 'pothole', unit: 'roads', neighbourhood: 'Sajjad', status: 'referred', deadlineInHours: -5 },
    b: { category: 'pothole', neighbourhood: 'Jalaliyeh', status: 'closed', channel: 'sms', hazard: true },
    c: { category: 'garbage-collection', unit: 'waste', neighbourhood: 'Sajjad', channel: 'web' },
  };
  const created = { a: '2026-03-10T10:00:00+03:30', b: '2026-03-21T00:30:00+03:30', c: '2026-03-11T09:00:00+03:30' };
  for (const [k, s] of Object.entries(seeds)) {
    const createdAt = created[k as keyof typeof created];
    const r = await seedRequest(app.db, { ...s, createdAt, citizenId: citizen.id, description: `تلفن ${PHONE}` });
    code[k] = r.trackingCode;
  }
  await q(`UPDATE requests SET closed_at = '2026-03-22T08:15:00+03:30' WHERE tracking_code = $1`, [code.b]);
  await q(
    `INSERT INTO requests (tracking_code, category_id, description, status, created_at, citizen_id)
     SELECT (70000000 + g)::text, $1, 'graffiti ' || g, 'registered',
            timestamptz '2025-01-01 00:00:00+00' + g * interval '17 minutes', $3
       FROM generate_series(1, $2::int) g`,
    [ids.graffiti, BULK, citizen.id],
  );
}, 120_000);

afterAll(async () => {
  await app?.close();
});

async function download(user: string, path: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(`${app.url}/api/v1/exports/${path}`, { headers: { cookie: cookie[user]! } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** RFC 4180 read back: quoted fields with "" and line breaks, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (quoted && ch === '"' && next === '"') {
      field += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (quoted) field += ch;
    else if (ch === ',') endField();
    else if (ch === '\r' && next === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += ch;
  }
  expect(field + row.join('')).toBe(''); // the last row ends in CRLF too
  return rows;
}

const audits = async (action: string) =>
  (
    await app.db.query<{ username: string; details: Record<string, unknown> }>(
      `SELECT u.username, a.details FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.action = $1 ORDER BY a.id`,
      [action],
    )
  ).rows;

describe('request exports', () => {
  it('CSV: BOM, CRLF, the filter’s rows newest first, Persian text, both calendars, no phone or name', async () => {
    const res = await download('supervisor1', `requests.csv?categoryId=${ids.pothole}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="requests-14\d\d-\d\d-\d\d\.csv"; filename\*=UTF-8''%D8%AF.*\.csv$/,
    );
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.body.toString('utf8');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(NAME);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header![0]).toBe('کد رهگیری (Tracking code)');
    expect(header).toHaveLength(17);
    expect(rows.map((r) => r[0])).toEqual([code.b, code.a]);
    const [b, a] = rows as [string[], string[]];
    expect(a).toEqual([
      code.a,
      'ارجاع‌شده',
      'Referred',
      'چاله در آسفالت',
      expect.stringContaining('معابر'),
      'منطقه ۱',
      'سجاد',
      'تلفن ۱۳۷',
      'خیر',
      '1404/12/19 10:00',
      '2026-03-10T10:00:00+03:30',
      expect.stringMatching(/^14\d\d\/\d\d\/\d\d \d\d:\d\d$/),
      expect.stringMatching(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+03:30$/),
      '',
      '',
      'بله',
      '1',
    ]);
    // 00:30 on 21 March in Tehran is Nowruz 1405 (still 20 March in UTC); the guard on the name.
    expect(b.slice(1, 3)).toEqual(['مختومه', 'Closed']);
    expect(b[6]).toBe(`'=HYPERLINK("http://evil","سجاد")`);
    expect(b.slice(7, 11)).toEqual(['پیامک', 'بله', '1405/01/01 00:30', '2026-03-21T00:30:00+03:30']);
    expect(b.slice(13, 16)).toEqual(['1405/01/02 08:15', '2026-03-22T08:15:00+03:30', 'خیر']);
  });

  it('CSV: the worklist’s other filters (neighbourhood, channel, Tehran days) and its 400s', async () => {
    const sajjad = parseCsv((await download('admin', `requests.csv?neighbourhoodId=${ids.sajjad}`)).body.toString());
    expect(sajjad.slice(1).map((r) => r[0])).toEqual([code.c, code.a]);
    const day = parseCsv((await download('admin', 'requests.csv?from=2026-03-21&to=2026-03-21')).body.toString());
    expect(day.slice(1).map((r) => r[0])).toEqual([code.b]);
    const web = parseCsv((await download('viewer-x', 'requests.csv?channel=web&status=registered')).body.toString());
    expect(web.slice(1).map((r) => r[0])).toEqual([code.c]);
    expect((await download('admin', 'requests.csv?status=lost')).status).toBe(400);
    expect((await download('admin', 'requests.xlsx?from=2026-03-22&to=2026-03-21')).status).toBe(400);
  });

  it('XLSX: RTL sheet, bold header, Persian text, Jalali text and Gregorian date cells', async () => {
    const res = await download('viewer-x', `requests.xlsx?categoryId=${ids.pothole}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="requests-14\d\d-\d\d-\d\d\.xlsx"/);
    expect(res.body.toString('latin1')).not.toContain(PHONE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('درخواست‌ها');
    expect(ws.views[0]?.rightToLeft).toBe(true);
    expect(ws.actualRowCount).toBe(3);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    const a = ws.getRow(3);
    expect(a.getCell(1).value).toBe(code.a);
    expect(a.getCell(4).value).toBe('چاله در آسفالت');
    expect(a.getCell(10).value).toBe('1404/12/19 10:00');
    expect(a.getCell(11).value).toEqual(new Date(Date.UTC(2026, 2, 10, 10, 0)));
    const cells: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells.join('|')).not.toMatch(new RegExp(`${PHONE}|${NAME}`));
  });

  it('refuses operators, the units’ people and anyone signed out', async () => {
    for (const user of ['operator1', 'unit-roads5']) {
      expect((await download(user, 'requests.csv')).status).toBe(403);
      expect((await download(user, 'requests.xlsx')).status).toBe(403);
    }
    expect((await fetch(`${app.url}/api/v1/exports/requests.csv`)).status).toBe(401);
  });

  it('streams 20,000 rows to the end in both formats, each once, newest first', async () => {
    const csv = await download('supervisor1', `requests.csv?categoryId=${ids.graffiti}`);
    const rows = parseCsv(csv.body.toString('utf8').slice(1)).slice(1);
    expect(rows).toHaveLength(BULK);
    expect(new Set(rows.map((r) => r[0])).size).toBe(BULK);
    expect(rows[0]![0]).toBe(String(70000000 + BULK));
    expect(rows.at(-1)![0]).toBe('70000001');
    const xlsx = await download('supervisor1', `requests.xlsx?categoryId=${ids.graffiti}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.actualRowCount).toBe(BULK + 1);
  }, 120_000);

  it('audits every export: who, the format and filters before streaming, the row count at the end', async () => {
    const started = await audits('export-requests');
    // The end is written when the last batch has gone out: by the time the download ends, or just after.
    await waitFor(async () => (await audits('export-requests-finished')).length === 7, 5_000, 'ends audited');
    const finished = await audits('export-requests-finished');
    // Every 200 above (the 400s and 403s wrote nothing): 1 + 3 + 1 + 2.
    expect(started).toHaveLength(7);
    expect(started[0]).toMatchObject({
      username: 'supervisor1',
      details: { format: 'csv', filters: { categoryId: Number(ids.pothole) } },
    });
    expect(started.map((s) => s.username)).toContain('viewer-x');
    expect(finished).toHaveLength(7);
    for (const f of finished) expect(f.details.complete).toBe(true);
    const byId = new Map(finished.map((f) => [f.details.exportId, f.details.rows]));
    expect(byId.get(started[0]!.details.exportId)).toBe(2);
    expect(byId.get(started.at(-1)!.details.exportId)).toBe(BULK);
    expect(JSON.stringify([...started, ...finished])).not.toContain(PHONE);
  });
});
