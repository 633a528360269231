// Issue 12's browser test, against the REAL server (PostgreSQL, the CTI, the emulator, the jobs):
// an operator registers a pothole in District 5 during a call; the roads unit of District 5 sees it
// in its inbox within a second, accepts it and reports it done with a photo; the supervisor's
// worklist shows it done; a second request left alone passes its (short) deadline and the unit
// manager's bell rings. Four people, each in a browser context of their own, pages kept open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, saveScreenshot } from '../helpers/browser.ts';
import { fa, latin, place, type Place } from '../helpers/desk-page.ts';
import { gregorianToJalaliText } from '../../web/src/office/jalali-input.ts';
import {
  dueSoon,
  inboxSeenAt,
  openOfficeRig,
  personPage,
  photoFile,
  registerInCall,
  UNIT_PASSWORD,
  watchInbox,
  type OfficeRig,
} from './office-fixtures.ts';

const row = (page: Page, code: string) => page.locator(`[data-testid=inbox-item][data-tracking-code="${code}"]`);
const wlRow = (page: Page, code: string) => page.locator(`[data-testid=wl-row][data-tracking-code="${code}"]`);
const requestStatus = (page: Page) => page.getByTestId('request-page').getAttribute('data-status');

/** Both languages of the same screen (`arrange` sets it up again after each switch), then back to Persian. */
async function shootBoth(page: Page, name: string, arrange: () => Promise<void> = async () => {}): Promise<void> {
  // The notices of what just happened would cover the page: they are read, close them.
  await page.evaluate(() => document.querySelectorAll<HTMLElement>('.notice-close').forEach((b) => b.click()));
  await arrange();
  await saveScreenshot(page, `${name}-fa`);
  await page.getByTestId('lang-switch').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
  await arrange();
  await saveScreenshot(page, `${name}-en`);
  await page.getByTestId('lang-switch').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fa');
}

