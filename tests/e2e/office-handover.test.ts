// The shift hand-over page of the back office (#/handover), against the REAL server: operator1
// (rostered with operator3, who never signs in) answers a call; a dangerous pothole is open and a
// citizen was not satisfied with another request. The supervisor opens the hand-over and reads the
// current shift's figures, the open hazard (linked to its page), the callback owed, each operator's
// times, and who never came; keys move to the previous shift and back; screenshots fa, en, print.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { HAVE_CHROMIUM, ensureWebBuilt, launchBrowser, saveScreenshot, signInPage } from '../helpers/browser.ts';
import type { LaunchedBrowser } from '../helpers/browser.ts';
import { callReachingOperator, finishCall, talkFor } from '../helpers/calls.ts';
import { fa, place } from '../helpers/desk-page.ts';
import { api, login } from '../helpers/http.ts';
import { readyOperator } from '../helpers/operators.ts';
import { waitFor } from '../helpers/wait.ts';
import type { Handover } from '../../src/shifts/index.ts';

interface Made {
  id: string;
  trackingCode: string;
  status: string;
}

const PERSIAN_HM = /^[۰-۹]+:[۰-۹]{2}$/;

describe.skipIf(!HAVE_CHROMIUM)('back office: the shift hand-over', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let sup: string;
  let shift: { name: string; date: string };
  let hazard: Made;
  let unhappy: Made;

  /** A request registered over the API (District 5, routed to its unit at once). */
  async function register(cookie: string, categoryCode: string, description: string): Promise<Made> {
    const p = await place(app, categoryCode, 'Jalaliyeh');
    const r = await api<Made>(app.url, cookie, 'POST', '/api/v1/requests', {
      phone: '09121110022',
      categoryId: p.categoryId,
      neighbourhoodId: p.neighbourhoodId,
      description,
    });
    expect(r.status).toBe(201);
    return r.body;
  }

  async function setStatus(cookie: string, id: string, status: string, note?: string): Promise<void> {
    const r = await api(app.url, cookie, 'POST', `/api/v1/requests/${id}/status`, { status, note });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  const handover = async () => (await api<Handover>(app.url, sup, 'GET', '/api/v1/shifts/handover')).body;

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    sup = await login(app.url, 'supervisor1');
    shift = (await handover()).shift;
    // The roster of this shift: operator1 and operator3 (who will not sign in).
    const ops = await api<Array<{ id: string; username: string }>>(app.url, sup, 'GET', '/api/v1/operators');
    const idOf = (u: string) => ops.body.find((o) => o.username === u)!.id;
    const roster = await api(app.url, sup, 'PUT', '/api/v1/roster', {
      entries: ['operator1', 'operator3'].map((u) => ({ operatorId: idOf(u), shift: shift.name })),
    });
    expect(roster.status).toBe(200);

    const op = await readyOperator(app, 'operator1');
    const call = await callReachingOperator(app, '09121110022', '1001');
    await talkFor(app, call, 40);
    await finishCall(app, '1001', { channelId: call, linkedid: call });
    hazard = await register(op.cookie, 'dangerous-pothole', 'چاله عمیق وسط خیابان، موتورسوار افتاد');
    unhappy = await register(op.cookie, 'pothole', 'چاله جلوی پلاک ۱۲ هنوز پر نشده');
    await setStatus(op.cookie, unhappy.id, 'done', 'واحد معابر گزارش انجام داد');
    await setStatus(op.cookie, unhappy.id, 'special-follow-up', 'شهروند می‌گوید چاله هنوز هست');
    await waitFor(async () => (await handover()).calls.answered === 1, 10_000, 'the call counted in the shift');

    page = await browser.newPage();
    await signInPage(page, `${app.url}/office.html`, 'supervisor1');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const figure = (name: string) =>
    page.locator(`[data-testid=ho-figure][data-figure="${name}"] [data-testid=ho-figure-value]`).innerText();
  const operatorRow = (username: string) => page.locator(`[data-testid=ho-operator][data-username="${username}"]`);

  it('shows the current shift with its calls, open hazards, callbacks owed and operators', async () => {
    await page.getByTestId('tab-handover').click();
    await page.waitForURL(/#\/handover$/);
    const heading = page.getByTestId('ho-heading');
    await heading.waitFor();
    expect(await heading.getAttribute('data-shift')).toBe(shift.name);
    expect(await heading.getAttribute('data-date')).toBe(shift.date);
    expect(await page.getByTestId('ho-phase').getAttribute('data-phase')).toBe('running');
    // The picker says the same shift, its date in Jalali with Persian digits.
    expect(await page.getByTestId('ho-shift').inputValue()).toBe(shift.name);
    expect(await page.getByTestId('ho-date').inputValue()).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}$/);

    expect(await figure('offered')).toBe(fa('1'));
    expect(await figure('answered')).toBe(fa('1'));
    expect(await figure('abandoned')).toBe(fa('0'));
    expect(await figure('service-level')).toMatch(/^[۰-۹]+٪$/);

    const hazardRow = page.locator(`[data-testid=ho-hazards] [data-tracking-code="${hazard.trackingCode}"]`);
    expect(await hazardRow.getByTestId('ho-open').getAttribute('href')).toBe(`#/request/${hazard.id}`);
    expect(await page.getByTestId('ho-hazards').getAttribute('data-count')).toBe('1');
    const callback = page.locator(`[data-testid=ho-callbacks] [data-tracking-code="${unhappy.trackingCode}"]`);
    expect(await callback.getByTestId('status').getAttribute('data-status')).toBe('special-follow-up');
    // The hazard is with its unit well within its deadline: no callback is owed for it.
    expect(await page.getByTestId('ho-callbacks').getAttribute('data-count')).toBe('1');

    const one = operatorRow('operator1');
    expect(await one.getAttribute('data-worked')).toBe('true');
    expect(await one.getByTestId('ho-op-calls').innerText()).toBe(fa('1'));
    expect(await one.getByTestId('ho-op-talk').innerText()).toMatch(PERSIAN_HM);
    expect(await one.getByTestId('ho-op-idle').innerText()).toMatch(PERSIAN_HM);
    // The talk lasted about two seconds: "۰:۰۰" on the page, its seconds in the tooltip.
    expect(await one.getByTestId('ho-op-talk').getAttribute('title')).not.toBe(fa('00:00'));
    expect(await operatorRow('operator3').getAttribute('data-worked')).toBe('false');
    expect(await operatorRow('operator2').count()).toBe(0);
    expect(await page.getByTestId('ho-absent').innerText()).toContain('مریم کریمی');
  });

  it('takes screenshots in Persian, English and on paper', async () => {
    // The page's middle scrolls on its own: a taller window shows the whole hand-over at once.
    await page.setViewportSize({ width: 1366, height: 1000 });
    await saveScreenshot(page, 'office-handover-fa', true);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await figure('answered')).toBe('1');
    expect(await page.getByTestId('ho-date').inputValue()).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
    await saveScreenshot(page, 'office-handover-en', true);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fa');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('ho-print').isVisible()).toBe(false);
    expect(await page.getByTestId('legend').isVisible()).toBe(false);
    await saveScreenshot(page, 'office-handover-print-fa', true);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('moves to the previous shift and back with the keys, and opens a hazard from the list', async () => {
    await page.getByTestId('of-main').focus();
    await page.keyboard.press('[');
    const heading = page.getByTestId('ho-heading');
    await expect.poll(() => heading.getAttribute('data-shift')).not.toBe(shift.name);
    expect(await page.getByTestId('ho-phase').getAttribute('data-phase')).toBe('ended');
    // Nothing happened in the shift before this one (a fresh database).
    expect(await figure('offered')).toBe(fa('0'));
    expect(await page.getByTestId('ho-next').isDisabled()).toBe(false);
    await page.keyboard.press('c');
    await expect.poll(() => heading.getAttribute('data-shift')).toBe(shift.name);
    expect(await page.getByTestId('ho-next').isDisabled()).toBe(true);

    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/request/${hazard.id}$`));
    await page.getByTestId('request-page').waitFor();
    await page.keyboard.press('Escape');
    await page.waitForURL(/#\/handover$/);
    await page.getByTestId('ho-heading').waitFor();
  });
});
