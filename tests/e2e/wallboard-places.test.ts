// The admins' places page in Chromium against the real server: add a district and a neighbourhood,
// rename, reorder with Persian digits, move a neighbourhood, a refused duplicate in the user's
// language; each change checked through GET /api/v1/districts and the audit log. Supervisors get
// no button, and the API refuses their writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { seedDemoUsers } from '../../src/auth/demo-users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDb } from '../helpers/db.ts';
import {
  ensureWebBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  saveScreenshot,
  signInPage,
  type LaunchedBrowser,
  openWallboardPage,
} from '../helpers/browser.ts';

interface District {
  id: string;
  nameFa: string;
  nameEn: string;
  position: number;
  neighbourhoods: Array<{ id: string; nameFa: string; nameEn: string }>;
}

describe.skipIf(!HAVE_CHROMIUM)("admins' places page", () => {
  let db: TestDb;
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let adminId: string;
  let newId = '';

  const districts = async () => {
    const r = await page.request.get(`${app.url}/api/v1/districts`);
    expect(r.status()).toBe(200);
    return (await r.json()) as District[];
  };
  const card = (id: string): Locator => page.locator(`[data-testid=pl-district][data-district="${id}"]`);
  const audit = async () =>
    (
      await db.pool.query<{ user_id: string; action: string; target: string; details: Record<string, unknown> }>(
        `SELECT user_id::text, action, target, details FROM audit_log WHERE action LIKE 'district-%' OR action LIKE 'neighbourhood-%' ORDER BY id`,
      )
    ).rows;
  const message = async () => ({
    kind: await page.getByTestId('pl-message').getAttribute('data-kind'),
    text: (await page.getByTestId('pl-message').innerText()).trim(),
  });

  beforeAll(async () => {
    ensureWebBuilt();
    db = await createTestDatabase();
    await seedDemoUsers(db.pool, 'demo137');
    adminId = (await db.pool.query<{ id: string }>(`SELECT id::text FROM users WHERE username = 'admin'`)).rows[0]!.id;
    [app, browser] = await Promise.all([startTestApp({}, { db }), launchBrowser()]);
    page = await openWallboardPage(browser, app.url, 'admin');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('opens from the header and lists every district in order with its neighbourhoods, in Persian digits', async () => {
    expect(await page.getByTestId('wb-places-switch').innerText()).toBe('مناطق و محله‌ها');
    await page.getByTestId('wb-places-switch').click();
    await expect.poll(() => page.url()).toContain('view=places');
    const api = await districts();
    await expect.poll(() => page.getByTestId('pl-district').count()).toBe(api.length);
    const shown = await page
      .getByTestId('pl-district')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-district')));
    expect(shown).toEqual(api.map((x) => x.id));
    const first = api[0]!;
    expect(await card(first.id).getByTestId('pl-d-position').inputValue()).toBe('۱');
    expect(await card(first.id).getByTestId('pl-d-fa').inputValue()).toBe(first.nameFa);
    expect(await card(first.id).getByTestId('pl-nb').count()).toBe(first.neighbourhoods.length);
    expect(await card(first.id).getByTestId('pl-d-position').getAttribute('aria-label')).toBe(
      `ترتیب منطقهٔ ${first.nameFa}`,
    );
  });

  it('adds a district and a neighbourhood, renames, reorders with Persian digits and moves; all audited', async () => {
    const before = (await audit()).length;
    await page.getByTestId('pl-add-fa').fill('منطقه آزمایشی');
    await page.getByTestId('pl-add-en').fill('Trial District');
    await page.getByTestId('pl-add-submit').click();
    await expect.poll(message).toEqual({ kind: 'ok', text: '«منطقه آزمایشی» افزوده شد.' });
    const added = (await districts()).find((x) => x.nameFa === 'منطقه آزمایشی');
    expect(added).toMatchObject({ nameEn: 'Trial District', neighbourhoods: [] });
    newId = added!.id;
    expect(await page.getByTestId('pl-add-fa').inputValue()).toBe('');

    const c = card(newId);
    await c.getByTestId('pl-new-fa').fill('کوی آزمون');
    await c.getByTestId('pl-new-en').fill('Azmoon');
    await c.getByTestId('pl-new-add').click();
    await expect.poll(() => c.getByTestId('pl-nb').count()).toBe(1);
    const nid = (await c.getByTestId('pl-nb').getAttribute('data-neighbourhood'))!;

    // Rename the neighbourhood (English only) and the district (Persian), and give the district
    // order 2 typed in Persian digits.
    await c.getByTestId('pl-n-en').fill('Azmoun Town');
    await c.getByTestId('pl-n-save').click();
    await expect.poll(message).toEqual({ kind: 'ok', text: '«کوی آزمون» ذخیره شد.' });
    await card(newId).getByTestId('pl-d-fa').fill('منطقه نمونه');
    await card(newId).getByTestId('pl-d-position').fill('۲');
    await card(newId).getByTestId('pl-d-save').click();
    await expect.poll(message).toEqual({ kind: 'ok', text: '«منطقه نمونه» ذخیره شد.' });
    let now = await districts();
    expect(now.find((x) => x.id === newId)).toMatchObject({
      nameFa: 'منطقه نمونه',
      nameEn: 'Trial District',
      position: 2,
      neighbourhoods: [{ id: nid, nameFa: 'کوی آزمون', nameEn: 'Azmoun Town' }],
    });
    // Order 2 puts it second (after District 1, before District 5), on screen as in the API.
    expect(now.map((x) => x.id).indexOf(newId)).toBe(1);
    await expect.poll(() => page.getByTestId('pl-district').nth(1).getAttribute('data-district')).toBe(newId);

    // Move the neighbourhood to the first district.
    const target = now[0]!;
    await card(newId).getByTestId('pl-n-district').selectOption(target.id);
    await card(newId).getByTestId('pl-n-save').click();
    await expect.poll(() => card(target.id).locator(`[data-neighbourhood="${nid}"]`).count()).toBe(1);
    now = await districts();
    expect(now.find((x) => x.id === newId)!.neighbourhoods).toEqual([]);
    expect(now.find((x) => x.id === target.id)!.neighbourhoods.map((n) => n.id)).toContain(nid);

    const rows = (await audit()).slice(before);
    expect(rows).toEqual([
      {
        user_id: adminId,
        action: 'district-added',
        target: newId,
        details: { nameFa: 'منطقه آزمایشی', nameEn: 'Trial District' },
      },
      {
        user_id: adminId,
        action: 'neighbourhood-added',
        target: nid,
        details: { districtId: Number(newId), nameFa: 'کوی آزمون', nameEn: 'Azmoon' },
      },
      { user_id: adminId, action: 'neighbourhood-updated', target: nid, details: { nameEn: 'Azmoun Town' } },
      { user_id: adminId, action: 'district-renamed', target: newId, details: { nameFa: 'منطقه نمونه', position: 2 } },
      { user_id: adminId, action: 'neighbourhood-updated', target: nid, details: { districtId: Number(target.id) } },
    ]);
  });

  it('explains refusals in Persian and writes nothing', async () => {
    const before = (await audit()).length;
    await page.getByTestId('pl-add-fa').fill('منطقه ۱');
    await page.getByTestId('pl-add-en').fill('Another');
    await page.getByTestId('pl-add-submit').click();
    await expect.poll(message).toEqual({ kind: 'error', text: 'این نام فارسی در همین فهرست هست؛ نام دیگری بنویسید.' });
    expect(await page.getByTestId('pl-message').getAttribute('role')).toBe('alert');
    await card(newId).getByTestId('pl-d-position').fill('۰');
    await card(newId).getByTestId('pl-d-save').click();
    await expect.poll(message).toEqual({ kind: 'error', text: 'ترتیب باید عددی از ۱ تا ۹۹۹۹ باشد.' });
    await card(newId).getByTestId('pl-d-position').fill('۲');
    await card(newId).getByTestId('pl-d-en').fill('x');
    await card(newId).getByTestId('pl-d-save').click();
    await expect.poll(message).toEqual({ kind: 'error', text: 'هر نام باید دست‌کم ۲ و حداکثر ۱۰۰ نویسه باشد.' });
    expect((await audit()).length).toBe(before);
    // Readable at 1366 × 768: nothing wider than the window, the header in one row.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    expect((await page.locator('.wb-header').boundingBox())!.height).toBeLessThan(60);
    await saveScreenshot(page, 'wallboard-places-fa');
  });

  it('switches to English: labels, names, Latin digits and errors', async () => {
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('wb-places-switch').innerText()).toBe('Live');
    expect(await page.locator('#pl-title').innerText()).toBe('Districts and neighbourhoods');
    expect(await card(newId).getByTestId('pl-d-position').inputValue()).toBe('2');
    expect(await card(newId).getByTestId('pl-d-fa').getAttribute('aria-label')).toBe(
      'Persian name of district Trial District',
    );
    await page.getByTestId('pl-add-fa').fill('منطقه ۵');
    await page.getByTestId('pl-add-en').fill('Five again');
    await page.getByTestId('pl-add-submit').click();
    await expect
      .poll(message)
      .toEqual({ kind: 'error', text: 'This Persian name is already in the list; choose another name.' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    expect((await page.locator('.wb-header').boundingBox())!.height).toBeLessThan(60);
    await saveScreenshot(page, 'wallboard-places-en');
    await page.getByTestId('wb-places-switch').click();
    await page.getByTestId('wb-operators').waitFor();
    expect(await page.getByTestId('places').isHidden()).toBe(true);
    await page.getByTestId('lang-switch').click();
  });

  it('gives supervisors no button and refuses their writes', async () => {
    const sup = await launchBrowser();
    try {
      const p = await sup.newPage();
      await signInPage(p, `${app.url}/wallboard.html?view=places`, 'supervisor1');
      await p.getByTestId('wb-tiles').waitFor();
      expect(await p.getByTestId('wb-page-switch').isVisible()).toBe(true);
      expect(await p.getByTestId('wb-places-switch').count()).toBe(0);
      expect(await p.getByTestId('places').isHidden()).toBe(true);
      const before = (await audit()).length;
      const add = await p.request.post(`${app.url}/api/v1/districts`, {
        data: { nameFa: 'منطقه سرپرست', nameEn: 'Supervisor district' },
      });
      expect(add.status()).toBe(403);
      const rename = await p.request.patch(`${app.url}/api/v1/districts/${newId}`, { data: { nameEn: 'Nope' } });
      expect(rename.status()).toBe(403);
      expect((await audit()).length).toBe(before);
      expect((await districts()).find((x) => x.id === newId)!.nameEn).toBe('Trial District');
    } finally {
      await sup.close();
    }
  });
});
