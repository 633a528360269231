// The wallboard's queues in Chromium against the real server: several callers waiting are listed
// longest first in each queue, hazard callers marked; and the "same shift last week" figures
// (tiles and queue tables) checked as numbers against call records seeded by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { seedDemoUsers } from '../../src/auth/demo-users.ts';
import { loadConfig } from '../../src/config/config.ts';
import { shiftOf } from '../../src/calendar/index.ts';
import { addDays, shiftWindow } from '../../src/calendar/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDb } from '../helpers/db.ts';
import { live, placeCall } from '../helpers/calls.ts';
import { waitFor } from '../helpers/wait.ts';
import {
  ensureWebBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  saveScreenshot,
  type LaunchedBrowser,
  openWallboardPage,
} from '../helpers/browser.ts';

const FA = '۰۱۲۳۴۵۶۷۸۹';
const latin = (s: string) => s.replace(/[۰-۹]/g, (c) => String(FA.indexOf(c)));
/** "۴۲٪" → 0.42; "۰۲:۰۰" → 120 (seconds). */
const pctOf = (s: string) => Number(latin(s).replace(/[٪%\s]/g, '')) / 100;
const secsOf = (s: string) =>
  latin(s)
    .split(':')
    .reduce((a, x) => a * 60 + Number(x), 0);

/**
 * Last week's same shift, by hand (T = 20 s, abandons under 5 s are short):
 *  q137: answered with waits 5, 10, 15, 20, 30, 40 (talk 60, 120, 180, 60, 120, 180), abandoned
 *        after 2 (short), 30 and 50 s, one Queue() timeout → offered 10, in SL 4, ASA 20 s,
 *        abandonment 2 ÷ (10 − 1), AHT 720 ÷ 6 = 120 s.
 *  q137hazard: answered with waits 3 and 25 (talk 90, 150) → SL 1 ÷ 2, ASA 14 s, AHT 120 s.
 *  all: offered 12, answered 8, SL 5 ÷ 12, ASA 148 ÷ 8 = 18.5 s, abandonment 2 ÷ 11, AHT 120 s.
 */
const LAST_WEEK: Array<{
  queue: string;
  wait: number;
  talk: number | null;
  end: 'completed' | 'abandoned' | 'timeout';
  hazard?: boolean;
}> = [
  ...[
    [5, 60],
    [10, 120],
    [15, 180],
    [20, 60],
    [30, 120],
    [40, 180],
  ].map(([wait, talk]) => ({ queue: 'q137', wait: wait!, talk: talk!, end: 'completed' as const })),
  ...[2, 30, 50].map((wait) => ({ queue: 'q137', wait, talk: null, end: 'abandoned' as const })),
  { queue: 'q137', wait: 60, talk: null, end: 'timeout' },
  { queue: 'q137hazard', wait: 3, talk: 90, end: 'completed', hazard: true },
  { queue: 'q137hazard', wait: 25, talk: 150, end: 'completed', hazard: true },
];

