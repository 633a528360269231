import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speakJalaliDate } from '../../../src/ivr/persian-speech.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { waitFor } from '../../helpers/wait.ts';
import { dial, hangUpCaller, live, press } from '../../helpers/calls.ts';
import { hungUpByIvr, playsOf, variablesSet, waitForPlay } from '../../helpers/ivr.ts';

interface Category {
  id: string;
  parentId: string | null;
  hazard: boolean;
}

interface Registered {
  trackingCode: string;
  status: string;
  deadlineAt: string | null;
}

/** Stasis(cti137,welcome) against the emulator: the three options, wrong or no keys, status read-back, hazard priority. */
describe('welcome menu', () => {
  let app: TestApp;
  let staff: string;
  let categoryId: string;

  beforeAll(async () => {
    app = await startTestApp();
    staff = await login(app.url, 'operator1');
    const cats = await api<Category[]>(app.url, staff, 'GET', '/api/v1/categories');
    categoryId = cats.body.find((c) => c.parentId !== null && !c.hazard)!.id;
  });

  afterAll(async () => {
    await app?.close();
  });

  async function register(phone: string, hazard: boolean): Promise<Registered> {
    const r = await api<Registered>(app.url, staff, 'POST', '/api/v1/requests', {
      phone,
      categoryId,
      description: hazard ? 'تیر برق افتاده روی پیاده‌رو کنار مدرسه' : 'چاله بزرگ جلوی پلاک ۱۲ خیابان بوعلی',
      hazard,
    });
    expect(r.status).toBe(201);
    return r.body;
  }

  /** The IVR handed the caller back to the dialplan: the queue it chose, and the caller is waiting in it. */
  async function queuedIn(channelId: string, queue: string): Promise<Record<string, string>> {
    await waitFor(() => live(app, channelId)?.queue === queue, 10_000, `caller queued in ${queue}`);
    const vars = await variablesSet(app, channelId);
    await hangUpCaller(app, channelId);
    return vars;
  }

  const media = async (channelId: string) => (await playsOf(app, channelId)).map((p) => p.media.join(','));

  it('1: a new request goes to the normal queue at normal priority', async () => {
    const { channelId: ch } = await dial(app, '09122220001');
    await waitForPlay(app, ch, 'cti137/menu');
    await press(app, ch, '1');
    expect(await queuedIn(ch, 'q137')).toEqual({ CTI_QUEUE: 'q137' });
    expect(await media(ch)).toEqual(['sound:cti137/welcome,sound:cti137/menu']);
  });

  it('9: a hazard goes to the hazard queue with raised priority', async () => {
    const { channelId: ch } = await dial(app, '09122220002');
    await waitForPlay(app, ch, 'cti137/menu');
    await press(app, ch, '9');
    expect(await queuedIn(ch, 'q137hazard')).toEqual({ CTI_QUEUE: 'q137hazard', QUEUE_PRIO: '10' });
  });

  it('no key: the menu once more, then the queue anyway', async () => {
    const { channelId: ch } = await dial(app, '09122220003');
    expect(await queuedIn(ch, 'q137')).toEqual({ CTI_QUEUE: 'q137' });
    expect(await media(ch)).toEqual([
      'sound:cti137/welcome,sound:cti137/menu',
      'sound:cti137/invalid,sound:cti137/menu',
    ]);
  });

  it('a wrong key: the menu once more, and the second answer counts', async () => {
    const { channelId: ch } = await dial(app, '09122220004');
    await waitForPlay(app, ch, 'cti137/menu');
    await press(app, ch, '5');
    await waitForPlay(app, ch, 'cti137/invalid');
    await press(app, ch, '9');
    expect(await queuedIn(ch, 'q137hazard')).toEqual({ CTI_QUEUE: 'q137hazard', QUEUE_PRIO: '10' });
  });

  it('2: the status and deadline of a real request are read back in Persian, then the queue', async () => {
    const req = await register('09122220005', false);
    expect(req.deadlineAt).not.toBeNull();
    const { channelId: ch } = await dial(app, '09122220005');
    await waitForPlay(app, ch, 'cti137/menu');
    await press(app, ch, '2');
    await waitForPlay(app, ch, 'cti137/enter-code');
    await press(app, ch, `${req.trackingCode}#`);
    await waitForPlay(app, ch, 'cti137/status-next');
    const plays = await playsOf(app, ch);
    const readBack = plays.find((p) => p.media[0] === 'sound:cti137/status-is')!;
    // "Your request is <status>; it is due by <day> <month> <year>", the date in the Jalali calendar, all in Persian.
    expect(readBack.media).toEqual([
      'sound:cti137/status-is',
      `sound:cti137/status-${req.status}`,
      'sound:cti137/deadline-is',
      ...speakJalaliDate(new Date(req.deadlineAt!), { timeZone: 'Asia/Tehran' }).map((s) => `sound:${s}`),
    ]);
    expect(readBack.media.some((m) => /^sound:cti137\/month-([1-9]|1[0-2])$/.test(m))).toBe(true);
    expect(readBack.lang).toBe('fa');
    // Silence after the offer: the caller is put through to an operator.
    expect(await queuedIn(ch, 'q137')).toEqual({ CTI_QUEUE: 'q137' });
    expect((await media(ch)).at(-1)).toBe('sound:cti137/transferring');
  });

  it('2 then 0 after the read-back: the caller heard what they wanted and the IVR says goodbye', async () => {
    const req = await register('09122220006', false);
    const { channelId: ch } = await dial(app, '09122220006');
    await waitForPlay(app, ch, 'cti137/menu');
    await press(app, ch, '2');
    await waitForPlay(app, ch, 'cti137/enter-code');
    await press(app, ch, `${req.trackingCode}#`);
    await waitForPlay(app, ch, 'cti137/status-next');
    await press(app, ch, '0');
    await waitFor(() => hungUpByIvr(app, ch), 10_000, 'IVR hangs up');
    expect((await media(ch)).at(-1)).toBe('sound:cti137/goodbye');
    expect(await variablesSet(app, ch)).toEqual({});
  });

  it('2 with an unknown code: "not found", one more try, then the queue', async () => {
    const { channelId: ch } = await dial(app, '09122220007');
    await waitForPlay(app, ch, 'cti137/menu');
    await press(app, ch, '2');
    await waitForPlay(app, ch, 'cti137/enter-code');
    await press(app, ch, '11111111#');
    await waitForPlay(app, ch, 'cti137/enter-code', 2);
    await press(app, ch, '22222222#');
    expect(await queuedIn(ch, 'q137')).toEqual({ CTI_QUEUE: 'q137' });
    expect((await media(ch)).slice(1)).toEqual([
      'sound:cti137/enter-code',
      'sound:cti137/not-found,sound:cti137/enter-code',
      'sound:cti137/not-found,sound:cti137/transferring',
    ]);
  });

  it('a repeat caller with an open hazard request is queued first even when pressing 1', async () => {
    await register('09122220008', true);
    const { channelId: ch } = await dial(app, '09122220008');
    await waitForPlay(app, ch, 'cti137/menu');
    await press(app, ch, '1');
    expect(await queuedIn(ch, 'q137')).toEqual({ CTI_QUEUE: 'q137', QUEUE_PRIO: '10' });
  });
});
