// The supervisors' scores page in Chromium against the real server: everyone's survey figures
// (responses, response rate, mean per question, Bayesian score, rank or "unranked") checked as
// numbers against responses seeded into the database and worked out here, the shift and period
// filters, the weekly trend, Jalali dates and Persian digits, the English switch; and the live
// grid's score column marking the unranked and counting the same responses as the ranking.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { seedDemoUsers } from '../../src/auth/demo-users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDb } from '../helpers/db.ts';
import {
  ensureWebBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  saveScreenshot,
  type LaunchedBrowser,
  openWallboardPage,
} from '../helpers/browser.ts';

const FA = '۰۱۲۳۴۵۶۷۸۹';
/** A figure as shown (Persian or Latin digits, Persian decimal and group separators, %) → number. */
const numberOf = (text: string) =>
  Number(
    text
      .replace(/[۰-۹]/g, (c) => String(FA.indexOf(c)))
      .replace(/٫/g, '.')
      .replace(/[٬,%٪\s]/g, ''),
  );

/** The centre's date n days ago (Tehran), YYYY-MM-DD. */
function centreDay(daysAgo: number): string {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tehran',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - daysAgo);
  return d.toISOString().slice(0, 10);
}

interface Seed {
  op: string;
  courtesy?: number;
  registered?: number;
  daysAgo: number;
  shift?: string;
  flags?: string[];
}