describe.skipIf(!HAVE_CHROMIUM)('wallboard queues: waiting order, hazards, last week', () => {
  let db: TestDb;
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    // Seeded before the server starts: the wallboard computes last week's figures once per shift.
    db = await createTestDatabase();
    await seedDemoUsers(db.pool, 'demo137');
    const cfg = loadConfig({});
    const now = shiftOf(Date.now(), cfg.shifts, cfg.timezone);
    const ref = { name: now.name, date: addDays(now.date, -7) };
    const from = shiftWindow(ref, cfg.shifts, cfg.timezone).from;
    const op = (await db.pool.query<{ id: string }>(`SELECT id::text FROM operators ORDER BY id LIMIT 1`)).rows[0]!.id;
    let i = 0;
    for (const c of LAST_WEEK) {
      const entered = from + ++i * 60_000;
      const answered = c.end === 'completed' ? new Date(entered + c.wait * 1000) : null;
      await db.pool.query(
        `INSERT INTO calls (server_id, linkedid, entered_at, queue, answered_at, ended_at, end_reason, wait_seconds, talk_seconds, shift_name, shift_date, operator_id, hazard, caller_phone)
         VALUES ('seed', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '+989121112233')`,
        [
          `lw-${i}`,
          new Date(entered),
          c.queue,
          answered,
          new Date(entered + (c.wait + (c.talk ?? 0)) * 1000),
          c.end,
          c.wait,
          c.talk,
          ref.name,
          ref.date,
          answered ? op : null,
          c.hazard ?? false,
        ],
      );
    }
    [app, browser] = await Promise.all([startTestApp({}, { db }), launchBrowser()]);
    page = await openWallboardPage(browser, app.url, 'supervisor1');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const queue = (name: string) => page.locator(`[data-testid=wb-queue][data-queue=${name}]`);
  /** The value after "هفته قبل" in a tile's line. */
  const lastWeekOf = async (tile: string) =>
    (await page.getByTestId(`kpi-${tile}-sub`).locator('.wb-vs').innerText())
      .replace('هفته قبل', '')
      .replace(/[▲▼=]/g, '')
      .trim();
  const lastWeekRow = async (q: Locator) =>
    (await q.getByTestId('wb-queue-kpis').locator('tbody tr').nth(2).locator('td').allInnerTexts()).map((s) =>
      s.trim(),
    );

  it('shows the same shift last week as the seeded records give, in the tiles and per queue', async () => {
    await expect.poll(() => lastWeekOf('sl')).not.toBe('—');
    expect(pctOf(await lastWeekOf('sl'))).toBeCloseTo(Math.round((5 / 12) * 100) / 100, 5);
    expect(secsOf(await lastWeekOf('asa'))).toBe(18); // 18.5 s, shown to the second
    expect(pctOf(await lastWeekOf('abandon'))).toBeCloseTo(Math.round((2 / 11) * 100) / 100, 5);
    expect(secsOf(await lastWeekOf('aht'))).toBe(120);
    expect(latin(await page.getByTestId('kpi-answered-sub').innerText())).toContain('هفته قبل 8');

    const [sl, asa, abandon, aht] = await lastWeekRow(queue('q137'));
    expect([pctOf(sl!), secsOf(asa!), pctOf(abandon!), secsOf(aht!)]).toEqual([
      0.4,
      20,
      Math.round((2 / 9) * 100) / 100,
      120,
    ]);
    const [hsl, hasa, habandon, haht] = await lastWeekRow(queue('q137hazard'));
    expect([pctOf(hsl!), secsOf(hasa!), pctOf(habandon!), secsOf(haht!)]).toEqual([0.5, 14, 0, 120]);
  });

  it('lists several waiting callers longest first in each queue, hazard callers marked', async () => {
    // Nobody is in the queue: every caller waits. One second apart, so the waits differ.
    const callers: Array<[string, string]> = [
      ['09121110001', '1'],
      ['09121110002', '9'],
      ['09121110003', '1'],
      ['09121110004', '9'],
      ['09121110005', '1'],
    ];
    for (const [from, key] of callers) {
      const { channelId } = await placeCall(app, from, key);
      // Waits shown in whole seconds differ only if callers join at least a second apart.
      const queuedAt = await waitFor(() => live(app, channelId)?.queuedAt, 10_000, `${from} queued`);
      await waitFor(() => Date.now() - queuedAt >= 1000, 5000, `${from} waiting a second`);
    }
    await expect.poll(() => page.getByTestId('kpi-waiting-value').innerText(), { timeout: 10_000 }).toBe('۵');
    expect(await page.getByTestId('kpi-waiting-sub').innerText()).toBe('خطر: ۲');
    expect(await page.getByTestId('kpi-waiting').getAttribute('data-level')).toBe('hazard');

    const listed = async (q: Locator) => {
      const items = q.getByTestId('wb-waiting');
      const callers = (await items.getByTestId('wb-wait-caller').allInnerTexts()).map(latin);
      const waits = (await items.getByTestId('wb-wait-time').allInnerTexts()).map(secsOf);
      const hazards = await items.evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-hazard'), e.querySelector('.wb-chip-hazard')?.textContent ?? null]),
      );
      return { callers, waits, hazards };
    };
    const general = await listed(queue('q137'));
    expect(general.callers).toEqual(['0912 *** 0001', '0912 *** 0003', '0912 *** 0005']);
    expect(general.waits[0]!).toBeGreaterThan(general.waits[1]!);
    expect(general.waits[1]!).toBeGreaterThan(general.waits[2]!);
    // No data-hazard attribute and no chip on the others.
    expect(general.hazards).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    const hazard = await listed(queue('q137hazard'));
    expect(hazard.callers).toEqual(['0912 *** 0002', '0912 *** 0004']);
    expect(hazard.waits[0]!).toBeGreaterThan(hazard.waits[1]!);
    expect(hazard.hazards).toEqual([
      ['', 'خطر'],
      ['', 'خطر'],
    ]);
    expect(await queue('q137').getByTestId('wb-queue-count').innerText()).toBe('۳');
    expect(await queue('q137hazard').getByTestId('wb-queue-count').innerText()).toBe('۲');
    // The longest wait tile is the first caller's.
    expect(secsOf(await page.getByTestId('kpi-longest-value').innerText())).toBeGreaterThanOrEqual(
      general.waits[0]! - 1,
    );
    await saveScreenshot(page, 'wallboard-queues-waiting-fa');
  });
});
