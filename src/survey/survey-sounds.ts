import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validationError } from '../shared/index.ts';

// Survey prompts a question may name. Two places hold them, laid out as Asterisk's sounds
// directory (<root>/<lang>/<name>.wav):
//  - the committed prompts, docker/asterisk/sounds/{fa,en}/cti137/ (baked into the Asterisk image);
//  - prompts an admin uploads, <SOUNDS_DIR>/{fa,en}/cti137-custom/, a directory a real Asterisk
//    shares through a volume (docker/compose.yml), so a new prompt plays without a restart.

export const STOCK_SOUNDS_DIR = fileURLToPath(new URL('../../docker/asterisk/sounds', import.meta.url));
export const CUSTOM_FOLDER = 'cti137-custom';
export const PROMPT_LANGS = ['fa', 'en'] as const;
export type PromptLang = (typeof PROMPT_LANGS)[number];
/** The IVR plays the survey in Persian (src/ivr/prompts.ts IVR_LANGUAGE): that file must exist. */
export const REQUIRED_LANG: PromptLang = 'fa';
/** 2 MiB: two minutes of 8 kHz 16-bit mono, far more than a survey question needs. */
export const MAX_PROMPT_BYTES = 2 * 1024 * 1024;
/** The file name part of an uploaded prompt: no dots, no slashes, nothing Asterisk or a shell would read specially. */
export const UPLOAD_NAME_RE = /^[a-z0-9][a-z0-9-]{0,59}$/;

const roots = (soundsDir: string) => [STOCK_SOUNDS_DIR, soundsDir];

/** The languages in which a sound name (such as cti137/survey-courtesy) exists as a file. */
export function promptLanguages(name: string, soundsDir: string): PromptLang[] {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(name)) return [];
  return PROMPT_LANGS.filter((l) => roots(soundsDir).some((r) => existsSync(join(r, l, `${name}.wav`))));
}

/** Refuses a prompt the IVR could not play. */
export function assertPromptExists(name: string, soundsDir: string): void {
  if (promptLanguages(name, soundsDir).includes(REQUIRED_LANG)) return;
  throw validationError(
    `No sound "${name}" for language ${REQUIRED_LANG}: use a committed prompt (docker/asterisk/sounds/${REQUIRED_LANG}/cti137/) ` +
      `or upload one first (PUT /api/v1/survey/prompts/${REQUIRED_LANG}/<name>, then prompt "${CUSTOM_FOLDER}/<name>")`,
    { fields: [{ field: 'prompt', message: 'no such sound file' }] },
  );
}

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationMs: number;
}

/** Pure: the header of a RIFF/WAVE file, or why it is not one Asterisk plays as an 8 kHz `.wav` (slin). */
export function checkPromptWav(buf: Buffer): WavInfo {
  const bad = (why: string) =>
    validationError(
      `Not a usable prompt: ${why}. Record 8 kHz, mono, 16-bit PCM WAV (e.g. sox in.wav -r 8000 -c 1 -b 16 out.wav)`,
      {
        fields: [{ field: 'file', message: why }],
      },
    );
  if (buf.length < 44 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE')
    throw bad('not a RIFF/WAVE file');
  let off = 12;
  let fmt: { format: number; channels: number; rate: number; byteRate: number; bits: number } | null = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buf.length) throw bad('truncated fmt chunk');
      fmt = {
        format: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        rate: buf.readUInt32LE(body + 4),
        byteRate: buf.readUInt32LE(body + 8),
        bits: buf.readUInt16LE(body + 14),
      };
      // WAVE_FORMAT_EXTENSIBLE carries the real format in its sub-format GUID's first two bytes.
      if (fmt.format === 0xfffe && size >= 40 && body + 26 <= buf.length) fmt.format = buf.readUInt16LE(body + 24);
    } else if (id === 'data') {
      if (!fmt) throw bad('data before the fmt chunk');
      if (fmt.format !== 1) throw bad(`audio format ${fmt.format}, not PCM`);
      if (fmt.channels !== 1) throw bad(`${fmt.channels} channels, not mono`);
      if (fmt.rate !== 8000) throw bad(`${fmt.rate} Hz, not 8000 Hz`);
      if (fmt.bits !== 16) throw bad(`${fmt.bits}-bit samples, not 16-bit`);
      if (size === 0 || body + size > buf.length) throw bad('the data chunk is empty or longer than the file');
      return {
        sampleRate: fmt.rate,
        channels: fmt.channels,
        bitsPerSample: fmt.bits,
        durationMs: Math.round((size / 16000) * 1000),
      };
    }
    off = body + size + (size % 2);
  }
  throw bad(fmt ? 'no data chunk' : 'no fmt chunk');
}

/** Writes an uploaded prompt (checked) as <soundsDir>/<lang>/cti137-custom/<name>.wav, atomically; returns its sound name. */
export async function saveUploadedPrompt(
  soundsDir: string,
  lang: PromptLang,
  name: string,
  buf: Buffer,
): Promise<{ prompt: string; info: WavInfo }> {
  if (!UPLOAD_NAME_RE.test(name)) {
    throw validationError(
      'A prompt name is 1 to 60 lower-case letters, digits and dashes, starting with a letter or digit',
      {
        fields: [{ field: 'name', message: 'lower-case letters, digits and dashes only' }],
      },
    );
  }
  const info = checkPromptWav(buf);
  const dir = join(soundsDir, lang, CUSTOM_FOLDER);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const file = join(dir, `${name}.wav`);
  // Asterisk may be playing the old file: replace it in one rename, never half-written.
  const tmp = join(dir, `.${name}.${process.pid}.${Date.now()}.tmp`);
  await writeFile(tmp, buf, { mode: 0o644 });
  await rename(tmp, file);
  return { prompt: `${CUSTOM_FOLDER}/${name}`, info };
}

/** Uploaded prompts and the languages each exists in. */
export async function listUploadedPrompts(
  soundsDir: string,
): Promise<Array<{ prompt: string; languages: PromptLang[] }>> {
  const names = new Map<string, PromptLang[]>();
  for (const l of PROMPT_LANGS) {
    const files = await readdir(join(soundsDir, l, CUSTOM_FOLDER)).catch(() => [] as string[]);
    for (const f of files) {
      if (!f.endsWith('.wav') || f.startsWith('.')) continue;
      const p = `${CUSTOM_FOLDER}/${f.slice(0, -4)}`;
      names.set(p, [...(names.get(p) ?? []), l]);
    }
  }
  return [...names].sort(([a], [b]) => a.localeCompare(b)).map(([prompt, languages]) => ({ prompt, languages }));
}
