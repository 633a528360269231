import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mediaDurationMs, wavDurationMs } from '../../../src/emulator/sound-durations.ts';

/** A mono 8 kHz 16-bit PCM WAV of `ms` milliseconds of silence. */
function wav(ms: number): Buffer {
  const data = Buffer.alloc(Math.round(8000 * 2 * (ms / 1000)));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

describe('sound durations', () => {
  it('reads the length of a WAV from its header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-wav-'));
    writeFileSync(join(dir, 'a.wav'), wav(2500));
    writeFileSync(join(dir, 'junk.wav'), 'not a wav');
    expect(wavDurationMs(join(dir, 'a.wav'))).toBe(2500);
    expect(wavDurationMs(join(dir, 'junk.wav'))).toBeUndefined();
    expect(wavDurationMs(join(dir, 'missing.wav'))).toBeUndefined();
  });

  it('knows stock prompts, falls back to ~1 s, and treats tones as endless', () => {
    expect(mediaDurationMs('sound:hello-world', 'en')).toBe(1420);
    expect(mediaDurationMs('sound:beep', 'en')).toBe(440);
    expect(mediaDurationMs('sound:no-such-prompt-anywhere', 'fa')).toBe(1000);
    expect(mediaDurationMs('sound:../../etc/passwd', 'en')).toBe(1000);
    expect(mediaDurationMs('sound:silence/3', 'en')).toBe(3000);
    expect(mediaDurationMs('digits:1234', 'en')).toBe(2400);
    expect(mediaDurationMs('tone:ring', 'en')).toBeNull();
  });

  it('reads uploaded prompts from extra sound roots first, and a replaced file at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cti137-sounds-'));
    mkdirSync(join(dir, 'fa', 'cti137-custom'), { recursive: true });
    writeFileSync(join(dir, 'fa', 'cti137-custom', 'courtesy-1to3.wav'), wav(2750));
    expect(mediaDurationMs('sound:cti137-custom/courtesy-1to3', 'fa', [dir])).toBe(2750);
    // Without the root, the emulator would fall back to its guess for an unknown name.
    expect(mediaDurationMs('sound:cti137-custom/courtesy-1to3', 'fa')).not.toBe(2750);
    writeFileSync(join(dir, 'fa', 'cti137-custom', 'courtesy-1to3.wav'), wav(1250));
    expect(mediaDurationMs('sound:cti137-custom/courtesy-1to3', 'fa', [dir])).toBe(1250);
  });
});
