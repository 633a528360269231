// The analytics page of the back office (#/analytics) against the REAL server: requests seeded over
// the previous and the current Jalali month. supervisor1 sees the bars, the uPlot line (a canvas),
// the heat table with the API's own figures, the units worst first and drills down to the overdue
// requests in the worklist; English; paper without the controls. A council member sees only their
// neighbourhoods and never a citizen's phone or name. Screenshots in var/screenshots/analytics-*.png.
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { HAVE_CHROMIUM, ensureWebBuilt, launchBrowser, signInPage, type LaunchedBrowser } from '../helpers/browser.ts';
import { fa } from '../helpers/desk-page.ts';
import { jalaliPeriodOf, toJalali } from '../../src/calendar/index.ts';
import { api, login } from '../helpers/http.ts';
import { CITIZEN_NAME, CITIZEN_PHONE, COUNCIL_USER, seedAnalytics, type AnalyticsSeed } from './analytics-fixtures.ts';

interface Heat {
  rows: Array<{ neighbourhoodId: number | null; cells: Record<string, number>; total: number }>;
  categories: Array<{ id: number; total: number }>;
}

const SHOTS = 'var/screenshots';
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/analytics-${name}.png`, fullPage: true });

/** Every panel has an answer drawn (or says why not). */
async function panelsSettled(page: Page): Promise<void> {
  await page.getByTestId('analytics').waitFor();
  await expect.poll(() => page.locator('.an-panel[data-state="loading"]').count(), { timeout: 15_000 }).toBe(0);
}

/** The heat table as the page shows it: neighbourhood → category → [data-count, text]. */
async function heatOnPage(page: Page): Promise<Record<string, Record<string, [string, string]>>> {
  return page.evaluate(() => {
    const out: Record<string, Record<string, [string, string]>> = {};
    for (const tr of document.querySelectorAll<HTMLElement>('[data-testid=an-heat-row]')) {
      const row: Record<string, [string, string]> = {};
      for (const td of tr.querySelectorAll<HTMLElement>('[data-testid=an-heat-cell]'))
        row[td.dataset['categoryId']!] = [td.dataset['count']!, td.innerText.trim()];
      out[tr.dataset['neighbourhoodId']!] = row;
    }
    return out;
  });
}

describe.skipIf(!HAVE_CHROMIUM)('back office: the analytics page', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let seed: AnalyticsSeed;
  let heatUrl = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    await mkdir(SHOTS, { recursive: true });
    [app, browser] = await Promise.all([startTestApp({ EMULATOR_TRAFFIC: 'off' }), launchBrowser()]);
    seed = await seedAnalytics(app);
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInPage(page, `${app.url}/office.html`, 'supervisor1');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('draws the bars, the line on a canvas, and the heat table with the API figures', async () => {
    const heatAnswer = page.waitForResponse((r) => r.url().includes('/api/v1/analytics/heat?'));
    await page.getByTestId('tab-analytics').click();
    await page.waitForURL(/#\/analytics$/);
    heatUrl = new URL((await heatAnswer).url()).pathname + new URL((await heatAnswer).url()).search;
    await panelsSettled(page);
    // The range: whole Jalali months, from two before this one to this one, in Persian digits.
    expect(await page.getByTestId('an-range').innerText()).toMatch(/^از [۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} تا [۰-۹]{4}/);

    expect(await page.locator('[data-testid=an-trend-chart] canvas').count()).toBeGreaterThan(0);
    // By hand: four potholes (three last month, one this month) and four garbage calls; eight in all.
    expect(await page.getByTestId('an-bar').count()).toBe(2);
    const potholes = page.locator(`[data-testid=an-bar][data-key="${seed.ids.pothole}"]`);
    expect(await potholes.getByTestId('an-bar-value').innerText()).toBe(fa('4'));
    expect(await page.getByTestId('an-totals').innerText()).toContain(fa('8'));

    const sup = await login(app.url, 'supervisor1');
    const api1 = (await api<Heat>(app.url, sup, 'GET', heatUrl)).body;
    const shown = await heatOnPage(page);
    expect(Object.keys(shown).sort()).toEqual(api1.rows.map((r) => String(r.neighbourhoodId)).sort());
    for (const r of api1.rows)
      for (const c of api1.categories) {
        const n = r.cells[String(c.id)] ?? 0;
        expect(shown[String(r.neighbourhoodId)]![String(c.id)]).toEqual([String(n), n ? fa(String(n)) : '·']);
      }
    // By hand: Jalaliyeh 4 (potholes), Rezaiyeh 2, Qasemabad 2.
    const totals = await page
      .getByTestId('an-heat-row')
      .evaluateAll((rows) =>
        rows.map((r) => [
          (r as HTMLElement).dataset['neighbourhoodId'],
          r.querySelector('[data-testid=an-heat-total]')!.textContent,
        ]),
      );
    expect(totals).toEqual(
      expect.arrayContaining([
        [String(seed.ids.n5), fa('4')],
        [String(seed.ids.n5b), fa('2')],
        [String(seed.ids.n9), fa('2')],
      ]),
    );
    // The downloads beside the tables and of the request list answer with the page's own query.
    for (const id of ['an-export-heat-csv', 'an-export-units-xlsx', 'an-export-list-csv']) {
      const href = await page.getByTestId(id).getAttribute('href');
      const res = await page.request.get(`${app.url}${href}`);
      expect(res.status(), `${id} ${href}`).toBe(200);
      expect(res.headers()['content-type']).toMatch(id.endsWith('csv') ? /text\/csv/ : /spreadsheetml/);
    }
    // No tile server configured: no map element and not one tile asked for.
    expect(await page.getByTestId('an-map').count()).toBe(0);
    expect(await page.getByTestId('an-hotspot').count()).toBeGreaterThan(0);
  });

  it('lists the units worst first and drills down to the overdue requests in the worklist', async () => {
    // District 9's roads: both referrals overdue (100%); District 5's: one of four (25%); waste: none.
    const units = await page
      .getByTestId('an-unit-row')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['unitId']));
    expect(units).toEqual([seed.ids.roads9, seed.ids.roads5, seed.ids.waste5].map(String));
    const roads5 = page.locator(`[data-testid=an-unit-row][data-unit-id="${seed.ids.roads5}"]`);
    expect(await roads5.locator('td').nth(4).innerText()).toBe(fa('25') + '٪');
    await roads5.getByTestId('an-drill').click();
    await page.waitForURL(/#\/worklist\?/);
    expect(new URL(page.url()).hash).toContain(`unitId=${seed.ids.roads5}`);
    expect(new URL(page.url()).hash).toContain('overdue=true');
    await expect.poll(() => page.getByTestId('wl-row').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('wl-row').getAttribute('data-tracking-code')).toBe(seed.overdueCode);
    expect(await page.getByTestId('wl-unit').inputValue()).toBe(String(seed.ids.roads5));
    expect(await page.getByTestId('wl-overdue').isChecked()).toBe(true);
  });

  it('speaks English, prints without controls, and is photographed in both languages', async () => {
    await page.getByTestId('tab-analytics').click();
    await panelsSettled(page);
    // The page's middle scrolls on its own: a tall window photographs all of it.
    await page.setViewportSize({ width: 1366, height: 2200 });
    await shot(page, 'fa');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByTestId('an-range').innerText()).toMatch(/^\d{4}\/\d{2}\/\d{2} \(.+\) to \d{4}/);
    expect(await page.locator(`[data-key="${seed.ids.pothole}"] [data-testid=an-bar-value]`).innerText()).toBe('4');
    expect(await page.getByTestId('an-counts-title').innerText()).toBe('Requests by Category');
    await shot(page, 'en');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fa');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('an-controls').isVisible()).toBe(false);
    expect(await page.getByTestId('an-print').isVisible()).toBe(false);
    expect(await page.getByTestId('legend').isVisible()).toBe(false);
    expect(await page.getByTestId('an-range').isVisible()).toBe(true);
    expect(await page.locator('[data-testid=an-trend-chart] canvas').first().isVisible()).toBe(true);
    await shot(page, 'print-fa');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(pageErrors).toEqual([]);
  });

  it('asks again when the controls change: by neighbourhood, per month, a Jalali range typed in Persian digits', async () => {
    const asked = (part: string) =>
      page.waitForResponse((r) => r.url().includes('/api/v1/analytics/requests?') && r.url().includes(part));
    let answer = asked('groupBy=neighbourhood');
    await page.getByTestId('an-group-by').selectOption('neighbourhood');
    await answer;
    await panelsSettled(page);
    const jalaliyeh = page.locator(`[data-testid=an-bar][data-key="${seed.ids.n5}"] [data-testid=an-bar-value]`);
    expect(await jalaliyeh.innerText()).toBe(fa('4'));
    expect(await page.getByTestId('an-counts-title').innerText()).toBe('تعداد درخواست‌ها بر اساس محله');

    answer = asked('period=month');
    await page.getByTestId('an-period').selectOption('month');
    await answer;
    await panelsSettled(page);
    // Three whole Jalali months: two before this one, and this one.
    expect(await page.locator('[data-testid=an-trend-table] tbody tr').count()).toBe(3);

    // From the first of this Jalali month to today, typed as a person would, in Persian digits.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran' }).format(new Date());
    const first = jalaliPeriodOf(today, 'month').start;
    const typed = (day: string) => {
      const j = toJalali(day);
      return fa(`${j.jy}/${j.jm}/${j.jd}`);
    };
    await page.getByTestId('an-range-mode').selectOption('dates');
    await page.getByTestId('an-from').fill(typed(first));
    await page.getByTestId('an-to').fill(typed(today));
    answer = asked(`from=${first}&to=${today}`);
    await page.getByTestId('an-apply').click();
    await answer;
    await panelsSettled(page);
    // This month: the overdue pothole in Jalaliyeh and two garbage calls in Rezaiyeh.
    expect(await page.getByTestId('an-totals').innerText()).toContain(fa('3'));
    await page.getByTestId('an-range-mode').selectOption('months');
    await page.getByTestId('an-group-by').selectOption('category');
    await page.getByTestId('an-period').selectOption('week');
    await panelsSettled(page);
  });

  it("shows a council member only their neighbourhoods' figures and requests, never a phone or a name", async () => {
    const other = await launchBrowser();
    try {
      const council = await other.newPage();
      await signInPage(council, `${app.url}/office.html`, COUNCIL_USER);
      // A council member's home is the analytics page.
      await panelsSettled(council);
      expect(await council.getByTestId('tab-analytics').getAttribute('aria-current')).toBe('page');
      expect(await council.getByTestId('of-units').innerText()).toContain('جلالیه');
      const hoods = await council
        .getByTestId('an-heat-row')
        .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['neighbourhoodId']));
      // Their neighbourhoods with requests; Qasemabad (District 9) is not theirs.
      expect(seed.councilHoods).toEqual(expect.arrayContaining([seed.ids.n5, seed.ids.n5b]));
      expect(seed.councilHoods).not.toContain(seed.ids.n9);
      expect(hoods.sort()).toEqual([String(seed.ids.n5), String(seed.ids.n5b)].sort());
      const options = council.getByTestId('an-neighbourhood').locator('option:not([value=""])');
      expect((await options.evaluateAll((os) => os.map((o) => Number((o as HTMLOptionElement).value)))).sort()).toEqual(
        [...seed.councilHoods].sort(),
      );
      await shot(council, 'council-fa');
      const clean = async () => {
        const text = await council.evaluate(() => document.body.innerText);
        for (const bad of [CITIZEN_NAME, CITIZEN_PHONE, fa(CITIZEN_PHONE), CITIZEN_PHONE.slice(1)])
          expect(text).not.toContain(bad);
      };
      await clean();
      await council.getByTestId('tab-worklist').click();
      await expect
        .poll(() => council.getByTestId('wl-row').count(), { timeout: 10_000 })
        .toBe(seed.perHood[seed.ids.n5]! + seed.perHood[seed.ids.n5b]!);
      expect(await council.getByTestId('wl-tick').count()).toBe(0);
      await clean();
    } finally {
      await other.close();
    }
  });
});
