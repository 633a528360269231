import { startTestApp, login, api, waitFor } from '/work/main/tests/helpers/app.ts';
import { launchBrowser, saveScreenshot } from '/work/main/tests/e2e/helpers.ts';
import { seedCallHistory } from '/work/main/tests/e2e/wallboard-fixtures.ts';
import { dialAndPress, answer } from '/work/main/tests/integration/wallboard/call-steps.ts';

async function main() {
const app = await startTestApp({ WRAPUP_SECONDS: '30' });
console.log('seeded', await seedCallHistory(app));
const ops = await Promise.all(['operator1', 'operator2', 'operator3'].map((u) => login(app.url, u)));
await api(app.url, ops[0]!, 'POST', '/api/v1/operators/me/state', { state: 'ready' });
await dialAndPress(app, '09121234567');
await answer(app, '1001');
await api(app.url, ops[1]!, 'POST', '/api/v1/operators/me/state', { state: 'ready' });
await api(app.url, ops[1]!, 'POST', '/api/v1/operators/me/state', { state: 'paused', reason: 'prayer' });
await dialAndPress(app, '09351234567');
await dialAndPress(app, '02188776655', '9');

const b = await launchBrowser({ viewport: { width: 1366, height: 768 } });
const page = await b.newPage();
await page.goto(`${app.url}/wallboard.html`);
await page.getByTestId('login-username').fill('supervisor1');
await page.getByTestId('login-password').fill('demo137');
await page.getByTestId('login-submit').click();
await page.getByTestId('wb-tiles').waitFor();
await page.waitForTimeout(2500);
console.log(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]));
console.log(await saveScreenshot(page, 'scratch-wallboard-fa'));
await page.setViewportSize({ width: 1920, height: 1080 });
await page.getByTestId('wb-tv-toggle').click();
await page.waitForTimeout(600);
console.log(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]));
console.log(await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1 || e.getBoundingClientRect().left < -1).slice(0, 8).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().left) + ',' + Math.round(e.getBoundingClientRect().right))));
console.log(await saveScreenshot(page, 'scratch-wallboard-tv'));
await page.getByTestId('wb-tv-toggle').click();
await page.setViewportSize({ width: 1366, height: 768 });
await page.getByTestId('lang-switch').click();
await page.waitForTimeout(600);
console.log(await saveScreenshot(page, 'scratch-wallboard-en'));
await b.close();
await app.close();
process.exit(0);
}
void main();
