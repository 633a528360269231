// The analytics map against the REAL server with MAP_TILE_URL set to a tile server of the test's
// own (plain HTTP on loopback): GET /analytics/map names it, the page draws the places that keep
// coming back on a Leaflet map, the tiles come from that server (the CSP lets them in), and
// the attribution is shown. Without MAP_TILE_URL there is no map at all (analytics.test.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { HAVE_CHROMIUM, ensureWebBuilt, launchBrowser, signInPage, type LaunchedBrowser } from '../helpers/browser.ts';
import { api, login } from '../helpers/http.ts';
import { seedAnalytics } from './analytics-fixtures.ts';

/** A 1×1 grey PNG: every tile. */
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe.skipIf(!HAVE_CHROMIUM)('back office: the analytics map with a tile server', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let tiles: Server;
  let tileUrl = '';
  const asked: string[] = [];
  const cspErrors: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tiles = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png' }).end(TILE);
    });
    await new Promise<void>((ok) => tiles.listen(0, '127.0.0.1', ok));
    tileUrl = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}/tiles/{z}/{x}/{y}.png`;
    [app, browser] = await Promise.all([
      startTestApp({ EMULATOR_TRAFFIC: 'off', MAP_TILE_URL: tileUrl, MAP_TILE_ATTRIBUTION: '© Test tiles' }),
      launchBrowser(),
    ]);
    await seedAnalytics(app);
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await signInPage(page, `${app.url}/office.html`, 'supervisor1');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((ok) => tiles?.close(ok));
  });

  it('names the tile server to the page and to nobody signed out', async () => {
    const sup = await login(app.url, 'supervisor1');
    const r = await api<{ tileUrl: string; attribution: string }>(app.url, sup, 'GET', '/api/v1/analytics/map');
    expect(r.body).toEqual({ tileUrl, attribution: '© Test tiles' });
    expect((await api(app.url, null, 'GET', '/api/v1/analytics/map')).status).toBe(401);
    const op = await login(app.url, 'operator1');
    expect((await api(app.url, op, 'GET', '/api/v1/analytics/map')).status).toBe(403);
  });

  it('draws the hotspots on a map whose tiles come from that server', async () => {
    await page.getByTestId('tab-analytics').click();
    const map = page.getByTestId('an-map');
    await map.waitFor({ timeout: 15_000 });
    await expect
      .poll(() => asked.filter((u) => /^\/tiles\/\d+\/\d+\/\d+\.png$/.test(u)).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    // One circle per place that keeps coming back (three potholes at one spot).
    await expect.poll(() => map.locator('path.leaflet-interactive').count()).toBe(1);
    expect(await map.innerText()).toContain('© Test tiles');
    expect(cspErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 2200 });
    await page.screenshot({ path: 'var/screenshots/analytics-map-fa.png', fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
  });
});
