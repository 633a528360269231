import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { putPrompt, wavFile } from '../../helpers/wav.ts';
import { callReachingOperator, hangUpPhone, press, talkFor } from '../../helpers/calls.ts';
import { playsOf, waitForPlay } from '../../helpers/ivr.ts';
import { readyOperator, setState } from '../../helpers/operators.ts';
import { answersOf, callIdOf, finishedResponse } from '../../helpers/records.ts';

interface Question {
  id: string;
  code: string;
  version: number;
  prompt: string;
  validDigits: string;
  minValue: number;
  maxValue: number;
  active: boolean;
  textFa: string;
}

/** An admin changes the survey while the server runs; the next survey follows, old answers keep their version. */
describe('survey administration', () => {
  let app: TestApp;
  let admin: string;
  let soundsDir: string;

  beforeAll(async () => {
    soundsDir = mkdtempSync(join(tmpdir(), 'cti137-sounds-'));
    app = await startTestApp({ SOUNDS_DIR: soundsDir });
    admin = await login(app.url, 'admin');
  });

  afterAll(async () => {
    await app?.close();
    if (soundsDir) rmSync(soundsDir, { recursive: true, force: true });
  });

  /** One call by operator1, answered with `keys` as each question plays; returns the response id. */
  async function survey(
    from: string,
    keys: Array<[string, string, number?]>,
  ): Promise<{ responseId: string; channelId: string; status: string; operatorId: string }> {
    const op = await readyOperator(app, 'operator1');
    const channelId = await callReachingOperator(app, from, '1001');
    await talkFor(app, channelId, 12);
    await hangUpPhone(app, '1001');
    for (const [prompt, key, nth] of keys) {
      await waitForPlay(app, channelId, prompt, nth ?? 1);
      await press(app, channelId, key);
    }
    const r = await finishedResponse(app, await callIdOf(app, channelId));
    await setState(app, op, 'logged-out');
    return { responseId: r.id, channelId, status: r.status, operatorId: op.id };
  }

  it('only admins may see or change the questions', async () => {
    for (const who of ['operator2', 'supervisor1']) {
      const c = await login(app.url, who);
      expect((await api(app.url, c, 'GET', '/api/v1/survey/questions')).status).toBe(403);
      expect(
        (await api(app.url, c, 'POST', '/api/v1/survey/questions', { code: 'courtesy', textFa: 'x' })).status,
      ).toBe(403);
      expect((await api(app.url, c, 'POST', '/api/v1/survey/questions/courtesy/deactivate')).status).toBe(403);
    }
    expect((await api(app.url, null, 'GET', '/api/v1/survey/questions')).status).toBe(401);
    const list = await api<Question[]>(app.url, admin, 'GET', '/api/v1/survey/questions');
    expect(list.body.map((q) => [q.code, q.version, q.active])).toEqual([
      ['courtesy', 1, true],
      ['registered', 1, true],
    ]);
  });

  it('refuses questions a caller could not answer sensibly', async () => {
    const bad = async (body: object) =>
      (await api<{ error: { code: string } }>(app.url, admin, 'POST', '/api/v1/survey/questions', body)).body.error
        ?.code;
    expect(await bad({ code: 'courtesy', validDigits: '1234567' })).toBe('VALIDATION'); // 6, 7 outside 1–5
    expect(await bad({ code: 'courtesy', minValue: 4, maxValue: 2 })).toBe('VALIDATION');
    expect(await bad({ code: 'resolved', textFa: 'آیا مشکل حل شد؟' })).toBe('VALIDATION'); // a new code needs everything
    expect(await bad({ code: 'courtesy', prompt: '../../etc/passwd' })).toBe('VALIDATION');
    expect(await bad({ code: 'courtesy', timeoutMs: 100 })).toBe('VALIDATION');
    expect(await bad({ code: 'courtesy', prompt: 'cti137/survey-courtesy-1to3' })).toBe('VALIDATION'); // no such sound file
    // The committed prompt says "from 1 to 5": another scale needs another prompt.
    const rescaled = await api<{ error: { code: string; message: string } }>(
      app.url,
      admin,
      'POST',
      '/api/v1/survey/questions',
      { code: 'courtesy', validDigits: '123', maxValue: 3 },
    );
    expect(rescaled.body.error.code).toBe('VALIDATION');
    expect(rescaled.body.error.message).toMatch(
      /cti137\/survey-courtesy" tells callers the keys 12345 \(1–5\).*needs a prompt recorded for it/,
    );
    expect(await bad({ code: 'courtesy', extra: true })).toBe('VALIDATION');
    expect((await api(app.url, admin, 'POST', '/api/v1/survey/questions/nothing-here/deactivate')).status).toBe(404);
  });

  it('a new version and a deactivation take effect on the next survey; earlier answers keep their version', async () => {
    const before = await survey('09125550001', [
      ['cti137/survey-courtesy', '4'],
      ['cti137/survey-registered', '1'],
    ]);
    expect(await answersOf(app, before.responseId)).toEqual([
      { code: 'courtesy', version: 1, value: 4 },
      { code: 'registered', version: 1, value: 1 },
    ]);

    // Courtesy on a 1–3 scale with a new wording and a prompt recorded for it; "registered" no longer asked.
    for (const lang of ['fa', 'en'])
      expect((await putPrompt(app.url, admin, lang, 'courtesy-1to3', wavFile({ ms: 3000 }))).status).toBe(201);
    const v2 = await api<Question>(app.url, admin, 'POST', '/api/v1/survey/questions', {
      code: 'courtesy',
      textFa: 'برخورد کارشناس: خوب ۳، متوسط ۲، بد ۱',
      textEn: 'Courtesy: good 3, fair 2, poor 1',
      validDigits: '123',
      maxValue: 3,
      prompt: 'cti137-custom/courtesy-1to3',
    });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({
      code: 'courtesy',
      version: 2,
      prompt: 'cti137-custom/courtesy-1to3',
      validDigits: '123',
      minValue: 1,
      maxValue: 3,
      active: true,
    });
    const off = await api<Question>(app.url, admin, 'POST', '/api/v1/survey/questions/registered/deactivate');
    expect(off.body).toMatchObject({ code: 'registered', version: 1, active: false });
    expect(
      (await api<{ error: { code: string } }>(app.url, admin, 'POST', '/api/v1/survey/questions/registered/deactivate'))
        .body.error.code,
    ).toBe('ALREADY_INACTIVE');

    // No restart: the next caller gets version 2 only. 5 was fine under version 1 and is now refused.
    const after = await survey('09125550002', [
      ['cti137-custom/courtesy-1to3', '5'],
      ['cti137-custom/courtesy-1to3', '3', 2],
    ]);
    expect(after.status).toBe('complete');
    expect(await answersOf(app, after.responseId)).toEqual([{ code: 'courtesy', version: 2, value: 3 }]);
    const plays = await playsOf(app, after.channelId);
    expect(plays.some((p) => p.media.includes('sound:cti137/survey-registered'))).toBe(false);
    // Callers hear the new recording, never the old "1 to 5" prompt.
    expect(plays.some((p) => p.media.includes('sound:cti137/survey-courtesy'))).toBe(false);
    expect((await answersOf(app, before.responseId)).map((a) => a.version)).toEqual([1, 1]);

    // Every version stays on record; the means keep versions apart, and the score puts 3 of 1–3 at 5 of 1–5.
    const history = await api<Question[]>(app.url, admin, 'GET', '/api/v1/survey/questions?history=true');
    expect(history.body.map((q) => [q.code, q.version, q.active])).toEqual([
      ['courtesy', 1, true],
      ['courtesy', 2, true],
      ['registered', 1, false],
    ]);
    const scores = await api<{ meanScore: number; perQuestion: unknown[] }>(
      app.url,
      admin,
      'GET',
      `/api/v1/operators/${after.operatorId}/scores`,
    );
    expect(scores.body.perQuestion).toEqual([
      { code: 'courtesy', version: 1, responses: 1, mean: 4, yesShare: null },
      { code: 'courtesy', version: 2, responses: 1, mean: 3, yesShare: null },
      // A yes/no question (1 yes, 2 no) also gives the share of "yes".
      { code: 'registered', version: 1, responses: 1, mean: 1, yesShare: 1 },
    ]);
    expect(scores.body.meanScore).toBe(4.5);
    const audit = await app.db.query<{ action: string; target: string }>(
      `SELECT action, target FROM audit_log WHERE action LIKE 'survey.%' ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      { action: 'survey.prompt.upload', target: 'fa/cti137-custom/courtesy-1to3' },
      { action: 'survey.prompt.upload', target: 'en/cti137-custom/courtesy-1to3' },
      { action: 'survey.question.version', target: 'courtesy' },
      { action: 'survey.question.deactivate', target: 'registered' },
    ]);

    // Asked again from the next survey on, as a new version.
    const back = await api<Question>(app.url, admin, 'POST', '/api/v1/survey/questions', {
      code: 'registered',
      active: true,
    });
    expect(back.body).toMatchObject({ code: 'registered', version: 2, active: true, validDigits: '12' });
  });
});
