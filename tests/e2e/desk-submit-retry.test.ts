// The desk's registration retry against the REAL server: a submit the server could not store
// (503: its database away) or whose answer was lost (a connection reset) is sent again by the desk
// itself with the same Idempotency-Key, so one request exists and its tracking code is shown. The
// key survives a reload of the page with the draft; a new draft gets a new key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { ensureWebBuilt, HAVE_CHROMIUM, launchBrowser, signInPage, type LaunchedBrowser } from '../helpers/browser.ts';
import { choose, place, shownTrackingCode, waitDraftSaved, type Place } from '../helpers/desk-page.ts';

describe.skipIf(!HAVE_CHROMIUM)('desk: a submit whose answer was lost is retried with the same key', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let pothole: Place;
  /** Every POST /api/v1/requests the page sent, in order. */
  const posts: Request[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    page = await browser.newPage();
    pothole = await place(app, 'pothole', 'Kuhsangi');
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/requests')) posts.push(r);
    });
    await signInPage(page, app.url, 'operator1');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const withText = async (text: string) =>
    (await app.db.query<{ tracking_code: string }>(`SELECT tracking_code FROM requests WHERE description = $1`, [text]))
      .rows;
  const keyOf = (r: Request) => r.headers()['idempotency-key'];

  it('sends a draft again by itself, with the same key, when the server could not store it (503)', async () => {
    const text = 'سطل زباله واژگون، پایگاه داده در دسترس نبود';
    await page.getByTestId('req-phone').fill('09151234567');
    await choose(page, pothole);
    await page.getByTestId('req-description').fill(text);
    // The database is away for the first try: the server answers 503 without registering.
    let refused = 0;
    await page.route('**/api/v1/requests', async (route) => {
      if (route.request().method() !== 'POST' || refused > 0) return route.fallback();
      refused++;
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'DATABASE_UNAVAILABLE', message: 'database away' } }),
      });
    });
    await page.getByTestId('req-submit').click();
    // The operator is told the draft is kept and will go by itself, then it goes.
    await expect.poll(() => page.getByTestId('req-error').innerText()).toContain('خودکار');
    await expect.poll(async () => (await withText(text)).length, { timeout: 10_000 }).toBe(1);
    const stored = (await withText(text))[0]!.tracking_code;
    await expect.poll(() => shownTrackingCode(page), { timeout: 10_000 }).toBe(stored);
    expect(posts).toHaveLength(2);
    expect(keyOf(posts[1]!)).toBe(keyOf(posts[0]!));
    await page.unroute('**/api/v1/requests');
  });

  it('registers once when the answer was lost, and keeps the key across a reload', async () => {
    posts.length = 0;
    const text = 'چاله عمیق جلوی مدرسه، پاسخ گم شد';
    await page.getByTestId('req-phone').fill('09151234567');
    await choose(page, pothole);
    await page.getByTestId('req-description').fill(text);
    await waitDraftSaved(page, text);

    // The first submit reaches the server (which registers it); its answer never reaches the page,
    // and the network stays down for the desk's own retries.
    let reached = 0;
    await page.route('**/api/v1/requests', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      if (reached++ === 0) expect((await route.fetch()).status()).toBe(201);
      await route.abort('connectionreset');
    });
    await page.getByTestId('req-submit').click();
    await expect.poll(() => page.getByTestId('req-error').innerText()).not.toBe('');
    expect(await withText(text)).toHaveLength(1);
    // Nothing typed is lost; then the tab is reloaded (the operator pressed F5) with the draft.
    expect(await page.getByTestId('req-description').inputValue()).toBe(text);
    await page.reload();
    await page.getByTestId('req-description').waitFor();
    await expect.poll(() => page.getByTestId('req-description').inputValue()).toBe(text);

    await page.unroute('**/api/v1/requests');
    await page.getByTestId('req-submit').click();
    const code = await shownTrackingCode(page);
    const rows = await withText(text);
    expect(rows).toHaveLength(1);
    expect(code).toBe(rows[0]!.tracking_code);
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(keyOf(posts[0]!)).toMatch(/^draft-[0-9a-f]{32}$/);
    for (const p of posts) expect(keyOf(p)).toBe(keyOf(posts[0]!));
  });

  it('the next draft gets a new key and makes a request of its own', async () => {
    const before = posts.length;
    const firstKey = keyOf(posts[0]!);
    const text = 'چراغ خاموش کوچه بعدی';
    await choose(page, pothole);
    await page.getByTestId('req-description').fill(text);
    await page.getByTestId('req-submit').click();
    await expect.poll(async () => (await withText(text)).length).toBe(1);
    // The box still shows the first code until the answer lands: wait for the new one.
    const stored = (await withText(text))[0]!.tracking_code;
    await expect.poll(() => shownTrackingCode(page)).toBe(stored);
    expect(posts).toHaveLength(before + 1);
    expect(keyOf(posts[before]!)).toMatch(/^draft-[0-9a-f]{32}$/);
    expect(keyOf(posts[before]!)).not.toBe(firstKey);
  });
});
