// Helpers for the browser tests against the real server (desk-live*.test.ts): the reference ids a
// form needs, what the desk shows, and the digits it shows them in.
import type { Page } from 'playwright-core';
import type { TestApp } from '../helpers/app.ts';

export const FA_DIGITS = /[۰-۹]/;
export const LATIN_DIGITS = /[0-9]/;

/** "09121234567" → "۰۹۱۲۱۲۳۴۵۶۷": what the desk must show in Persian. */
export const fa = (s: string) => s.replace(/[0-9]/g, (c) => '۰۱۲۳۴۵۶۷۸۹'[Number(c)]!);
/** Latin digits of a text shown in any digits, spaces dropped (to compare tracking codes). */
export const latin = (s: string) => s.replace(/[۰-۹]/g, (c) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(c))).replace(/\s+/g, '');

export interface Place {
  groupId: string;
  categoryId: string;
  districtId: string;
  neighbourhoodId: string;
}

/** The ids of a (group, category) and a (district, neighbourhood) from the seeded lists. */
export async function place(app: TestApp, categoryCode: string, neighbourhoodEn: string): Promise<Place> {
  const c = await app.db.query<{ id: string; parent_id: string }>(
    `SELECT id::text, parent_id::text FROM categories WHERE code = $1`,
    [categoryCode],
  );
  const n = await app.db.query<{ id: string; district_id: string }>(
    `SELECT id::text, district_id::text FROM neighbourhoods WHERE name_en = $1`,
    [neighbourhoodEn],
  );
  if (!c.rows[0] || !n.rows[0]) throw new Error(`no category ${categoryCode} or neighbourhood ${neighbourhoodEn}`);
  return {
    groupId: c.rows[0].parent_id,
    categoryId: c.rows[0].id,
    districtId: n.rows[0].district_id,
    neighbourhoodId: n.rows[0].id,
  };
}

/** Picks the category and the place in the form, as the operator does with the selects. */
export async function choose(page: Page, p: Place): Promise<void> {
  await page.getByTestId('req-category-group').selectOption(p.groupId);
  await page.getByTestId('req-category').selectOption(p.categoryId);
  await page.getByTestId('req-district').selectOption(p.districtId);
  await page.getByTestId('req-neighbourhood').selectOption(p.neighbourhoodId);
}

/** The pop panel's call phase: idle | ringing | talking | ended. */
export const callState = (page: Page) => page.getByTestId('pop-panel').getAttribute('data-call-state');

/**
 * Waits until the pop shows a ringing call with this text as the caller's number. Polled inside
 * the page (every frame): in tests a ring lasts under a second before it rings again.
 */
export async function waitRingingPop(page: Page, phoneText: string): Promise<void> {
  await page.waitForFunction(
    (want) =>
      document.querySelector('[data-testid=pop-panel]')?.getAttribute('data-call-state') === 'ringing' &&
      document.querySelector('[data-testid=pop-phone]')?.textContent?.trim() === want,
    phoneText,
    { timeout: 10_000, polling: 'raf' },
  );
}

export const waitCallState = (page: Page, state: string) =>
  page.waitForFunction(
    (s) => document.querySelector('[data-testid=pop-panel]')?.getAttribute('data-call-state') === s,
    state,
    { timeout: 10_000 },
  );

/** The tracking code the result box shows, in Latin digits (it is shown grouped, in the UI's digits). */
export async function shownTrackingCode(page: Page): Promise<string> {
  await page.getByTestId('tracking-result').waitFor({ state: 'visible' });
  return latin(await page.getByTestId('tracking-code').innerText());
}

export const requestCount = async (app: TestApp) =>
  Number((await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM requests`)).rows[0]!.n);
