// What a new operator meets on the desk (stub server, Chromium, 1366 × 768): names they understand
// for the queue and the phone-menu choice, where past requests were, a category search that takes
// words in any order and either form of ی/ک, the Register button in sight after a submit, a pause
// a supervisor ordered during the call, and the shipped Vazirmatn font.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureWebBuilt, HAVE_CHROMIUM, launchBrowser, type LaunchedBrowser } from '../helpers/browser.ts';
import { waitConnection } from '../helpers/desk-page.ts';
import { screenPop, startDeskStub, stubApi, type DeskStub } from './desk-stub.ts';

describe.skipIf(!HAVE_CHROMIUM)('operator desk: labels, search, layout (stub server)', () => {
  let stub: DeskStub;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    ensureWebBuilt();
    stub = await startDeskStub();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stub?.close();
  });

  /** The desk with a call in talk, in Persian. */
  async function deskInCall(pop = screenPop()): Promise<Page> {
    const page = await browser.newPage();
    await stubApi(page);
    stub.state.call = { ...pop, answeredAt: new Date().toISOString(), endedAt: null };
    await page.goto(stub.url);
    await waitConnection(page, 'online');
    await expect.poll(() => page.getByTestId('pop-panel').getAttribute('data-call-state')).toBe('talking');
    return page;
  }

  it('names the queue and the menu choice in words, and says where past requests were', async () => {
    const page = await deskInCall(screenPop({ queue: 'q137hazard', ivrChoice: 'none' }));
    expect(await page.getByTestId('pop-queue').innerText()).toBe('صف خطر');
    expect(await page.getByTestId('pop-ivr').innerText()).toBe('انتخاب در منوی تلفنی: کلیدی زده نشد');
    const markers = await page.locator('.markers').innerText();
    expect(markers).not.toMatch(/q137|none/);
    const card = page.locator('[data-testid=pop-history-requests] > [data-testid=pop-request]');
    expect(await card.getByTestId('req-card-hood').innerText()).toBe('ونک');
    expect(await card.getByTestId('req-card-address').innerText()).toBe('خیابان ولیعصر، کوچه ۱۲');
    await page.close();

    const other = await deskInCall(screenPop({ queue: 'q137vip', ivrChoice: '7' }));
    expect(await other.getByTestId('pop-queue').innerText()).toBe('صف q137vip');
    expect(await other.getByTestId('pop-ivr').innerText()).toBe('انتخاب در منوی تلفنی: کلید ۷');
    await other.close();
  });

  it('renders with the Vazirmatn font served by the app', async () => {
    const page = await deskInCall();
    const loaded = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, ''));
    });
    expect(loaded).toContain('Vazirmatn');
    const res = await page.request.get(new URL('/fonts/Vazirmatn-Variable.woff2', stub.url).href);
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 4).toString('latin1')).toBe('wOF2');
    await page.close();
  });

  it('finds a category by words in any order, with Arabic ي/ك or Latin names, and picks it with Enter', async () => {
    const page = await deskInCall();
    const search = page.getByTestId('req-category-search');
    await search.fill('باز دريچه'); // reversed, with an Arabic yeh
    await expect
      .poll(() => page.getByTestId('req-category-option').allInnerTexts())
      .toEqual(['فنی و عمرانی › دریچه باز']);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('req-category-group').inputValue()).toBe('g1');
    expect(await page.getByTestId('req-category').inputValue()).toBe('c2');
    expect(await search.inputValue()).toBe('');
    // No request was sent by that Enter.
    expect(await page.getByTestId('tracking-result').isHidden()).toBe(true);

    await search.fill('pothole');
    await expect
      .poll(() => page.getByTestId('req-category-option').allInnerTexts())
      .toEqual(['فنی و عمرانی › چاله آسفالت']);
    await page.getByTestId('req-category-option').click();
    expect(await page.getByTestId('req-category').inputValue()).toBe('c1');

    await search.fill('عمرانی');
    await expect.poll(() => page.getByTestId('req-category-option').count()).toBe(2);
    await search.fill('زباله');
    await expect.poll(() => page.locator('#req-category-options').innerText()).toBe('موضوعی با این کلمه‌ها پیدا نشد');
    await page.keyboard.press('Escape');
    expect(await page.locator('#req-category-options').isHidden()).toBe(true);
    await page.close();
  });

  it('keeps the Register button in sight at 1366 × 768 after a submit', async () => {
    const page = await deskInCall();
    await page.getByTestId('req-category-group').selectOption('g1');
    await page.getByTestId('req-category').selectOption('c1');
    await page.getByTestId('req-district').selectOption('d1');
    await page.getByTestId('req-neighbourhood').selectOption('n1');
    await page.getByTestId('req-description').fill('چاله بزرگ وسط خیابان.');
    await page.getByTestId('req-submit').click();
    await page.getByTestId('tracking-result').waitFor();
    const inSight = await page.getByTestId('req-submit').evaluate((el) => {
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return r.bottom <= window.innerHeight && r.top >= 0 && (top === el || el.contains(top));
    });
    expect(inSight).toBe(true);
    await page.close();
  });

  it('shows a pause ordered during the call as pending, and who ordered it', async () => {
    const page = await deskInCall();
    const since = new Date().toISOString();
    stub.desk.emit('operator:state', {
      state: 'talking',
      reason: null,
      since,
      until: null,
      pendingPause: 'meeting',
      pausedBy: 'سرپرست شیفت',
    });
    await expect
      .poll(() => page.getByTestId('pause-note').innerText())
      .toBe('مکث پس از تماس: جلسه، به دستور سرپرست شیفت');
    expect(await page.getByTestId('state-badge').innerText()).toBe('در حال مکالمه');
    await expect
      .poll(() => page.locator('.notices').innerText())
      .toContain('مکث پس از تماس: جلسه، به دستور سرپرست شیفت');
    stub.desk.emit('operator:state', {
      state: 'paused',
      reason: 'meeting',
      since,
      until: null,
      pendingPause: null,
      pausedBy: 'سرپرست شیفت',
    });
    await expect.poll(() => page.getByTestId('pause-note').innerText()).toBe('به دستور سرپرست شیفت');
    stub.desk.emit('operator:state', { state: 'ready', reason: null, since, until: null });
    await expect.poll(() => page.getByTestId('pause-note').isHidden()).toBe(true);
    await page.close();
  });
});
