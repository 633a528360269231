// Browser tests: Debian's Chromium (never a downloaded browser) through playwright-core, a fresh
// profile per launch, the web bundle built if missing, sign-in through the login page, and
// screenshots under test-results/screenshots/.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Browser tests are skipped where there is no Chromium: `describe.skipIf(!HAVE_CHROMIUM)`. */
export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The desk's reference screen: a common operator monitor. */
export const DESK_VIEWPORT = { width: 1366, height: 768 };

/** Builds web/dist (`npm run build:web`) if a bundle is missing. */
export function ensureWebBuilt(): void {
  if (['desk.js', 'wallboard.js', 'office.js'].some((f) => !existsSync(`web/dist/${f}`)))
    execFileSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
}

export interface LaunchedBrowser {
  /** A persistent context on its own temporary profile directory. */
  context: BrowserContext;
  /** The context's browser (null for persistent contexts in some versions). */
  browser: Browser | null;
  newPage: () => Promise<Page>;
  /** Closes the browser and removes the temporary profile. */
  close: () => Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  viewport?: { width: number; height: number };
  /** Sets the page locale (fa-IR by default, the desk's own). */
  locale?: string;
}

/** Starts Chromium with a new temporary user-data-dir, so tests never share cookies or storage. */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'cti137-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: opts.headless ?? true,
    viewport: opts.viewport ?? DESK_VIEWPORT,
    locale: opts.locale ?? 'fa-IR',
    timezoneId: 'Asia/Tehran',
  });
  return {
    context,
    browser: context.browser(),
    newPage: () => context.newPage(),
    close: async () => {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export const SCREENSHOT_DIR = resolve('test-results', 'screenshots');

/** Saves a full-window screenshot to test-results/screenshots/NAME.png and returns its path. */
export async function saveScreenshot(page: Page, name: string, fullPage = false): Promise<string> {
  const safe = name.replace(/[^\w.-]+/g, '-');
  const path = join(SCREENSHOT_DIR, `${safe}.png`);
  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage });
  return path;
}

/** Signs in through the login page and waits for the signed-in header (desk or wallboard). */
export async function signInPage(page: Page, baseUrl: string, username: string, password = 'demo137'): Promise<void> {
  await page.goto(baseUrl);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('btn-signout').waitFor();
}

/** A new page signed in as a supervisor or admin, on the wallboard they land on, once its tiles are drawn. */
export async function openWallboardPage(browser: LaunchedBrowser, baseUrl: string, username: string): Promise<Page> {
  const page = await browser.newPage();
  await signInPage(page, baseUrl, username);
  await page.getByTestId('wb-tiles').waitFor();
  return page;
}
