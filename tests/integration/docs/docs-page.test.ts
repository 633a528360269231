import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { HAVE_CHROMIUM, launchBrowser, saveScreenshot, type LaunchedBrowser } from '../../helpers/browser.ts';
import { login } from '../../helpers/http.ts';

/** Swagger UI in Chromium under the app's own CSP: it renders the document, nothing is blocked. */
describe.skipIf(!HAVE_CHROMIUM)('/docs in a browser', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser({ locale: 'en-US' });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the operations of each domain to a signed-in supervisor, with no CSP violation', async () => {
    const [name, value] = (await login(app.url, 'supervisor1')).split('=') as [string, string];
    await browser.context.addCookies([{ name, value, url: app.url }]);
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
    });
    page.on('pageerror', (e) => blocked.push(e.message));
    await page.goto(`${app.url}/docs`);
    await page.locator('.opblock-tag[data-tag="cti"]').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.opblock-summary-path[data-path="/api/v1/calls/{id}"]').count()).toBe(1);
    expect(await page.locator('.opblock-tag[data-tag="wallboard"]').count()).toBe(1);
    await saveScreenshot(page, 'docs-swagger-ui');
    expect(blocked).toEqual([]);
  });
});
