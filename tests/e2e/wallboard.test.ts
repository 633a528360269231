// The supervisor's wallboard in Chromium against the REAL server (PostgreSQL, CTI, IVR, the
// Asterisk emulator), beside an operator's desk in another browser: what the supervisor sees as a
// call waits, is answered and ends; a pause from the wallboard reaching the desk; a listen
// reaching the PBX; TV mode; the city's manager watching read only. Screenshots go to
// test-results/screenshots/ (the manager's to var/screenshots/).
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';
import { answerPhone, hangUpBoth, placeCall } from '../helpers/calls.ts';
import { amiActions } from '../helpers/emulator-control.ts';
import {
  ensureWebBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  saveScreenshot,
  signInPage,
  type LaunchedBrowser,
} from '../helpers/browser.ts';
import { seedCallHistory } from './wallboard-fixtures.ts';

describe.skipIf(!HAVE_CHROMIUM)('supervisor wallboard against the live server', () => {
  let app: TestApp;
  let supBrowser: LaunchedBrowser;
  let opBrowser: LaunchedBrowser;
  let wall: Page;
  let desk: Page;
  let opId: string;
  let channelId = '';

  let answeredBefore = 0;
  const row = () => wall.locator(`[data-testid=wb-op-row][data-operator="${opId}"]`);
  /** The shift's answered calls, as the big tile shows them (Persian digits read back). */
  const answeredTile = async () =>
    Number(
      (await wall.getByTestId('kpi-answered-value').innerText()).replace(/[۰-۹]/g, (c) =>
        String('۰۱۲۳۴۵۶۷۸۹'.indexOf(c)),
      ),
    );
  const generalQueue = () => wall.locator('[data-testid=wb-queue][data-queue=q137]');

  beforeAll(async () => {
    ensureWebBuilt();
    [app, supBrowser, opBrowser] = await Promise.all([startTestApp(), launchBrowser(), launchBrowser()]);
    // A morning's worth of calls, and last week's, so the figures and the chart are not empty.
    await seedCallHistory(app);
    opId = app.directory.byInterface('PJSIP/1001')!.id;
    [wall, desk] = await Promise.all([supBrowser.newPage(), opBrowser.newPage()]);
    await Promise.all([signInPage(wall, app.url, 'supervisor1'), signInPage(desk, app.url, 'operator1')]);
  });

  afterAll(async () => {
    await Promise.all([supBrowser?.close(), opBrowser?.close()]);
    await app?.close();
  });

  it('sends a supervisor who signs in on / to the wallboard, in Persian, right to left', async () => {
    await wall.waitForURL(/\/wallboard\.html/);
    await wall.getByTestId('wb-tiles').waitFor();
    expect(
      await wall.evaluate(() => [document.documentElement.lang, document.documentElement.dir, document.title]),
    ).toEqual(['fa', 'rtl', 'داشبورد سرپرست ۱۳۷']);
    await expect.poll(() => row().count()).toBe(1);
    expect(await row().getByTestId('wb-op-state').innerText()).toBe('خارج از صف');
    // The operator's desk stays a desk.
    expect(desk.url()).not.toContain('wallboard');
  });

  it('shows a call wait (masked, Persian digits, live clock), be answered, and end', async () => {
    answeredBefore = await answeredTile();
    ({ channelId } = await placeCall(app, '09121234567'));
    const waiting = generalQueue().getByTestId('wb-waiting');
    await waiting.waitFor();
    expect(await waiting.getByTestId('wb-wait-caller').innerText()).toBe('۰۹۱۲ *** ۴۵۶۷');
    expect(await generalQueue().getByTestId('wb-queue-count').innerText()).toBe('۱');
    expect(await wall.getByTestId('kpi-waiting-value').innerText()).toBe('۱');
    const t0 = await waiting.getByTestId('wb-wait-time').innerText();
    await expect.poll(() => waiting.getByTestId('wb-wait-time').innerText(), { timeout: 3000 }).not.toBe(t0);
    await saveScreenshot(wall, 'wallboard-call-waiting-fa');

    await desk.getByTestId('btn-ready').click();
    await expect.poll(() => row().getByTestId('wb-op-state').innerText()).toMatch(/آماده|در حال زنگ/);
    await answerPhone(app, '1001');
    await expect.poll(() => row().getByTestId('wb-op-state').innerText()).toBe('در حال مکالمه');
    expect(await row().getByTestId('wb-op-call').innerText()).toContain('۰۹۱۲ *** ۴۵۶۷');
    await expect.poll(() => generalQueue().getByTestId('wb-waiting').count()).toBe(0);
    await saveScreenshot(wall, 'wallboard-call-talking-fa');
  });

  it('starts a listen on the talking operator: the PBX is asked to ring the supervisor into ChanSpy', async () => {
    await row().getByTestId('wb-listen').click();
    await expect.poll(() => wall.getByTestId('notices').innerText()).toContain('PJSIP/2001');
    await waitFor(async () => (await amiActions(app, 'Originate')).length > 0, 5000, 'Originate');
    const originate = await amiActions(app, 'Originate');
    expect(originate).toHaveLength(1);
    expect(originate[0]!.fields).toMatchObject({
      Channel: 'PJSIP/2001',
      Application: 'ChanSpy',
      Data: 'PJSIP/1001-,qE',
      Async: 'true',
    });
    const audited = await app.db.query(`SELECT 1 FROM audit_log WHERE action = 'supervision-listen' AND target = $1`, [
      `operator:${opId}`,
    ]);
    expect(audited.rowCount).toBe(1);
  });

  it('shows the call end: the operator leaves the call, and the shift counts one more answered call', async () => {
    await hangUpBoth(app, '1001', channelId);
    await fetch(`${app.emulatorUrl}/_emulator/endpoints/2001/hangup`, { method: 'POST' }).catch(() => undefined);
    await expect.poll(() => row().getByTestId('wb-op-state').innerText()).toMatch(/جمع‌بندی تماس|آماده/);
    expect(await row().getByTestId('wb-op-call').count()).toBe(0);
    await expect.poll(answeredTile, { timeout: 8000 }).toBe(answeredBefore + 1);
  });

  it('pauses the operator from the wallboard and the desk in the other browser shows it', async () => {
    await expect.poll(() => row().getByTestId('wb-op-state').innerText()).toBe('آماده');
    await row().getByTestId('wb-state-menu').selectOption('pause:break');
    await expect.poll(() => desk.getByTestId('state-badge').innerText()).toBe('مکث: استراحت');
    await expect.poll(() => row().getByTestId('wb-op-state').innerText()).toBe('مکث: استراحت');
    const audited = await app.db.query(
      `SELECT details FROM audit_log WHERE action = 'operator-pause' AND target = $1`,
      [`operator:${opId}`],
    );
    expect(audited.rows[0]?.details).toEqual({ reason: 'break' });
    await saveScreenshot(desk, 'wallboard-paused-on-desk-fa');
    await saveScreenshot(wall, 'wallboard-paused-fa');
    // Sorting and filtering: only the paused operator is left under "paused".
    await wall.getByTestId('wb-op-filter').selectOption('paused');
    await expect.poll(() => wall.getByTestId('wb-op-row').count()).toBe(1);
    await wall.getByTestId('wb-op-filter').selectOption('all');
    await wall.getByTestId('wb-sort-name').click();
    const names = await wall.locator('[data-testid=wb-op-row] .wb-op-name').allInnerTexts();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fa')));
  });

  it('switches to English and back', async () => {
    await wall.getByTestId('lang-switch').click();
    await expect.poll(() => row().getByTestId('wb-op-state').innerText()).toBe('Paused: Break');
    expect(await wall.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await saveScreenshot(wall, 'wallboard-en');
    await wall.getByTestId('lang-switch').click();
    await expect.poll(() => wall.evaluate(() => document.documentElement.dir)).toBe('rtl');
  });

  it('renders TV mode at 1920×1080: big numbers, operator cards, no buttons, nothing cut off', async () => {
    await wall.setViewportSize({ width: 1920, height: 1080 });
    await wall.getByTestId('wb-tv-toggle').click();
    await wall.getByTestId('wb-op-tile').first().waitFor();
    expect(new URL(wall.url()).searchParams.get('tv')).toBe('1');
    expect(await wall.getByTestId('wb-op-tile').count()).toBe(4);
    expect(await wall.getByTestId('wb-operators').isVisible()).toBe(false);
    const size = await wall.evaluate(() => ({
      value: parseFloat(getComputedStyle(document.querySelector('[data-testid=kpi-sl-value]')!).fontSize),
      overflowX: document.documentElement.scrollWidth - innerWidth,
    }));
    expect(size.value).toBeGreaterThanOrEqual(48);
    expect(size.overflowX).toBeLessThanOrEqual(0);
    await saveScreenshot(wall, 'wallboard-tv-1920');
    // A TV opened straight from its bookmark lands in TV mode.
    await wall.goto(`${app.url}/wallboard.html?tv=1`);
    await wall.getByTestId('wb-op-tile').first().waitFor();
    await wall.setViewportSize({ width: 1366, height: 768 });
    await wall.getByTestId('wb-tv-toggle').click();
    await wall.getByTestId('wb-operators').waitFor();
    expect(await wall.evaluate(() => document.documentElement.scrollHeight - innerHeight)).toBeLessThanOrEqual(0);
    await saveScreenshot(wall, 'wallboard-1366');
  });

  it("lets the city's manager open it from the office header and watch read only: tiles, operators, no action", async () => {
    const mgrBrowser = await launchBrowser();
    try {
      const mgr = await mgrBrowser.newPage();
      const errors: string[] = [];
      mgr.on('pageerror', (e) => errors.push(e.message));
      // The manager's home is the back office; the wallboard is a link in its header.
      await signInPage(mgr, `${app.url}/office.html`, 'manager1');
      await mgr.getByTestId('of-wallboard-link').click();
      await mgr.waitForURL(/\/wallboard\.html/);
      await mgr.getByTestId('wb-tiles').waitFor();
      const mgrRow = mgr.locator(`[data-testid=wb-op-row][data-operator="${opId}"]`);
      await expect.poll(() => mgrRow.getByTestId('wb-op-state').innerText()).toBe('مکث: استراحت');
      expect(await mgr.getByTestId('kpi-answered-value').innerText()).toMatch(/^[۰-۹]+$/);
      expect(await mgr.getByTestId('wb-op-row').count()).toBe(4);
      // Not one action: no listen, whisper or barge, no pause/ready/log-out menu, no actions column, no desk.
      for (const id of ['wb-listen', 'wb-whisper', 'wb-barge', 'wb-state-menu', 'wb-desk-link', 'wb-places-switch'])
        expect(await mgr.getByTestId(id).count(), id).toBe(0);
      expect(await mgr.locator('.wb-table th.c-actions, .wb-table td.c-actions').count()).toBe(0);
      // The scores page reads too.
      await mgr.getByTestId('wb-page-switch').click();
      await expect.poll(() => new URL(mgr.url()).searchParams.get('view')).toBe('scores');
      await mgr.getByTestId('wb-page-switch').click();
      await mgrRow.waitFor();
      await mkdir('var/screenshots', { recursive: true });
      await mgr.screenshot({ path: 'var/screenshots/wallboard-manager-fa.png' });
      // And the server would refuse an action sent by hand from the same page: the operator stays paused.
      const status = await mgr.evaluate(
        (id) => fetch(`/api/v1/operators/${id}/unpause`, { method: 'POST' }).then((r) => r.status),
        opId,
      );
      expect(status).toBe(403);
      expect(await row().getByTestId('wb-op-state').innerText()).toBe('مکث: استراحت');
      expect(errors).toEqual([]);
    } finally {
      await mgrBrowser.close();
    }
  });
});
