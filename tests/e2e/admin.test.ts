import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminUser } from '../../src/admin/index.ts';
import type { CategoryAdminView } from '../../src/requests/index.ts';
import type { UnitRouteView, UnitView } from '../../src/units/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import {
  ensureWebBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  saveScreenshot,
  signInPage,
  type LaunchedBrowser,
} from '../helpers/browser.ts';
import { api, login } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * The admin screens in the back office, driven from the keyboard as an admin would: a new
 * operator (phone typed in Persian digits) who can then sign in, a unit's escalation hours, a
 * category's route in one district and its deadline, a new answer template; both languages.
 */
describe.skipIf(!HAVE_CHROMIUM)('admin screens', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let admin: string;

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp({}, { extraEndpoints: ['1005'] }), launchBrowser()]);
    admin = await login(app.url, 'admin');
    page = await browser.newPage();
    await signInPage(page, `${app.url}/office.html#/admin`, 'admin');
    await page.getByTestId('admin-users').waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const read = async <T>(path: string) => (await api<T>(app.url, admin, 'GET', `/api/v1${path}`)).body;
  /** Presses a key with the focus on the page, not in a field (section and list keys). */
  const pressOutside = async (key: string) => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(key);
  };

  it('creates an operator from the users screen, who can sign in at once', async () => {
    await page.getByTestId('admin-user').first().waitFor();
    await pressOutside('n');
    const form = page.getByTestId('user-form');
    await form.locator('input[name=username]').fill('operator5');
    await form.locator('input[name=displayName]').fill('سارا نوری');
    await form.locator('input[name=password]').fill('new-hire-137');
    await form.locator('input[name=extension]').fill('۱۰۰۵');
    await form.locator('input[name=email]').fill('sara@example.org');
    await saveScreenshot(page, 'admin-users-new-fa');
    await form.locator('input[name=email]').press('Enter');
    const row = page.locator('[data-testid=admin-user][data-username=operator5]');
    await row.waitFor();
    expect(await row.textContent()).toContain('۱۰۰۵');
    const made = (await read<{ users: AdminUser[] }>('/admin/users')).users.find((u) => u.username === 'operator5');
    expect(made).toMatchObject({ role: 'operator', extension: '1005', serverId: 'pbx1', email: 'sara@example.org' });
    expect(await login(app.url, 'operator5', 'new-hire-137')).toMatch(/^cti137_session=/);
    await saveScreenshot(page, 'admin-users-fa');
  });

  it("changes a district unit's escalation hours", async () => {
    await pressOutside('2');
    const node = page.locator('[data-testid=unit-node][data-code=district-5-roads]');
    await node.click();
    const form = page.getByTestId('unit-form');
    await form.locator('input[name=escalateAfterHours]').fill('۱۲');
    await form.getByRole('button', { name: 'ذخیره' }).click();
    await waitFor(
      async () => {
        const flat = (units: UnitView[]): UnitView[] => units.flatMap((u) => [u, ...flat(u.children)]);
        const u = flat((await read<{ units: UnitView[] }>('/units')).units).find((x) => x.code === 'district-5-roads');
        return u?.escalateAfterHours === 12;
      },
      5000,
      'escalation hours saved',
    );
    await page.getByTestId('unit-members').waitFor();
    await saveScreenshot(page, 'admin-units-fa');
  });

  it('routes a category to another unit in one district and changes its deadline', async () => {
    const cats = (await read<{ categories: CategoryAdminView[] }>('/categories/all')).categories;
    const pothole = cats.find((c) => c.code === 'pothole')!;
    const waste5 = await app.db.query<{ id: number }>(`SELECT id FROM units WHERE code = 'district-5-waste'`);
    const district5 = await app.db.query<{ district_id: number }>(
      `SELECT district_id FROM units WHERE code = 'district-5'`,
    );
    await pressOutside('3');
    await page.getByTestId('routing-category').selectOption(pothole.id);
    const row = page.locator(`[data-testid=route-row][data-district="${district5.rows[0]!.district_id}"] select`);
    await row.selectOption(String(waste5.rows[0]!.id));
    await waitFor(
      async () => {
        const routes = (await read<{ routes: UnitRouteView[] }>(`/unit-routes?categoryId=${pothole.id}`)).routes;
        return routes.find((r) => r.districtId === district5.rows[0]!.district_id)?.unitId === waste5.rows[0]!.id;
      },
      5000,
      'District 5 route saved',
    );
    await saveScreenshot(page, 'admin-routing-fa');

    await pressOutside('4');
    await page.locator(`[data-testid=category-row][data-code=pothole]`).click();
    const form = page.getByTestId('category-form');
    await form.locator('input[name=deadlineHours]').fill('۴۸');
    await form.locator('select[name=deadlineBasis]').selectOption('calendar');
    await form.locator('input[name=deadlineHours]').press('Enter');
    await waitFor(
      async () => {
        const c = (await read<{ categories: CategoryAdminView[] }>('/categories/all')).categories.find(
          (x) => x.code === 'pothole',
        );
        return c?.deadlineHours === 48 && c.deadlineBasis === 'calendar';
      },
      5000,
      'deadline saved',
    );
    await saveScreenshot(page, 'admin-categories-fa');
  });

  it('adds an answer template, then shows the screens in English', async () => {
    await pressOutside('5');
    await pressOutside('n');
    const form = page.getByTestId('template-form');
    await form.locator('select[name=hotkey]').selectOption('9');
    await form.locator('textarea[name=textFa]').fill('از تماس شما با ۱۳۷ سپاسگزاریم.');
    await form.locator('textarea[name=textEn]').fill('Thank you for calling 137.');
    await form.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByTestId('template-row').filter({ hasText: 'Thank you for calling 137.' }).waitFor();
    await saveScreenshot(page, 'admin-templates-fa');

    // The roster: operator5 on the first shift on Saturdays; pause allowances: a 20-minute break.
    await pressOutside('6');
    await page.getByTestId('roster-table').waitFor();
    await pressOutside('n');
    const row = page.getByTestId('roster-row').last();
    const op5 = (await read<{ users: AdminUser[] }>('/admin/users')).users.find((u) => u.username === 'operator5')!;
    await row.locator('select').nth(0).selectOption(op5.operatorId!);
    await row.locator('select').nth(2).selectOption('sat');
    await row.locator('input').nth(0).fill('۱۴۰۵/۱۰/۰۱');
    await row.locator('input').nth(0).press('Tab');
    await page.getByTestId('roster-save').click();
    await waitFor(
      async () => {
        const r = await read<{ entries: Array<{ operatorId: string; weekday: string; from: string }> }>('/roster');
        return r.entries.some((e) => e.operatorId === op5.operatorId && e.weekday === 'sat' && e.from === '2026-12-22');
      },
      5000,
      'roster saved',
    );
    await saveScreenshot(page, 'admin-roster-fa');
    await pressOutside('7');
    const minutes = page.locator('[data-testid=pause-row][data-reason=break] input');
    await minutes.fill('۲۰');
    await minutes.press('Enter');
    await waitFor(
      async () => (await read<Record<string, number>>('/supervision/pause-allowances')).break === 20,
      5000,
      'allowance',
    );

    // The survey: a new wording of the courtesy question is its version 2, asked from the next call.
    await pressOutside('8');
    await page.locator('[data-testid=question-row][data-code=courtesy]').click();
    const q = page.getByTestId('question-form');
    await q.locator('textarea[name=textFa]').fill('به رفتار کارشناس از ۱ تا ۵ امتیاز دهید');
    await q.getByRole('button', { name: 'ذخیره' }).click();
    await waitFor(
      async () => {
        const list = await read<Array<{ code: string; version: number; textFa: string }>>('/survey/questions');
        return list.find((x) => x.code === 'courtesy')?.version === 2;
      },
      5000,
      'survey question version 2',
    );
    await saveScreenshot(page, 'admin-survey-fa');

    await page.getByTestId('lang-switch').click();
    await pressOutside('1');
    await page.getByText('Users', { exact: true }).first().waitFor();
    await page.locator('[data-testid=admin-user][data-username=operator5]').click();
    await page.getByTestId('user-form').waitFor();
    expect(await page.getByTestId('admin-users').textContent()).toContain('137 operator');
    await saveScreenshot(page, 'admin-users-en');
    await pressOutside('2');
    await page.locator('[data-testid=unit-node][data-code=district-5-roads]').click();
    await page.getByTestId('unit-members').waitFor();
    await saveScreenshot(page, 'admin-units-en');
  });
});
