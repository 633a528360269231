// Shared set-up of the desk tests against the REAL server (desk-live, desk-live-map-point): the
// whole cti137 on a fresh database, one Chromium page for the file (an operator's shift at one
// desk), and the two places the calls report from.
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { ensureWebBuilt, launchBrowser, type LaunchedBrowser } from '../helpers/browser.ts';
import { place, type Place } from '../helpers/desk-page.ts';

export interface LiveDesk {
  app: TestApp;
  browser: LaunchedBrowser;
  page: Page;
  pothole: Place;
  garbage: Place;
}

/** For beforeAll: the app and the browser start side by side (each takes seconds). */
export async function openLiveDesk(): Promise<LiveDesk> {
  ensureWebBuilt();
  const [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  const page = await browser.newPage();
  const [pothole, garbage] = await Promise.all([
    place(app, 'pothole', 'Sajjad'),
    place(app, 'garbage-collection', 'Sajjad'),
  ]);
  return { app, browser, page, pothole, garbage };
}

/** For afterAll: whatever beforeAll got as far as starting. */
export async function closeLiveDesk(desk: Partial<LiveDesk>): Promise<void> {
  await desk.browser?.close();
  await desk.app?.close();
}
