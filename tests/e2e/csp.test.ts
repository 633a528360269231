// The Content-Security-Policy sent with every response (src/http/web-security.ts) against the
// built web app in Chromium: the login page, the desk, and the wallboard's pages load and work
// with no CSP violation (console or securitypolicyviolation event) and no page error.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { ensureWebBuilt, HAVE_CHROMIUM, launchBrowser, signInPage, type LaunchedBrowser } from '../helpers/browser.ts';
import { waitConnection } from '../helpers/desk-page.ts';

describe.skipIf(!HAVE_CHROMIUM)('CSP with the built web app', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A page that records every CSP complaint: console lines, violation events, uncaught errors. */
  async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
    await browser.context.clearCookies(); // each test signs in as its own user
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.exposeFunction('__cspViolation', (v: string) => problems.push(`violation: ${v}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(
          `${e.violatedDirective} ${e.blockedURI}`,
        );
      });
    });
    return { page, problems };
  }

  it('the desk signs in and goes online with no violation', async () => {
    const { page, problems } = await watchedPage();
    const res = await page.goto(app.url);
    expect(res!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await signInPage(page, app.url, 'operator1');
    await waitConnection(page, 'online');
    await page.getByTestId('btn-signout').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the wallboard, its scores and places views draw with no violation', async () => {
    const { page, problems } = await watchedPage();
    await signInPage(page, app.url, 'admin');
    await page.getByTestId('wb-tiles').waitFor();
    const step = async (view: string, testId: string) => {
      await page.goto(`${app.url}/wallboard.html?${view}`);
      await page.getByTestId(testId).first().waitFor({ timeout: 8000 });
    };
    await step('view=scores', 'scores');
    await step('view=places', 'pl-district');
    await step('tv=1', 'wb-tiles');
    expect(problems).toEqual([]);
    await page.close();
  });
});
