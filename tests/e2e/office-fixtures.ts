// Set-up of the back office browser test: the whole cti137 on a fresh database, one Chromium with a
// context (own cookies) per person, District 5's roads unit with a staff user and a manager made
// through the admin API, a photo to attach, and the operator's in-call registration at the desk.
import { deflateSync } from 'node:zlib';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { answerPhone, finishCall, placeCall } from '../helpers/calls.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, DESK_VIEWPORT, ensureWebBuilt, signInPage } from '../helpers/browser.ts';
import { api, login } from '../helpers/http.ts';
import { choose, shownTrackingCode, waitCallState, waitRingingPop, type Place } from '../helpers/desk-page.ts';

export const UNIT_PASSWORD = 'roads-5-pass';

export interface OfficeRig {
  app: TestApp;
  browser: Browser;
  /** District 5 — Roads. */
  roadsUnitId: number;
  close: () => Promise<void>;
}

export async function openOfficeRig(): Promise<OfficeRig> {
  ensureWebBuilt();
  const [app, browser] = await Promise.all([
    startTestApp(),
    chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true }),
  ]);
  const unit = await app.db.query<{ id: number }>(`SELECT id FROM units WHERE code = 'district-5-roads'`);
  const roadsUnitId = unit.rows[0]!.id;
  const admin = await login(app.url, 'admin');
  for (const [username, displayName, role] of [
    ['roads5', 'کارشناس معابر منطقه ۵', 'unit'],
    ['roads5-manager', 'مدیر معابر منطقه ۵', 'unit-manager'],
  ] as const) {
    const r = await api(app.url, admin, 'POST', '/api/v1/admin/users', {
      username,
      displayName,
      role,
      password: UNIT_PASSWORD,
      unitIds: [roadsUnitId],
    });
    if (r.status !== 201) throw new Error(`creating ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return {
    app,
    browser,
    roadsUnitId,
    close: async () => {
      await browser.close().catch(() => undefined);
      await app.close();
    },
  };
}

/** A page of its own (own cookies), signed in through the login page of `path`. */
export async function personPage(rig: OfficeRig, path: string, username: string, password?: string): Promise<Page> {
  const context = await rig.browser.newContext({
    viewport: DESK_VIEWPORT,
    locale: 'fa-IR',
    timezoneId: 'Asia/Tehran',
  });
  const page = await context.newPage();
  await signInPage(page, `${rig.app.url}${path}`, username, password);
  return page;
}

/** The operator takes a call from `phone` and registers a request at `place`; its tracking code. */
export async function registerInCall(
  app: TestApp,
  desk: Page,
  phone: { dial: string; shown: string },
  place: Place,
  text: { address: string; description: string },
): Promise<{ code: string; registeredAt: number }> {
  const call = await placeCall(app, phone.dial);
  await waitRingingPop(desk, phone.shown);
  await answerPhone(app, '1001');
  await waitCallState(desk, 'talking');
  await choose(desk, place);
  await desk.getByTestId('req-address').fill(text.address);
  await desk.getByTestId('req-description').fill(text.description);
  const created = desk.waitForResponse((r) => r.url().endsWith('/api/v1/requests') && r.request().method() === 'POST');
  await desk.getByTestId('req-submit').click();
  if ((await created).status() !== 201) throw new Error(`registration: ${(await created).status()}`);
  const registeredAt = Date.now();
  const code = await shownTrackingCode(desk);
  await finishCall(app, '1001', call);
  return { code, registeredAt };
}

/**
 * From now on the page notes when each inbox row first shows (page clock, ms since the epoch), by
 * tracking code: a row that came and was redrawn keeps its first time.
 */
export async function watchInbox(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { inboxSeen: typeof seen }).inboxSeen = seen;
    const note = () => {
      for (const el of document.querySelectorAll<HTMLElement>('[data-testid=inbox-item]')) {
        const code = el.dataset['trackingCode'];
        if (code && !(code in seen)) seen[code] = Date.now();
      }
    };
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true });
    note();
  });
}

export const inboxSeenAt = (page: Page, code: string) =>
  page.evaluate((c) => (window as unknown as { inboxSeen: Record<string, number> }).inboxSeen[c] ?? null, code);

/**
 * The short deadline of the test: the request's current referral is due `ms` from now (as if the
 * category gave minutes, not days), and its escalation is queued for that deadline as the office
 * plans every open referral when it starts.
 */
export async function dueSoon(app: TestApp, trackingCode: string, ms: number): Promise<void> {
  const r = await app.db.query<{ id: string; request_id: string; deadline_at: Date }>(
    `UPDATE referrals f SET referred_at = now(), deadline_at = now() + $2 * interval '1 millisecond'
       FROM requests r
      WHERE r.id = f.request_id AND r.tracking_code = $1 AND f.ended_at IS NULL
      RETURNING f.id::text, f.request_id::text, f.deadline_at`,
    [trackingCode, ms],
  );
  const ref = r.rows[0]!;
  await app.db.query(`UPDATE requests SET deadline_at = $2 WHERE id = $1`, [ref.request_id, ref.deadline_at]);
  const deadlineAt = ref.deadline_at.toISOString();
  await app.jobs.schedule(
    'office-escalation',
    { referralId: ref.id, requestId: ref.request_id, level: 2, deadlineAt },
    { delayMs: ref.deadline_at.getTime() - Date.now(), jobId: `e2e-${ref.id}-${Date.now()}` },
  );
}

/** A real PNG (a road-grey picture with a darker hole), written to a temporary file. */
export async function photoFile(): Promise<string> {
  const w = 96;
  const h = 64;
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      const hole = (x - 48) ** 2 + ((y - 32) * 1.5) ** 2 < 380;
      row.fill(hole ? 40 : 128, 1 + x * 3, 4 + x * 3);
    }
    rows.push(row);
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  const path = join(await mkdtemp(join(tmpdir(), 'cti137-photo-')), 'pothole.png');
  await writeFile(path, png);
  return path;
}
