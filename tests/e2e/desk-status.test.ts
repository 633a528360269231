// The desk's "change status" form under a request found by its tracking code, against the REAL
// server: a pothole the unit reported done is offered only the next statuses the server allows an
// operator; the citizen said they are satisfied, so the operator records it with a note; the card
// shows the new status and the follow-up at once, and the form offers what may follow now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { HAVE_CHROMIUM, ensureWebBuilt, launchBrowser, saveScreenshot, signInPage } from '../helpers/browser.ts';
import type { LaunchedBrowser } from '../helpers/browser.ts';
import { fa, place } from '../helpers/desk-page.ts';
import { api, login } from '../helpers/http.ts';

interface Detail {
  id: string;
  trackingCode: string;
  status: string;
  allowedNext: string[];
}

const NOTE = 'شهروند تماس گرفت: چاله پر شده و راضی است';

describe.skipIf(!HAVE_CHROMIUM)('desk: change a request’s status from the find panel', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let op: string;
  let done: Detail;

  const detail = async (id: string) => (await api<Detail>(app.url, op, 'GET', `/api/v1/requests/${id}`)).body;

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    op = await login(app.url, 'operator1');
    // A pothole in District 5 (referred to its roads unit on registration), reported done.
    const p = await place(app, 'pothole', 'Jalaliyeh');
    const made = await api<Detail>(app.url, op, 'POST', '/api/v1/requests', {
      phone: '09124445566',
      categoryId: p.categoryId,
      neighbourhoodId: p.neighbourhoodId,
      description: 'چاله بزرگ جلوی پلاک ۸ کوچه بهار',
    });
    expect(made.status).toBe(201);
    const r = await api(app.url, op, 'POST', `/api/v1/requests/${made.body.id}/status`, {
      status: 'done',
      note: 'واحد معابر چاله را پر کرد',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    done = await detail(made.body.id);
    expect(done.status).toBe('done');
    page = await browser.newPage();
    await signInPage(page, app.url, 'operator1');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const card = () => page.locator(`[data-testid=find-item][data-request-id="${done.id}"]`);
  const options = (c: Locator) =>
    c.getByTestId('status-next').evaluate((s: HTMLSelectElement) => Array.from(s.options).map((o) => o.value));

  it('offers only the next statuses the server allows, and records the citizen satisfied', async () => {
    // Typed the way a citizen reads it out: Persian digits.
    await page.getByTestId('find-input').fill(fa(done.trackingCode));
    await page.getByTestId('find-input').press('Enter');
    await card().waitFor();
    expect(await card().getByTestId('req-status').getAttribute('data-status')).toBe('done');

    await card().getByTestId('status-toggle').click();
    await expect.poll(() => options(card())).toEqual(done.allowedNext);
    expect(done.allowedNext).toEqual(['feedback-positive', 'feedback-negative', 'special-follow-up']);
    const labels = await card()
      .getByTestId('status-next')
      .evaluate((s: HTMLSelectElement) => Array.from(s.options).map((o) => o.text));
    expect(labels).toEqual(['رضایت شهروند', 'نارضایتی شهروند', 'پیگیری ویژه']);

    await card().getByTestId('status-next').selectOption('feedback-positive');
    await card().getByTestId('status-note').fill(NOTE);
    const answered = page.waitForResponse((r) => r.url().endsWith(`/requests/${done.id}/status`));
    await card().getByTestId('status-change').click();
    expect((await answered).status()).toBe(200);

    // The card: the new status, the follow-up with the note (opened), the message kept.
    await expect.poll(() => card().getByTestId('req-status').getAttribute('data-status')).toBe('feedback-positive');
    expect(await card().getByTestId('req-status').innerText()).toBe('رضایت شهروند');
    // The unit's deadline no longer runs: the card stops counting it.
    expect(await card().locator('.deadline').count()).toBe(0);
    const events = card().getByTestId('req-events');
    expect(await events.evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
    expect(await events.getByTestId('req-event').first().innerText()).toContain(NOTE);
    expect(await events.getByTestId('req-event').first().innerText()).toContain('وضعیت: رضایت شهروند');
    expect(await card().getByTestId('status-info').innerText()).toBe('وضعیت به «رضایت شهروند» تغییر کرد.');
    expect(await card().getByTestId('status-note').inputValue()).toBe('');
    // What may follow now: an operator closes a request the citizen is satisfied with.
    await expect.poll(() => options(card())).toEqual(['closed']);
    expect((await detail(done.id)).status).toBe('feedback-positive');
    await card().getByTestId('status-change').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'desk-status-changed-fa');
  });

  it('keeps the form whole in English and says the statuses in English', async () => {
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    // The language redraws the results: open the form again on the fresh card.
    const toggle = card().getByTestId('status-toggle');
    if (!(await toggle.evaluate((s) => (s.parentElement as HTMLDetailsElement).open))) await toggle.click();
    await expect.poll(() => card().getByTestId('status-next').locator('option').allInnerTexts()).toEqual(['Closed']);
    expect(await card().getByTestId('status-note').isVisible()).toBe(true);
    expect(await card().getByTestId('req-status').innerText()).toBe('Citizen satisfied');
    await card().getByTestId('status-change').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'desk-status-changed-en');
  });
});
