// The back office's bell by role, in Chromium against the real server: a council member has no
// bell, so the keys legend offers no B, the B key opens nothing and the bell's list is never asked
// for; the city's manager has the bell, its B in the legend, and a link to the wallboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { ensureWebBuilt, HAVE_CHROMIUM, launchBrowser, signInPage, type LaunchedBrowser } from '../helpers/browser.ts';

/** The keys the legend lists (its <kbd> texts), once it lists any. */
async function legendKeys(page: Page): Promise<string[]> {
  await page.getByTestId('legend').waitFor();
  return page.locator('[data-testid=legend] kbd').allInnerTexts();
}

describe.skipIf(!HAVE_CHROMIUM)('back office: the bell and its key by role', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp({ EMULATOR_TRAFFIC: 'off' }), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows a council member no bell, no B in the keys legend, and never asks for notifications', async () => {
    const page = await browser.newPage();
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/notifications')) asked.push(r.url());
    });
    await signInPage(page, `${app.url}/office.html`, 'council1');
    await page.getByTestId('of-units').filter({ hasText: 'جلالیه' }).waitFor();
    expect(await page.getByTestId('bell').count()).toBe(0);
    expect(await legendKeys(page)).not.toContain('B');
    // B with nothing focused opens no panel of a bell that is not there.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('b');
    expect(await page.getByTestId('bell-panel').count()).toBe(0);
    // A council member has no wallboard either.
    expect(await page.getByTestId('of-wallboard-link').count()).toBe(0);
    expect(asked).toEqual([]);
    await page.getByTestId('btn-signout').click();
    await page.getByTestId('login-username').waitFor();
    await page.close();
  });

  it("keeps the manager's bell and its B, and links the manager to the wallboard", async () => {
    const page = await browser.newPage();
    await signInPage(page, `${app.url}/office.html`, 'manager1');
    await page.getByTestId('bell').waitFor();
    expect(await legendKeys(page)).toContain('B');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('b');
    await expect.poll(() => page.getByTestId('bell-panel').isVisible()).toBe(true);
    expect(await page.getByTestId('of-wallboard-link').getAttribute('href')).toBe('/wallboard.html');
    expect(await page.getByTestId('of-desk-link').count()).toBe(0);
    await page.close();
  });
});
