// Browser helpers for end-to-end tests: Debian's Chromium (never a downloaded browser) through
// playwright-core, a fresh profile per launch, and screenshots under test-results/screenshots/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

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

/** Signs in through the login page and waits for the desk's header. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('btn-signout').waitFor();
}

/** A new page signed in as a supervisor or admin, on the wallboard they land on, once its tiles are drawn. */
export async function openWallboard(browser: LaunchedBrowser, baseUrl: string, username: string): Promise<Page> {
  const page = await browser.newPage();
  await signIn(page, baseUrl, username, 'demo137');
  await page.getByTestId('wb-tiles').waitFor();
  return page;
}

/** The elements a test finds by `data-testid` (kept in one place so a rename breaks loudly). */
export const TESTIDS = [
  'login-username',
  'login-password',
  'login-submit',
  'login-error',
  'state-badge',
  'btn-ready',
  'btn-pause',
  'pause-reason',
  'btn-queue-logout',
  'btn-signout',
  'call-timer',
  'connection',
  'pop-panel',
  'pop-state',
  'pop-phone',
  'pop-name',
  'pop-caller-kind',
  'pop-hazard',
  'pop-ivr',
  'pop-history-calls',
  'pop-history-requests',
  'req-form',
  'req-category-search',
  'req-category-group',
  'req-category',
  'req-district',
  'req-neighbourhood',
  'req-address',
  'req-description',
  'req-description-counter',
  'req-hazard',
  'req-phone',
  'req-submit',
  'req-clear',
  'req-error',
  'tracking-result',
  'tracking-code',
  'tracking-copy',
  'dup-list',
  'dup-item',
  'dup-link',
  'tpl-list',
  'tpl-item',
  'lang-switch',
  'find-input',
  'find-submit',
  'find-results',
  'find-item',
  'note-text',
  'note-add',
  'shortcut-legend',
  'notices',
  'note-toggle',
  'req-events',
  'req-event',
  'req-point',
  'req-point-error',
] as const;