describe.skipIf(!HAVE_CHROMIUM)("supervisors' scores page", () => {
  let db: TestDb;
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  const ids: Record<string, string> = {};
  const seeds: Seed[] = [];

  // operator1: 24 fair responses (16 × 5, 8 × 4) over 24 days, 4 of them in the evening, and 2
  // flagged short calls rated 1 (kept out of the ranking). operator2: 22 (12 × 4, 10 × 3).
  // operator3: 6 × 5 and 4 callers who did not answer (response rate 60 %): unranked. operator4: none.
  for (let i = 0; i < 24; i++)
    seeds.push({
      op: 'operator1',
      courtesy: i < 16 ? 5 : 4,
      registered: 1,
      daysAgo: i + 1,
      shift: i % 6 === 0 ? 'evening' : 'morning',
    });
  seeds.push(
    { op: 'operator1', courtesy: 1, registered: 2, daysAgo: 2, flags: ['short-call'] },
    { op: 'operator1', courtesy: 1, registered: 2, daysAgo: 3, flags: ['short-call'] },
  );
  for (let i = 0; i < 22; i++)
    seeds.push({ op: 'operator2', courtesy: i < 12 ? 4 : 3, registered: i < 20 ? 1 : 2, daysAgo: i + 1 });
  for (let i = 0; i < 6; i++) seeds.push({ op: 'operator3', courtesy: 5, registered: 1, daysAgo: 2 * i + 1 });
  for (let i = 0; i < 4; i++) seeds.push({ op: 'operator3', daysAgo: i + 1 });

  /** The expected board for a filter, worked out by hand from the seeds (prior weight 20, minimum 20). */
  function expected(filter: (s: Seed) => boolean) {
    const fair = seeds.filter((s) => filter(s) && s.courtesy !== undefined && !s.flags?.length);
    const m = fair.reduce((a, s) => a + s.courtesy!, 0) / fair.length;
    const per = (op: string) => {
      const mine = fair.filter((s) => s.op === op);
      const sum = mine.reduce((a, s) => a + s.courtesy!, 0);
      const all = seeds.filter((s) => filter(s) && s.op === op);
      return {
        n: mine.length,
        bayes: mine.length ? (20 * m + sum) / (20 + mine.length) : null,
        rate: all.length ? all.filter((s) => s.registered !== undefined).length / all.length : null,
      };
    };
    return { m, per };
  }

  beforeAll(async () => {
    ensureWebBuilt();
    // Seeded before the server starts, so the wallboard's first score refresh already sees them.
    db = await createTestDatabase();
    await seedDemoUsers(db.pool, 'demo137');
    for (const r of (
      await db.pool.query<{ id: string; username: string }>(
        `SELECT o.id::text, u.username FROM operators o JOIN users u ON u.id = o.user_id`,
      )
    ).rows)
      ids[r.username] = r.id;
    let n = 0;
    for (const s of seeds) {
      const day = centreDay(s.daysAgo);
      const shift = s.shift ?? 'morning';
      const call = await db.pool.query<{ id: string }>(
        `INSERT INTO calls (server_id, linkedid, entered_at, shift_name, shift_date, caller_phone) VALUES ('pbx1', $1, $2::date + time '09:00', $3, $2, '+989120000000') RETURNING id::text`,
        [`score.${++n}`, day, shift],
      );
      const status = s.registered !== undefined ? 'complete' : 'no-answer';
      const resp = await db.pool.query<{ id: string }>(
        `INSERT INTO survey_responses (call_id, operator_id, status, flags, shift_name, shift_date) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
        [call.rows[0]!.id, ids[s.op], status, s.flags ?? [], shift, day],
      );
      for (const [code, value] of [
        ['courtesy', s.courtesy],
        ['registered', s.registered],
      ] as const) {
        if (value === undefined) continue;
        await db.pool.query(
          `INSERT INTO survey_answers (response_id, question_id, digit, value) SELECT $1, id, $3::text, $3::int FROM survey_questions WHERE code = $2 AND version = 1`,
          [resp.rows[0]!.id, code, value],
        );
      }
    }
    [app, browser] = await Promise.all([startTestApp({}, { db }), launchBrowser()]);
    page = await openWallboardPage(browser, app.url, 'supervisor1');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const gridRow = (op: string) => page.locator(`[data-testid=wb-op-row][data-operator="${ids[op]}"]`);
  const scoreRow = (op: string) => page.locator(`[data-testid=sc-row][data-operator="${ids[op]}"]`);
  const cell = async (row: Locator, testid: string) => (await row.getByTestId(testid).innerText()).trim();

  it('the live grid marks the unranked and counts the responses the ranking counts', async () => {
    const { per } = expected((s) => s.daysAgo < 30);
    await expect.poll(() => gridRow('operator1').getByTestId('wb-op-rank').count()).toBe(1);
    expect(await cell(gridRow('operator1'), 'wb-op-rank')).toBe('رتبهٔ ۱');
    // 24 fair responses, not 26: the two flagged short calls are not in the score.
    expect(await gridRow('operator1').locator('td').nth(5).innerText()).toContain('(۲۴)');
    expect(numberOf(await cell(gridRow('operator1'), 'wb-op-score'))).toBeCloseTo(per('operator1').bayes!, 1);
    expect(await cell(gridRow('operator2'), 'wb-op-rank')).toBe('رتبهٔ ۲');
    expect(await cell(gridRow('operator3'), 'wb-op-unranked')).toBe('بدون رتبه');
    expect(await gridRow('operator3').getByTestId('wb-op-unranked').getAttribute('title')).toContain('۲۰');
    expect(await gridRow('operator4').locator('td').nth(5).innerText()).toBe('—');
    // The page tabs fit in the header's one row at 1366 × 768: the live picture keeps its height.
    const header = await page.locator('.wb-header').boundingBox();
    expect(header!.height).toBeLessThan(60);
    await saveScreenshot(page, 'wallboard-scores-grid-fa');
  });

  it("shows everyone's scores from the header: rank, responses, rate, per question, Bayesian score, weekly trend", async () => {
    expect(await page.getByTestId('wb-page-switch').innerText()).toBe('امتیازها');
    await page.getByTestId('wb-page-switch').click();
    await expect.poll(() => page.url()).toContain('view=scores');
    await expect.poll(() => page.getByTestId('sc-row').count()).toBe(4);
    const { m, per } = expected((s) => s.daysAgo < 30);
    // Ranked first in rank order, then the unranked, then nobody.
    const order = await page
      .getByTestId('sc-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-operator')));
    expect(order).toEqual([ids['operator1'], ids['operator2'], ids['operator3'], ids['operator4']]);
    for (const op of ['operator1', 'operator2', 'operator3']) {
      const e = per(op);
      expect(numberOf(await cell(scoreRow(op), 'sc-bayes'))).toBeCloseTo(e.bayes!, 2);
      expect(numberOf((await cell(scoreRow(op), 'sc-responses')).split(' ')[0]!)).toBe(e.n);
      expect(numberOf(await cell(scoreRow(op), 'sc-rate')) / 100).toBeCloseTo(e.rate!, 2);
    }
    expect(await cell(scoreRow('operator1'), 'sc-rank')).toBe('۱');
    expect(await cell(scoreRow('operator2'), 'sc-rank')).toBe('۲');
    expect(await cell(scoreRow('operator3'), 'sc-rank')).toBe('بدون رتبه');
    expect(await cell(scoreRow('operator1'), 'sc-responses')).toContain('(۲ مشکوک)');
    expect(await cell(scoreRow('operator3'), 'sc-rate')).toBe('۶۰٪');
    // Offered and completed as the API counts them, beside their ratio: operator3 was offered 10, completed 6.
    expect(await cell(scoreRow('operator3'), 'sc-offered')).toBe('۱۰');
    expect(await cell(scoreRow('operator3'), 'sc-completed')).toBe('۶');
    expect(await cell(scoreRow('operator1'), 'sc-offered')).toBe('۲۶');
    const board = await page.evaluate(async () => (await fetch('/api/v1/scores')).json());
    const api3 = (
      board as { operators: Array<{ operatorId: string; offered: number; completed: number }> }
    ).operators.find((o) => o.operatorId === ids['operator3']);
    expect(api3 && [api3.offered, api3.completed]).toEqual([10, 6]);
    // Mean per question: operator2's courtesy (12 × 4 + 10 × 3) / 22; the yes/no question as the
    // share of "yes" (20 of 22 = 91%), not as a mean between 1 and 2.
    expect(numberOf(await cell(scoreRow('operator2'), 'sc-q-courtesy'))).toBeCloseTo(78 / 22, 2);
    expect(await cell(scoreRow('operator2'), 'sc-q-registered')).toBe('۹۱٪');
    expect(await page.locator('.sc-table thead').innerText()).toContain('درصد «بله»');
    expect(await cell(scoreRow('operator4'), 'sc-bayes')).toBe('—');
    expect(numberOf((await page.getByTestId('sc-note').innerText()).match(/مرکز \(([^)]+)\)/)![1]!)).toBeCloseTo(m, 2);
    // The period in Jalali dates, Persian digits.
    expect(await page.getByTestId('sc-range').innerText()).toMatch(
      /^از ۱۴۰[۰-۹]\/[۰-۹]{2}\/[۰-۹]{2} تا ۱۴۰[۰-۹]\/[۰-۹]{2}\/[۰-۹]{2}$/,
    );
    // A trend per operator: operator1 answered on 24 days, over 4 or 5 of the 12 weeks shown.
    const dots = await scoreRow('operator1').locator('[data-testid=sc-trend] circle').count();
    expect(dots).toBeGreaterThanOrEqual(4);
    expect(dots).toBeLessThanOrEqual(5);
    expect(await scoreRow('operator4').locator('[data-testid=sc-trend] circle').count()).toBe(0);
    expect(await scoreRow('operator1').getByTestId('sc-trend').getAttribute('aria-label')).toMatch(
      /هفتهٔ ۱۴۰[۰-۹]\/[۰-۹]{2}\/[۰-۹]{2}: [۰-۹]٫[۰-۹]{2} \([۰-۹]+ پاسخ\)/,
    );
    await saveScreenshot(page, 'wallboard-scores-fa');
  });

  it('filters by shift and period', async () => {
    await page.getByTestId('sc-shift').selectOption('evening');
    // operator1's 4 evening responses: shown, unranked; the others had none in the evening.
    await expect.poll(() => cell(scoreRow('operator1'), 'sc-responses')).toBe('۴');
    expect(await cell(scoreRow('operator1'), 'sc-rank')).toBe('بدون رتبه');
    const { per } = expected((s) => s.daysAgo < 30 && s.shift === 'evening');
    expect(numberOf(await cell(scoreRow('operator1'), 'sc-bayes'))).toBeCloseTo(per('operator1').bayes!, 2);
    expect(await cell(scoreRow('operator2'), 'sc-bayes')).toBe('—');

    await page.getByTestId('sc-shift').selectOption('');
    await page.getByTestId('sc-period').selectOption('7');
    const week = expected((s) => s.daysAgo <= 6);
    await expect
      .poll(async () => numberOf(await cell(scoreRow('operator2'), 'sc-responses')))
      .toBe(week.per('operator2').n);
    expect(numberOf(await cell(scoreRow('operator2'), 'sc-bayes'))).toBeCloseTo(week.per('operator2').bayes!, 2);
    await page.getByTestId('sc-period').selectOption('30');
    await expect.poll(async () => numberOf(await cell(scoreRow('operator2'), 'sc-responses'))).toBe(22);
  });

  it('switches to English with Latin digits, and back to the live picture', async () => {
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('wb-page-switch').innerText()).toBe('Live');
    expect(await cell(scoreRow('operator1'), 'sc-rank')).toBe('1');
    expect(await cell(scoreRow('operator3'), 'sc-rank')).toBe('unranked');
    expect(await cell(scoreRow('operator3'), 'sc-rate')).toBe('60%');
    expect(await page.getByTestId('sc-range').innerText()).toMatch(/^140\d\/\d{2}\/\d{2} to 140\d\/\d{2}\/\d{2}$/);
    expect(await page.locator('.sc-table thead').innerText()).toContain('Bayesian score');
    await saveScreenshot(page, 'wallboard-scores-en');
    await page.getByTestId('wb-page-switch').click();
    await page.getByTestId('wb-operators').waitFor();
    expect(await page.getByTestId('scores').isHidden()).toBe(true);
    expect(await cell(gridRow('operator1'), 'wb-op-rank')).toBe('#1');
    expect((await page.locator('.wb-header').boundingBox())!.height).toBeLessThan(60);
    await saveScreenshot(page, 'wallboard-scores-grid-en');
    await page.getByTestId('lang-switch').click();
  });
});
