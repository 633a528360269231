import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wavDurationMs } from '../../../src/emulator/sound-durations.ts';
import { speakJalaliDate, speakNumber } from '../../../src/ivr/persian-speech.ts';
import { PROMPTS } from '../../../src/ivr/prompts.ts';
import { statusReadBack } from '../../../src/ivr/welcome-flow.ts';
import { REQUEST_STATUSES } from '../../../src/requests/request-types.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const rows = readFileSync(join(ROOT, 'scripts', 'prompts.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => l.split('\t'));
const names = new Set(rows.map((r) => `cti137/${r[0]}`));

/** Every sound the IVR can ask for must be in the text table, and generated in both languages. */
describe('prompt table and generated sounds', () => {
  it('has a Persian and an English text for every row', () => {
    for (const r of rows) {
      expect(r).toHaveLength(3);
      expect(r[1]!.trim()).not.toBe('');
      expect(r[2]!.trim()).not.toBe('');
    }
  });

  it('covers every fixed prompt, every request status, every seeded survey question', () => {
    const fixed = Object.values(PROMPTS)
      .filter((p) => !p.endsWith('-'))
      .map((p) => p.replace('sound:', ''));
    const statuses = REQUEST_STATUSES.map((s) => `${PROMPTS.statusPrefix.replace('sound:', '')}${s}`);
    const seeded = [
      ...readFileSync(join(ROOT, 'migrations', '001_core.sql'), 'utf8').matchAll(/'(cti137\/survey-[a-z-]+)'/g),
    ].map((m) => m[1]!);
    expect(seeded.length).toBeGreaterThan(0);
    for (const n of [...fixed, ...statuses, ...seeded]) expect(names, n).toContain(n);
  });

  it('covers every number up to 2 000 000 and every date of a year', () => {
    const needed = new Set<string>();
    for (let n = 0; n <= 3000; n++) speakNumber(n).forEach((s) => needed.add(s));
    for (const n of [10_000, 99_999, 123_456, 2_000_000]) speakNumber(n).forEach((s) => needed.add(s));
    for (let d = 0; d < 366; d++)
      speakJalaliDate(new Date(Date.UTC(2025, 0, 1) + d * 86_400_000)).forEach((s) => needed.add(s));
    for (const n of needed) expect(names, n).toContain(n);
  });

  it('has every prompt as an 8 kHz mono 16-bit WAV in Persian and in English', () => {
    for (const lang of ['fa', 'en']) {
      for (const n of names) {
        const file = join(ROOT, 'docker', 'asterisk', 'sounds', lang, `${n}.wav`);
        const head = readFileSync(file).subarray(0, 44);
        expect(head.toString('ascii', 0, 4), file).toBe('RIFF');
        expect(head.readUInt16LE(20), `${file} PCM`).toBe(1);
        expect(head.readUInt16LE(22), `${file} mono`).toBe(1);
        expect(head.readUInt32LE(24), `${file} 8 kHz`).toBe(8000);
        expect(head.readUInt16LE(34), `${file} 16-bit`).toBe(16);
        const ms = wavDurationMs(file)!;
        expect(ms, file).toBeGreaterThan(150);
        expect(ms, file).toBeLessThan(12_000);
      }
    }
  });

  it('reads back status and deadline, but no deadline once the work is done', () => {
    const deadline = '2025-02-10T08:00:00Z';
    expect(statusReadBack({ status: 'referred', deadlineAt: deadline }, 'Asia/Tehran')).toEqual([
      'sound:cti137/status-is',
      'sound:cti137/status-referred',
      'sound:cti137/deadline-is',
      ...speakJalaliDate(new Date(deadline)).map((s) => `sound:${s}`),
    ]);
    expect(statusReadBack({ status: 'done', deadlineAt: deadline }, 'Asia/Tehran')).toEqual([
      'sound:cti137/status-is',
      'sound:cti137/status-done',
    ]);
    expect(statusReadBack({ status: 'registered', deadlineAt: null }, 'Asia/Tehran')).toEqual([
      'sound:cti137/status-is',
      'sound:cti137/status-registered',
    ]);
  });
});