describe.skipIf(!HAVE_CHROMIUM)('back office: referral to the unit, done with a photo, overdue to the manager', () => {
  let rig: OfficeRig;
  let desk: Page;
  let unit: Page;
  let supervisor: Page;
  let manager: Page;
  let jalaliyeh: Place;
  let mehrabad: Place;
  let firstCode = '';

  beforeAll(async () => {
    rig = await openOfficeRig();
    [jalaliyeh, mehrabad] = await Promise.all([
      place(rig.app, 'pothole', 'Jalaliyeh'),
      place(rig.app, 'pothole', 'Mehrabad'),
    ]);
    [desk, unit, supervisor, manager] = await Promise.all([
      personPage(rig, '/', 'operator1'),
      personPage(rig, '/', 'roads5', UNIT_PASSWORD),
      personPage(rig, '/office.html', 'supervisor1'),
      personPage(rig, '/office.html', 'roads5-manager', UNIT_PASSWORD),
    ]);
  }, 90_000);

  afterAll(async () => rig?.close());

  it('signs unit people in to the back office, not the desk; staff get a link to it', async () => {
    // roads5 signed in at "/": the login sends a unit role on to the back office's inbox.
    await unit.waitForURL(/\/office\.html/);
    await unit.getByTestId('inbox').waitFor();
    expect(await unit.getByTestId('of-units').innerText()).toContain('منطقه ۵ — معابر');
    expect(await desk.getByTestId('office-link').getAttribute('href')).toBe('/office.html');
    await supervisor.getByTestId('worklist').waitFor();
    await manager.getByTestId('inbox').waitFor();
    for (const p of [unit, supervisor, manager])
      await expect.poll(() => p.getByTestId('connection').getAttribute('data-conn')).toBe('online');
  });

  it('the pothole registered in-call shows in the District 5 roads inbox within a second', async () => {
    await desk.getByTestId('btn-ready').click();
    await expect.poll(() => desk.getByTestId('state-badge').innerText()).toBe('آماده');
    await watchInbox(unit);
    const { code, registeredAt } = await registerInCall(
      rig.app,
      desk,
      { dial: '09121234567', shown: fa('0912 123 4567') },
      jalaliyeh,
      { address: 'خیابان جلالیه، روبه‌روی مدرسه', description: 'چاله بزرگ وسط خیابان، خودروها آسیب می‌بینند' },
    );
    firstCode = code;
    await row(unit, code).waitFor({ timeout: 5000 });
    const seenAt = await inboxSeenAt(unit, code);
    expect(seenAt).not.toBeNull();
    expect(seenAt! - registeredAt).toBeLessThan(1000);
    // The phone number never reaches the unit: not in the list, nor in the request.
    expect(await unit.getByTestId('inbox').innerText()).not.toMatch(/۰۹۱۲|0912|۱۲۳ ۴۵۶۷/);
    expect(await row(unit, code).getAttribute('data-status')).toBe('referred');
    expect(await unit.getByTestId('counter-new').getAttribute('data-value')).toBe('1');
    await shootBoth(unit, 'office-1-inbox');
  });

  it('the unit opens it from the keyboard, accepts it and reports it done with a photo', async () => {
    await unit.keyboard.press('j');
    await unit.keyboard.press('Enter');
    await unit.getByTestId('request-page').waitFor();
    expect(latin(await unit.getByTestId('request-page').getByTestId('tracking-code').first().innerText())).toBe(
      firstCode,
    );
    expect(await unit.getByTestId('req-description').innerText()).toContain('چاله بزرگ وسط خیابان');
    expect(await unit.getByTestId('request-page').innerText()).not.toMatch(/۰۹۱۲|0912/);
    await unit.getByTestId('act-accept').waitFor();
    await unit.keyboard.press('a');
    await expect.poll(() => requestStatus(unit)).toBe('in-progress');
    await unit.keyboard.press('d');
    const form = unit.getByTestId('form-done');
    await form.getByTestId('done-note').fill('چاله با آسفالت گرم پر شد و محل پاک‌سازی شد.');
    await form.getByTestId('done-photos').setInputFiles(await photoFile());
    await form.locator('.of-thumb img[src^="data:image/png"]').waitFor();
    await form.getByTestId('action-submit').click();
    await expect.poll(() => requestStatus(unit), { timeout: 10_000 }).toBe('done');
    const photo = unit.getByTestId('req-photo').locator('img');
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
    const stored = await rig.app.db.query(
      `SELECT a.mime FROM attachments a JOIN requests r ON r.id = a.request_id WHERE r.tracking_code = $1`,
      [firstCode],
    );
    expect(stored.rows).toEqual([{ mime: 'image/png' }]);
    expect(await unit.getByTestId('req-history').innerText()).toContain('اعلام انجام کار');
    await shootBoth(unit, 'office-2-request-done');
    await shootBoth(unit, 'office-2b-request-photo', () => unit.getByTestId('req-photos').scrollIntoViewIfNeeded());
  });

  it("the supervisor's worklist shows it done, also by a Jalali date range", async () => {
    await expect.poll(() => wlRow(supervisor, firstCode).getAttribute('data-status'), { timeout: 10_000 }).toBe('done');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran' }).format(new Date());
    const jalaliToday = gregorianToJalaliText(today);
    await supervisor.getByTestId('wl-status').selectOption('done');
    await supervisor.getByTestId('wl-from').fill(fa(jalaliToday));
    await supervisor.getByTestId('wl-to').fill(fa(jalaliToday));
    await supervisor.getByTestId('wl-apply').click();
    await expect.poll(() => supervisor.getByTestId('wl-row').count()).toBe(1);
    expect(await wlRow(supervisor, firstCode).count()).toBe(1);
    await shootBoth(supervisor, 'office-3-worklist');
    // The day before today: nothing registered then.
    const [y, m, d] = jalaliToday.split('/').map(Number);
    const yesterday = d! > 1 ? `${y}/${m}/${d! - 1}` : `${y}/${m}/${d}`;
    if (d! > 1) {
      await supervisor.getByTestId('wl-from').fill(yesterday);
      await supervisor.getByTestId('wl-to').fill(yesterday);
      await supervisor.getByTestId('wl-apply').click();
      await expect.poll(() => supervisor.getByTestId('wl-row').count()).toBe(0);
    }
    await supervisor.getByTestId('wl-clear').click();
  });

  it("a second request left alone passes its short deadline and the unit manager's bell rings", async () => {
    const before = Number(await manager.getByTestId('bell').getAttribute('data-unread'));
    const { code } = await registerInCall(
      rig.app,
      desk,
      { dial: '09351112233', shown: fa('0935 111 2233') },
      mehrabad,
      { address: 'بلوار مهرآباد، نبش کوچه ۱۴', description: 'آسفالت جلوی خانه‌ها شکسته و گودال عمیقی درست شده است' },
    );
    await row(manager, code).waitFor({ timeout: 5000 });
    await dueSoon(rig.app, code, 3000);
    const overdue = manager.locator('[data-testid=bell-item][data-kind=overdue]');
    await expect.poll(() => overdue.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(Number(await manager.getByTestId('bell').getAttribute('data-unread'))).toBeGreaterThan(before);
    await expect.poll(() => row(manager, code).getAttribute('data-overdue'), { timeout: 10_000 }).toBe('true');
    expect(await manager.getByTestId('counter-overdue').getAttribute('data-value')).toBe('1');
    const openBell = async () => {
      if (await manager.getByTestId('bell-panel').isHidden()) await manager.getByTestId('bell').click();
      await manager.getByTestId('bell-panel').waitFor();
    };
    await openBell();
    expect(latin(await overdue.first().innerText())).toContain(code);
    await shootBoth(manager, 'office-4-manager-bell', openBell);
    // The notification opens the request.
    await openBell();
    await overdue.first().click();
    await manager.getByTestId('request-page').waitFor();
    await expect.poll(() => manager.getByTestId('request-page').getByTestId('overdue-flag').count()).toBe(1);
  }, 60_000);
});
