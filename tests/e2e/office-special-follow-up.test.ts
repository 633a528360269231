// Special follow-up in the back office, against the real server and the emulator: the citizen
// answers the feedback call with "2" (not fixed); District 5's roads unit sees the request back in
// its inbox as special follow-up with its raised priority, accepts it and reports it done again;
// the closure-check call gets "1" and the request is closed. Screenshots in Persian and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { press } from '../helpers/calls.ts';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  DESK_VIEWPORT,
  ensureWebBuilt,
  HAVE_CHROMIUM,
  saveScreenshot,
  signInPage,
} from '../helpers/browser.ts';
import { actionLog } from '../helpers/emulator-control.ts';
import { api, login } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';
import { addUser, hoodOfDistrict, REDIS_URL, registerPothole } from '../integration/office/office-fixtures.ts';

/** The IVR's channel that started playing this sound (the citizen's side of the outbound call). */
async function channelPlaying(app: TestApp, sound: string, nth: number): Promise<string | null> {
  const ids = (await actionLog(app)).flatMap((a) =>
    a.proto === 'ari' && a.method === 'POST' && a.path.includes('/play') && a.query.media?.includes(`sound:${sound}`)
      ? [decodeURIComponent(a.path.split('/')[3]!)]
      : [],
  );
  return [...new Set(ids)][nth - 1] ?? null;
}

/** The citizen picks up the `nth` call asking "was it resolved?", answers `key` and skips the rating. */
async function citizenAnswers(app: TestApp, nth: number, key: string): Promise<void> {
  const ch = await waitFor(() => channelPlaying(app, 'cti137/feedback-resolved', nth), 20_000, `call #${nth}`);
  await press(app, ch, key);
}

const requestStatus = (page: Page) => page.getByTestId('request-page').getAttribute('data-status');

async function shootBoth(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.querySelectorAll<HTMLElement>('.notice-close').forEach((b) => b.click()));
  await saveScreenshot(page, `${name}-fa`);
  await page.getByTestId('lang-switch').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
  await saveScreenshot(page, `${name}-en`);
  await page.getByTestId('lang-switch').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fa');
}

describe.skipIf(!HAVE_CHROMIUM)('back office: special follow-up after the citizen says "not fixed"', () => {
  let app: TestApp;
  let browser: Browser;
  let unit: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([
      startTestApp(
        { REDIS_URL, OUTBOUND_WINDOWS: 'sat-fri 00:00-24:00', OUTBOUND_DAILY_LIMIT_PER_NUMBER: '10' },
        { feedbackDelayMs: 500, timeScale: 0.25 },
      ),
      chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true }),
    ]);
    await addUser(app.db, { username: 'roads5-sfu', role: 'unit', unitCode: 'district-5-roads' });
    const context = await browser.newContext({ viewport: DESK_VIEWPORT, locale: 'fa-IR', timezoneId: 'Asia/Tehran' });
    unit = await context.newPage();
    await signInPage(unit, `${app.url}/office.html`, 'roads5-sfu');
  }, 90_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await app?.close();
  });

  it('the unit sees it again with its priority, reports it done, and the closure check closes it', async () => {
    const operator = await login(app.url, 'operator1');
    const req = await registerPothole(app.db, app.url, operator, await hoodOfDistrict(app.db, 5));
    const unitApi = await login(app.url, 'roads5-sfu');
    for (const body of [{ status: 'in-progress' }, { status: 'done', note: 'چاله پر شد' }]) {
      const r = await api(app.url, unitApi, 'POST', `/api/v1/requests/${req.id}/status`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    await citizenAnswers(app, 1, '2');
    const detail = async () =>
      (
        await api<{ status: string; referral: { priority: number } | null }>(
          app.url,
          operator,
          'GET',
          `/api/v1/requests/${req.id}`,
        )
      ).body;
    await waitFor(async () => (await detail()).status === 'special-follow-up', 15_000, 'special follow-up');
    const priority = (await detail()).referral!.priority;
    expect(priority).toBeGreaterThanOrEqual(1);

    // The inbox (live) shows it back, as special follow-up, with its priority.
    const row = unit.locator(`[data-testid=inbox-item][data-tracking-code="${req.trackingCode}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('special-follow-up');
    expect(await row.getByTestId('priority-flag').getAttribute('data-priority')).toBe(String(priority));
    expect(await row.innerText()).toContain('پیگیری ویژه');
    await shootBoth(unit, 'office-sfu-1-inbox');

    await row.click();
    await unit.getByTestId('request-page').waitFor();
    await expect.poll(() => requestStatus(unit)).toBe('special-follow-up');
    expect(await unit.getByTestId('referral').first().getByTestId('priority-flag').count()).toBe(1);
    await unit.getByTestId('act-accept').waitFor();
    await unit.keyboard.press('a');
    await expect.poll(() => requestStatus(unit)).toBe('in-progress');
    await unit.keyboard.press('d');
    const form = unit.getByTestId('form-done');
    await form.getByTestId('done-note').fill('چاله دوباره با آسفالت گرم و غلتک ترمیم شد.');
    await form.getByTestId('action-submit').click();
    await expect.poll(() => requestStatus(unit), { timeout: 10_000 }).toBe('done');
    await shootBoth(unit, 'office-sfu-2-done-again');

    // The closure check: "1" closes it.
    await waitFor(() => channelPlaying(app, 'cti137/closure-intro', 1), 20_000, 'closure call');
    await citizenAnswers(app, 2, '1');
    await waitFor(async () => (await detail()).status === 'closed', 15_000, 'closed');
    await unit.reload();
    await expect.poll(() => requestStatus(unit), { timeout: 10_000 }).toBe('closed');
    await shootBoth(unit, 'office-sfu-3-closed');
  }, 120_000);
});
