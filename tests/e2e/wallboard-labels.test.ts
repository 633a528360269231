// The wallboard as a new supervisor meets it, in Chromium against the real server and the
// emulator: the operator filter shows its whole label in both languages, and a pause ordered
// during a call is shown at once as pending (with who ordered it), then as the pause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import {
  ensureWebBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  openWallboardPage,
  type LaunchedBrowser,
} from '../helpers/browser.ts';
import { callReachingOperator, hangUpBoth } from '../helpers/calls.ts';
import { api } from '../helpers/http.ts';
import { readyOperator, untilState, type Operator } from '../helpers/operators.ts';

describe.skipIf(!HAVE_CHROMIUM)('wallboard labels and pending pauses', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let op: Operator;

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    op = await readyOperator(app, 'operator1');
    page = await openWallboardPage(browser, app.url, 'supervisor1');
    await page.getByTestId('wb-op-filter').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /**
   * The filter is as wide as it is on its own (its longest option, the arrow and padding): the row
   * around it did not squeeze it. The row is made tight on purpose (a narrow panel, a TV's big
   * font): the search box must give way, not the filter.
   */
  const filterFits = () =>
    page.getByTestId('wb-op-filter').evaluate((el) => {
      const s = el as HTMLSelectElement;
      const tools = s.parentElement!;
      tools.style.width = '240px';
      const alone = s.cloneNode(true) as HTMLSelectElement;
      alone.style.cssText = 'position: absolute; visibility: hidden';
      tools.append(alone);
      const natural = alone.getBoundingClientRect().width;
      alone.remove();
      const shown = s.getBoundingClientRect().width;
      tools.style.width = '';
      return { text: s.options[s.selectedIndex]!.text, fits: shown >= natural - 0.5 };
    });

  it('shows the whole operator filter label and the queues by name, in Persian and English', async () => {
    expect(await filterFits()).toEqual({ text: 'همه اپراتورها', fits: true });
    expect(await page.getByTestId('wb-queue').first().innerText()).toContain('صف عمومی');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => filterFits()).toEqual({ text: 'All operators', fits: true });
    expect(await page.getByTestId('wb-queues').innerText()).not.toMatch(/q137/);
    await page.getByTestId('lang-switch').click();
    await expect.poll(async () => (await filterFits()).text).toBe('همه اپراتورها');
  });

  it('shows a pause ordered during a call as pending, then as the pause with who ordered it', async () => {
    const row = page.locator(`[data-testid=wb-op-row][data-operator="${op.id}"]`);
    const caller = await callReachingOperator(app, '09121234000', op.endpoint);
    await expect.poll(() => row.getByTestId('wb-op-state').innerText()).toBe('در حال مکالمه');
    const r = await api(app.url, await supervisorCookie(page), 'POST', `/api/v1/operators/${op.id}/pause`, {
      reason: 'training',
    });
    expect(r.status).toBe(200);
    await expect.poll(() => row.getByTestId('wb-op-pending-pause').innerText()).toBe('مکث پس از تماس: آموزش');
    expect(await row.getByTestId('wb-op-state').innerText()).toBe('در حال مکالمه');
    await hangUpBoth(app, op.endpoint, caller);
    await untilState(app, op, 'paused');
    await expect.poll(() => row.getByTestId('wb-op-state').innerText()).toBe('مکث: آموزش');
    expect(await row.getByTestId('wb-op-paused-by').innerText()).toBe('به دستور سرپرست شیفت');
    expect(await row.getByTestId('wb-op-pending-pause').count()).toBe(0);
  });
});

/** The session cookie of the supervisor signed in on the page. */
async function supervisorCookie(page: Page): Promise<string> {
  const c = (await page.context().cookies()).find((x) => x.name.includes('session'));
  return `${c!.name}=${c!.value}`;
}
