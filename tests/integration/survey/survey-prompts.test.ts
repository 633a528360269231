import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { putPrompt, wavFile } from '../../helpers/wav.ts';

/** Recorded survey prompts uploaded by an admin into SOUNDS_DIR, and questions that must name a sound that exists. */
describe('survey prompt uploads', () => {
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

  it('stores an 8 kHz mono 16-bit WAV per language under cti137-custom, audited', async () => {
    const file = wavFile({ ms: 2500 });
    const r = await putPrompt(app.url, admin, 'fa', 'courtesy-1to3', file);
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ prompt: 'cti137-custom/courtesy-1to3', language: 'fa', durationMs: 2500 });
    expect(readFileSync(join(soundsDir, 'fa', 'cti137-custom', 'courtesy-1to3.wav')).equals(file)).toBe(true);
    expect((await putPrompt(app.url, admin, 'en', 'courtesy-1to3', wavFile({ ms: 2000 }))).status).toBe(201);
    const list = await api<Array<{ prompt: string; languages: string[] }>>(
      app.url,
      admin,
      'GET',
      '/api/v1/survey/prompts',
    );
    expect(list.body).toEqual([{ prompt: 'cti137-custom/courtesy-1to3', languages: ['fa', 'en'] }]);
    const audit = await app.db.query<{ target: string }>(
      `SELECT target FROM audit_log WHERE action = 'survey.prompt.upload' ORDER BY id`,
    );
    expect(audit.rows.map((a) => a.target)).toEqual([
      'fa/cti137-custom/courtesy-1to3',
      'en/cti137-custom/courtesy-1to3',
    ]);
  });

  it('refuses files Asterisk would not play as an 8 kHz .wav', async () => {
    const refused = async (body: Buffer, why: RegExp) => {
      const r = await putPrompt(app.url, admin, 'fa', 'bad-prompt', body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION');
      expect(r.body.error.message).toMatch(why);
    };
    await refused(wavFile({ ms: 1000, rate: 44100 }), /44100 Hz, not 8000 Hz/);
    await refused(wavFile({ ms: 1000, channels: 2 }), /2 channels, not mono/);
    await refused(wavFile({ ms: 1000, bits: 8 }), /8-bit samples/);
    await refused(wavFile({ ms: 1000, format: 6 }), /audio format 6, not PCM/); // A-law
    await refused(
      Buffer.from('ID3\u0003 an mp3, not a wav at all, padded to more than forty-four bytes'),
      /not a RIFF\/WAVE file/,
    );
    const truncated = wavFile({ ms: 1000 }).subarray(0, 1000);
    await refused(truncated, /longer than the file/);
    expect(existsSync(join(soundsDir, 'fa', 'cti137-custom', 'bad-prompt.wav'))).toBe(false);
  });

  it('refuses a file over the size limit', async () => {
    const r = await putPrompt(app.url, admin, 'fa', 'too-long', wavFile({ ms: 140_000 })); // 2.24 MB > 2 MiB
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('BODY_TOO_LARGE');
    expect(existsSync(join(soundsDir, 'fa', 'cti137-custom', 'too-long.wav'))).toBe(false);
  });

  it('refuses names and languages that would leave the prompts folder, and non-admins', async () => {
    const file = wavFile({ ms: 500 });
    for (const name of [
      '..%2F..%2Fetc%2Fpasswd',
      '..%2Fcti137%2Fsurvey-courtesy',
      'x.wav',
      '.hidden',
      '%2Ftmp%2Fx',
      'UPPER',
    ]) {
      const r = await putPrompt(app.url, admin, 'fa', name, file);
      expect(r.status, name).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION');
    }
    for (const lang of ['..%2F..', 'de', 'fa%2F..']) {
      expect((await putPrompt(app.url, admin, lang, 'fine-name', file)).status, lang).toBe(400);
    }
    for (const who of ['operator1', 'supervisor1']) {
      expect((await putPrompt(app.url, await login(app.url, who), 'fa', 'fine-name', file)).status).toBe(403);
    }
    // Nothing but the prompts uploaded in the first test was written anywhere under SOUNDS_DIR.
    expect(readdirSync(soundsDir).sort()).toEqual(['en', 'fa']);
    expect(readdirSync(join(soundsDir, 'fa', 'cti137-custom'))).toEqual(['courtesy-1to3.wav']);
  });

  it('a question may name only a sound that exists in Persian: committed or uploaded', async () => {
    const post = (body: object) =>
      api<{ error?: { code: string; message: string }; prompt?: string }>(
        app.url,
        admin,
        'POST',
        '/api/v1/survey/questions',
        body,
      );
    const missing = await post({ code: 'registered', prompt: 'cti137/no-such-prompt' });
    expect(missing.status).toBe(400);
    expect(missing.body.error!.message).toMatch(/No sound "cti137\/no-such-prompt" for language fa/);
    // An English recording alone is not enough: callers hear Persian.
    expect((await putPrompt(app.url, admin, 'en', 'resolved', wavFile({ ms: 800 }))).status).toBe(201);
    expect(
      (
        await post({
          code: 'resolved',
          textFa: 'آیا مشکل حل شد؟ بله ۱، خیر ۲',
          textEn: 'Solved? 1 yes, 2 no',
          prompt: 'cti137-custom/resolved',
          validDigits: '12',
          minValue: 1,
          maxValue: 2,
        })
      ).status,
    ).toBe(400);
    expect((await putPrompt(app.url, admin, 'fa', 'resolved', wavFile({ ms: 800 }))).status).toBe(201);
    const ok = await post({
      code: 'resolved',
      textFa: 'آیا مشکل حل شد؟ بله ۱، خیر ۲',
      textEn: 'Solved? 1 yes, 2 no',
      prompt: 'cti137-custom/resolved',
      validDigits: '12',
      minValue: 1,
      maxValue: 2,
    });
    expect(ok.status).toBe(201);
    // A committed prompt is fine too.
    expect(
      (
        await post({
          code: 'registered',
          prompt: 'cti137/survey-registered',
          textEn: 'Was your request registered correctly? Press 1 for yes, 2 for no',
        })
      ).status,
    ).toBe(201);
  });
});
