import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, upsertUser, type Role } from '../../../src/auth/index.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { WEB_DIST } from '../../../src/http/server.ts';
import type { RequestDetail } from '../../../src/requests/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { buildJpeg, buildPng, pngText } from '../../unit/requests/photo-fixtures.ts';

// Photos through the whole cti137 (real login, real HTTP, ATTACHMENTS_DIR from the environment):
// judged by their bytes, stored without metadata outside the web root, served only to who may see
// the request, every view audited.

let app: TestApp;
let dir: string;
const cookie: Record<string, string> = {};
let request: { id: string; trackingCode: string };

const q = async <T>(sql: string, params: unknown[] = []) => (await app.db.query(sql, params)).rows as T[];

async function addUser(username: string, role: Role, unitCode?: string): Promise<void> {
  const id = await upsertUser(app.db, {
    username,
    displayName: `${username} name`,
    role,
    passwordHash: await hashPassword('demo137'),
  });
  if (unitCode)
    await q(`INSERT INTO unit_members (user_id, unit_id) SELECT $1, id FROM units WHERE code = $2`, [id, unitCode]);
}

async function upload(who: string, requestId: string, body: Buffer | ReadableStream, type = 'image/jpeg') {
  const res = await fetch(`${app.url}/api/v1/requests/${requestId}/attachments`, {
    method: 'POST',
    headers: { cookie: cookie[who]!, 'content-type': type },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  return {
    status: res.status,
    body: (await res.json()) as { id: string; mime: string; bytes: number; error?: { code: string } },
  };
}

const view = (who: string | null, id: string) =>
  fetch(`${app.url}/api/v1/attachments/${id}`, { headers: who ? { cookie: cookie[who]! } : {} });
const fileOf = (id: string) => join(dir, id.slice(0, 2), id);
const viewsAudited = async () =>
  (await q<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'attachment-viewed'`))[0]!.n;
const files = async () =>
  (await readdir(dir, { recursive: true })).filter((f) => !f.endsWith('.tmp') && f.includes('-'));

async function register(district: number): Promise<{ id: string; trackingCode: string }> {
  const [cat] = await q<{ id: number }>(`SELECT id FROM categories WHERE code = 'pothole'`);
  const [hood] = await q<{ id: number }>(
    `SELECT n.id FROM neighbourhoods n JOIN districts d ON d.id = n.district_id WHERE d.position = $1 LIMIT 1`,
    [district],
  );
  const res = await api<{ id: string; trackingCode: string }>(app.url, cookie.operator!, 'POST', '/api/v1/requests', {
    phone: '09121234567',
    categoryId: cat!.id,
    neighbourhoodId: hood!.id,
    description: 'A deep pothole in front of the school',
  });
  expect(res.status).toBe(201);
  return res.body;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cti137-photos-'));
  app = await startTestApp({ ATTACHMENTS_DIR: dir });
  await addUser('roads5-crew', 'unit', 'district-5-roads');
  await addUser('roads9-crew', 'unit', 'district-9-roads');
  await addUser('viewer-b2', 'viewer');
  const who = {
    operator: 'operator1',
    supervisor: 'supervisor1',
    admin: 'admin',
    roads5: 'roads5-crew',
    roads9: 'roads9-crew',
    viewer: 'viewer-b2',
  };
  for (const [k, username] of Object.entries(who)) cookie[k] = await login(app.url, username);
  request = await register(5);
}, 60_000);
afterAll(async () => {
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('POST /requests/:id/attachments', () => {
  it('stores a JPEG without its EXIF, XMP, comment and trailer, outside the web root', async () => {
    const sent = buildJpeg({
      exifOrientation: null,
      xmp: true,
      comment: 'home of Reza',
      trailer: Buffer.from('SEFT:PhoneMaker'),
      width: 32,
      height: 24,
    });
    expect(sent.includes(Buffer.from('Reza Ahmadi-X')) && sent.includes(Buffer.from([0xff, 0xe1]))).toBe(true);
    const res = await upload('roads5', request.id, sent);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'image/jpeg', width: 32, height: 24 });
    expect(res.body.bytes).toBeLessThan(sent.length);
    const stored = await readFile(fileOf(res.body.id));
    expect(stored.length).toBe(res.body.bytes);
    expect(stored.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(stored.includes(Buffer.from([0xff, 0xe1]))).toBe(false); // no APP1 at all (no orientation to keep)
    for (const secret of ['Reza', 'PhoneMaker', 'xmpmeta', 'Exif'])
      expect(stored.includes(Buffer.from(secret))).toBe(false);
    const [row] = await q<{ sha256: string; request_id: string; uploaded_by: string }>(
      `SELECT sha256, request_id::text, uploaded_by::text FROM attachments WHERE id = $1`,
      [res.body.id],
    );
    expect(row!.sha256).toBe(createHash('sha256').update(stored).digest('hex'));
    expect(row!.request_id).toBe(request.id);
    expect((await stat(fileOf(res.body.id))).mode & 0o777).toBe(0o600);
    expect(resolve(fileOf(res.body.id)).startsWith(resolve(WEB_DIST))).toBe(false);
    const [audit] = await q<{ details: { removed: string[] } }>(
      `SELECT details FROM audit_log WHERE action = 'attachment-uploaded' AND details->>'attachmentId' = $1`,
      [res.body.id],
    );
    expect(audit!.details.removed).toEqual(['APP1:Exif', 'APP1:http://ns.adobe.com/xap/1.0/', 'COM', 'trailer:15']);
  });

  it('stores a PNG without its text chunks', async () => {
    const sent = buildPng({ before: [pngText('Author', 'Reza Ahmadi-X'), pngText('GPS', '36.29,59.61')] });
    const res = await upload('supervisor', request.id, sent, 'image/png');
    expect(res.status).toBe(201);
    const stored = await readFile(fileOf(res.body.id));
    expect(stored.includes(Buffer.from('tEXt'))).toBe(false);
    expect(stored.includes(Buffer.from('Reza'))).toBe(false);
    expect(stored.length).toBe(sent.length - 2 * 12 - 'Author\0Reza Ahmadi-X'.length - 'GPS\x0036.29,59.61'.length);
  });

  it('goes by the bytes: a text file or a mislabelled image is refused with 415, nothing stored', async () => {
    const before = (await files()).length;
    const text = Buffer.from('This is not a photo, just a text file named pothole.jpg\n');
    const cases: Array<[Buffer, string]> = [
      [text, 'image/jpeg'],
      [text, 'image/png'],
      [buildJpeg(), 'image/png'],
      [buildPng(), 'image/jpeg'],
      [buildJpeg().subarray(0, 40), 'image/jpeg'],
    ];
    for (const [body, type] of cases) {
      const res = await upload('roads5', request.id, body, type);
      expect(res.status, `${type} ${body.length}`).toBe(415);
      expect(res.body.error?.code).toBe('UNSUPPORTED_IMAGE');
    }
    expect((await upload('roads5', request.id, buildJpeg(), 'image/gif')).status).toBe(415);
    expect((await upload('roads5', request.id, buildJpeg(), 'application/octet-stream')).status).toBe(415);
    expect((await files()).length).toBe(before);
  });

  it('refuses more than 5 MB with 413, announced or streamed', async () => {
    const big = Buffer.concat([buildJpeg(), Buffer.alloc(5 * 1024 * 1024)]);
    const res = await upload('roads5', request.id, big);
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('PHOTO_TOO_LARGE');
    const chunk = Buffer.alloc(512 * 1024, 1);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 12) return c.close();
        sent++;
        c.enqueue(chunk);
      },
    });
    const streamed = await upload('roads5', request.id, stream);
    expect(streamed.status).toBe(413);
  });

  it('lets only staff who write, and the unit holding the request, add photos', async () => {
    const photo = buildJpeg();
    expect((await upload('roads9', request.id, photo)).status).toBe(404);
    expect((await upload('viewer', request.id, photo)).status).toBe(403);
    expect((await upload('operator', request.id, photo)).status).toBe(201);
    expect((await upload('admin', '999999', photo)).status).toBe(404);
    const closed = await register(5);
    await q(`UPDATE requests SET status = 'closed' WHERE id = $1`, [closed.id]);
    const res = await upload('admin', closed.id, photo);
    expect(res.status).toBe(409);
  });
});

describe('GET /attachments/:id', () => {
  it('serves the stored bytes to who may see the request, with safe headers, each view audited', async () => {
    const up = await upload('roads5', request.id, buildJpeg({ exifOrientation: 6 }));
    const stored = await readFile(fileOf(up.body.id));
    const before = await viewsAudited();
    for (const who of ['roads5', 'supervisor', 'viewer', 'operator']) {
      const res = await view(who, up.body.id);
      expect(res.status, who).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(stored);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('content-disposition')).toBe('inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toContain('private');
    }
    expect(await viewsAudited()).toBe(before + 4);
    const [last] = await q<{ user_id: string; target: string; details: Record<string, unknown> }>(
      `SELECT user_id::text, target, details FROM audit_log WHERE action = 'attachment-viewed' ORDER BY id DESC LIMIT 1`,
    );
    expect(last).toMatchObject({ target: `request:${request.id}`, details: { attachmentId: up.body.id } });
  });

  it("answers 404 to another unit's user (and to no one else's photo), 401 without a session; nothing audited", async () => {
    const up = await upload('roads5', request.id, buildJpeg());
    const before = await viewsAudited();
    expect((await view('roads9', up.body.id)).status).toBe(404);
    expect((await view('roads5', '7d6f0a52-2b7a-4a57-9d0e-5b3c1e2f4a10')).status).toBe(404);
    expect((await view('roads5', 'not-a-uuid')).status).toBe(400);
    expect((await view(null, up.body.id)).status).toBe(401);
    expect(await viewsAudited()).toBe(before);
  });

  it('keeps photos visible to the unit after it reported the work done with them, but closes uploads', async () => {
    const mine = await register(5);
    const up = await upload('roads5', mine.id, buildJpeg());
    const done = await api<RequestDetail>(app.url, cookie.roads5!, 'POST', `/api/v1/requests/${mine.id}/status`, {
      status: 'done',
      note: 'Patched',
      attachmentIds: [up.body.id],
    });
    expect(done.status).toBe(200);
    expect(done.body.attachments.map((a) => a.id)).toContain(up.body.id);
    expect((await view('roads5', up.body.id)).status).toBe(200);
    expect((await upload('roads5', mine.id, buildJpeg())).status).toBe(404);
  });
});

describe('config', () => {
  it('reads ATTACHMENTS_DIR, by default var/attachments under the data folder', () => {
    expect(loadConfig({}).attachmentsDir).toBe('./var/attachments');
    expect(loadConfig({ DATA_DIR: '/srv/cti137/' }).attachmentsDir).toBe('/srv/cti137/attachments');
    expect(loadConfig({ ATTACHMENTS_DIR: '/data/photos' }).attachmentsDir).toBe('/data/photos');
  });
});
