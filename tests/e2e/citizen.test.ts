import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, HAVE_CHROMIUM } from '../helpers/browser.ts';
import { codeSentTo, hoodOf, startCitizenRig, type CitizenRig } from '../integration/citizen/citizen-fixtures.ts';
import { buildJpeg } from '../unit/requests/photo-fixtures.ts';
import { api, login } from '../helpers/http.ts';
import { addUser } from '../integration/office/office-fixtures.ts';

// The citizen page on a phone (390×844, touch) in Chromium: a report with a photo, confirmed by the
// code the test SMSC received, the tracking code shown, then tracked; in Persian and in English,
// with screenshots in var/screenshots/citizen-*.png.

const SHOTS = resolve('var', 'screenshots');
const PHONE = '09361234567';
const toPersian = (s: string) => s.replace(/\d/g, (x) => '۰۱۲۳۴۵۶۷۸۹'[Number(x)]!);
const toLatin = (s: string) => s.replace(/[۰-۹]/g, (x) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(x)));

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `citizen-${name}.png`), fullPage: true });
}

describe.skipIf(!HAVE_CHROMIUM)('the citizen page on a phone', () => {
  let rig: CitizenRig;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync('web/dist/citizen.js') || !existsSync('web/dist/citizen.html'))
      execFileSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
    rig = await startCitizenRig();
    profile = await mkdtemp(join(tmpdir(), 'cti137-citizen-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'fa-IR',
      timezoneId: 'Asia/Tehran',
    });
  });
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (profile) await rm(profile, { recursive: true, force: true });
    await rig?.close();
  });

  it('reports with a code from SMS, shows the tracking code, then tracks it, in both languages', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${rig.app.url}/citizen`);
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.locator('#category-search').waitFor();
    await shot(page, 'report-fa');

    // Arabic ي and a space for the half-space: still "سد معبر پیاده‌رو".
    await page.locator('#category-search').fill('پياده رو');
    await page.getByRole('listitem').filter({ hasText: 'سد معبر' }).first().tap();
    await expect.poll(() => page.locator('.picked').textContent()).toContain('سد معبر پیاده‌رو');
    const hood = await hoodOf(rig.app.db, 5);
    const district = await rig.app.db.query(`SELECT district_id::text AS id FROM neighbourhoods WHERE id = $1`, [hood]);
    await page.locator('#district').selectOption(district.rows[0].id);
    await page.locator('#neighbourhood').selectOption(String(hood));
    await page.locator('#description').fill('وانت میوه‌فروشی کل پیاده‌رو را بسته است');
    await page.locator('#photo-input').setInputFiles({
      name: 'pavement.jpg',
      mimeType: 'image/jpeg',
      buffer: buildJpeg({ width: 64, height: 48 }),
    });
    await page.locator('.thumb').waitFor();
    await page.locator('#phone').fill(toPersian(PHONE));
    await shot(page, 'report-filled-fa');
    await page.locator('form.report button[type="submit"]').tap();

    const code = await codeSentTo(rig.smsc, PHONE);
    await page.locator('#otp-code').fill(toPersian(code));
    await shot(page, 'code-fa');
    await page.locator('[data-action="confirm"]').tap();
    const codeEl = page.locator('.result bdi.code');
    await codeEl.waitFor();
    const shown = toLatin((await codeEl.textContent()) ?? '').replace(/\s/g, '');
    const row = await rig.app.db.query(
      `SELECT r.id::text, r.tracking_code, r.channel, u.code AS unit_code
         FROM requests r JOIN units u ON u.id = r.unit_id ORDER BY r.id DESC LIMIT 1`,
    );
    expect(row.rows[0]).toMatchObject({ tracking_code: shown, channel: 'web' });
    expect(await codeEl.textContent()).toMatch(/^[۰-۹ ]+$/);
    await shot(page, 'done-fa');

    await page.locator('.result button.primary').tap();
    const tracked = page.locator('.tracked');
    await tracked.waitFor();
    expect(await tracked.textContent()).toContain('ارجاع به واحد');
    expect(await tracked.textContent()).not.toContain('وانت میوه‌فروشی');
    await shot(page, 'track-fa');

    await page.locator('#lang-switch').tap();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await expect.poll(() => tracked.textContent()).toContain('Referred to a unit');
    expect(toLatin((await page.locator('.tracked bdi.code').textContent()) ?? '')).toMatch(/^[0-9 ]+$/);
    await shot(page, 'track-en');
    // The unit reports it done: the page asks "fixed?", answered after a code to the reporter's number.
    await addUser(rig.app.db, { username: 'enforce5-web', role: 'unit', unitCode: row.rows[0].unit_code });
    const unit = await login(rig.app.url, 'enforce5-web');
    for (const step of [{ status: 'in-progress' }, { status: 'done', note: 'پیاده‌رو باز شد' }]) {
      const r = await api(rig.app.url, unit, 'POST', `/api/v1/requests/${row.rows[0].id}/status`, step);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    await page.locator('form.track-form button[type="submit"]').tap();
    await page.locator('.feedback button.primary').tap();
    const answer = await codeSentTo(rig.smsc, PHONE, 1);
    await page.locator('#otp-code').fill(answer);
    await shot(page, 'feedback-en');
    await page.locator('[data-action="fbYes"]').tap();
    await page.locator('.feedback .ok').waitFor();
    await expect.poll(() => page.locator('.tracked .status').textContent()).toBe('Closed');
    await shot(page, 'feedback-done-en');

    await page.locator('#tab-report').tap();
    await page.locator('.result button.secondary').tap();
    await page.locator('#category-search').fill('light');
    await page.getByRole('listitem').filter({ hasText: 'street lights' }).first().waitFor();
    await page.locator('#phone').fill('0936 123 4567');
    await shot(page, 'report-en');
    expect(errors).toEqual([]);
  }, 90_000);
});
