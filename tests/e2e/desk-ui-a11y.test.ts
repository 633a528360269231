// The desk page in Chromium against a stub server (no database or PBX): every control has an
// accessible name in both languages, and Tab walks the request form in reading order. The rest of
// what an operator sees and does on the stub: desk-ui.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ensureWebBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  saveScreenshot,
  type LaunchedBrowser,
} from '../helpers/browser.ts';
import { waitConnection } from '../helpers/desk-page.ts';
import { screenPop, startDeskStub, stubApi, type DeskStub } from './desk-stub.ts';

describe.skipIf(!HAVE_CHROMIUM)('operator desk page: accessibility (stub server)', () => {
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

  const online = (page: Page) => waitConnection(page, 'online');

  it('accessibility: every control has an accessible name in both languages, and Tab walks the form in reading order', async () => {
    const page = await browser.newPage();
    await stubApi(page);
    stub.state.call = { ...screenPop(), answeredAt: new Date().toISOString(), endedAt: null };
    await page.goto(stub.url);
    await online(page);
    await page.getByTestId('req-category-group').selectOption('g1');
    await page.getByTestId('req-category').selectOption('c1');
    await page.getByTestId('req-district').selectOption('d1');
    await page.getByTestId('req-neighbourhood').selectOption('n1');
    await page.getByTestId('dup-link').waitFor();
    await page.getByTestId('find-input').fill('12345678');
    await page.getByTestId('find-submit').click();
    await page.getByTestId('find-item').waitFor();
    await page.getByTestId('find-item').getByTestId('note-toggle').click();

    /** Controls with no accessible name: labels, aria-labelledby, aria-label, a button's text; a placeholder does not count. */
    const unnamed = () =>
      page.evaluate(() => {
        const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
        const nameOf = (el: HTMLElement): string => {
          const by = el.getAttribute('aria-labelledby');
          if (by)
            return by
              .split(/\s+/)
              .map((id) => text(document.getElementById(id)))
              .join(' ')
              .trim();
          const aria = el.getAttribute('aria-label');
          if (aria?.trim()) return aria.trim();
          const labels = (el as HTMLInputElement).labels;
          if (labels && labels.length > 0)
            return Array.from(labels)
              .map((l) => text(l))
              .join(' ')
              .trim();
          if (el instanceof HTMLButtonElement || el.tagName === 'SUMMARY') return text(el);
          return '';
        };
        const controls = Array.from(
          document.querySelectorAll<HTMLElement>('input, select, textarea, button, summary'),
        ).filter(
          (el) => !el.closest('[hidden]') && !el.classList.contains('sr-only') && el.getClientRects().length > 0,
        );
        return {
          count: controls.length,
          unnamed: controls.filter((el) => !nameOf(el)).map((el) => el.outerHTML.slice(0, 120)),
        };
      });
    const fa = await unnamed();
    expect(fa.count).toBeGreaterThan(20);
    expect(fa.unnamed).toEqual([]);

    // Tab order through the request form: as it reads (right to left in Persian), top to bottom.
    await page.getByTestId('req-category-search').focus();
    const order: string[] = [];
    for (let i = 0; i < 11; i++) {
      order.push(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['testid'] ?? ''));
      await page.keyboard.press('Tab');
    }
    order.push(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['testid'] ?? ''));
    expect(order).toEqual([
      'req-category-search',
      'req-category-group',
      'req-category',
      'req-district',
      'req-neighbourhood',
      'req-address',
      'req-point',
      'req-description',
      'req-hazard',
      'req-phone',
      'req-submit',
      'req-clear',
    ]);
    // The point and the description say what they expect (hint, counter) to a screen reader.
    expect(await page.getByTestId('req-point').getAttribute('aria-describedby')).toBe('req-point-error');
    expect(await page.getByTestId('req-description').getAttribute('aria-describedby')).toBe('req-description-counter');

    await page.getByTestId('lang-switch').click();
    const en = await unnamed();
    expect(en.unnamed).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await saveScreenshot(page, 'desk-ui-a11y-en');
    await page.getByTestId('lang-switch').click();
    await saveScreenshot(page, 'desk-ui-a11y-fa');
    await page.evaluate(() => localStorage.removeItem('cti137.lang'));
    await page.close();
  });
});
