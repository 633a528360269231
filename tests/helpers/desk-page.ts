// The operator's desk page as the browser tests read and fill it: the reference ids a form needs,
// the pop panel's call phase, the connection, the tracking code shown, the saved draft, and the
// digits everything is shown in.
import type { Page } from 'playwright-core';
import type { TestApp } from './app.ts';

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

/** Waits until the desk's connection indicator says `conn` (online | offline | connecting). */
export const waitConnection = (page: Page, conn: 'online' | 'offline', timeoutMs = 15_000) =>
  page.waitForFunction(
    (c) => document.querySelector('[data-testid=connection]')?.getAttribute('data-conn') === c,
    conn,
    { timeout: timeoutMs },
  );

/** Waits until the form's draft in sessionStorage (saved a moment after typing) holds `text`. */
export const waitDraftSaved = (page: Page, text: string) =>
  page.waitForFunction(
    (t) => Object.keys(sessionStorage).some((k) => k.startsWith('cti137.draft.') && sessionStorage[k].includes(t)),
    text,
    { timeout: 5000 },
  );

/** The tracking code the result box shows, in Latin digits (it is shown grouped, in the UI's digits). */
export async function shownTrackingCode(page: Page): Promise<string> {
  await page.getByTestId('tracking-result').waitFor({ state: 'visible' });
  return latin(await page.getByTestId('tracking-code').innerText());
}

export const requestCount = async (app: TestApp) =>
  Number((await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM requests`)).rows[0]!.n);

/** One redraw of the state badge: its text and the page's clock when it was drawn. */
export interface BadgeDraw {
  text: string;
  at: number;
}

/**
 * From now on, records every redraw of the state badge in the page (it is redrawn once a second
 * with a countdown in wrap-up), so a test can compare what was shown with the time it was shown.
 */
export async function recordBadge(page: Page): Promise<void> {
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid=state-badge]')!;
    const draws: Array<{ text: string; at: number }> = [];
    (window as unknown as { badgeDraws: typeof draws }).badgeDraws = draws;
    new MutationObserver(() => draws.push({ text: el.textContent ?? '', at: Date.now() })).observe(el, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
}

/** The badge's redraws recorded since `recordBadge`, oldest first. */
export const badgeDraws = (page: Page) =>
  page.evaluate(() => (window as unknown as { badgeDraws: Array<{ text: string; at: number }> }).badgeDraws);

/**
 * Presses a state key (F2 ready, F3 pause, F4 leave the queue) and waits until the desk has had
 * its server's answer. The badge follows the server's push, which may arrive before that answer,
 * and the desk ignores a state key while its previous state request is still open.
 */
export async function pressStateKey(page: Page, key: 'F2' | 'F3' | 'F4'): Promise<void> {
  const answered = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/operators/me/state') && r.request().method() === 'POST',
    { timeout: 10_000 },
  );
  await page.keyboard.press(key);
  await (await answered).finished();
  // A task queued on the page after the answer came in: the desk's own handling of it has run.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
}
