import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** Lengths of stock prompts (ms), measured from the lab capture where possible. */
const KNOWN_MS: Record<string, number> = {
  'hello-world': 1420,
  beep: 440,
  'auth-thankyou': 960,
  'vm-goodbye': 900,
  'queue-thankyou': 1600,
  'queue-callswaiting': 1900,
  'pls-hold-while-try': 1800,
  'please-try-again': 1200,
  'you-entered': 800,
  'thank-you-for-calling': 1500,
  // cti137's own Persian prompts (src/ivr/prompts.ts), until real files exist under docker/.
  'cti137/welcome': 3500,
  'cti137/menu': 6000,
  'cti137/invalid': 2000,
  'cti137/enter-code': 3500,
  'cti137/not-found': 2500,
  'cti137/transferring': 2000,
  'cti137/survey-intro': 4500,
  'cti137/thank-you': 2000,
};

/** Families of prompts whose exact names vary (status read-backs, survey questions). */
const PREFIX_MS: Array<[string, number]> = [
  ['cti137/num-', 700],
  ['cti137/digit-', 600],
  ['cti137/status-', 3000],
  ['cti137/survey-', 4000],
  ['cti137/', 2500],
];

const DEFAULT_MS = 1000;
const NAME_RE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
const LANG_RE = /^[a-z]{2,3}(_[A-Za-z]{2})?$/;
/** Durations of files found; misses are not cached so prompts generated later are picked up. */
const cache = new Map<string, number>();

/** Duration of a WAV file from its RIFF header (data size / byte rate); undefined if unreadable. */
export function wavDurationMs(file: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') return undefined;
    let off = 12;
    let byteRate = 0;
    while (off + 8 <= n) {
      const id = buf.toString('ascii', off, off + 4);
      const size = buf.readUInt32LE(off + 4);
      if (id === 'fmt ' && off + 16 <= n) byteRate = buf.readUInt32LE(off + 16);
      if (id === 'data') return byteRate > 0 ? Math.round((size / byteRate) * 1000) : undefined;
      off += 8 + size + (size % 2);
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function soundMs(name: string, lang: string, extraDirs: readonly string[]): number {
  if (!NAME_RE.test(name)) return DEFAULT_MS;
  const silence = /^silence\/(\d+)$/.exec(name);
  if (silence) return Number(silence[1]) * 1000;
  // Asterisk falls back to other languages when a prompt is missing; cti137's prompts are Persian first.
  const langs = [...new Set([lang, 'fa', 'en'])].filter((l) => LANG_RE.test(l));
  // Uploaded prompts (survey administration) can be replaced while running: read, never cached.
  for (const l of langs) {
    for (const dir of extraDirs) {
      const ms = wavDurationMs(join(dir, l, `${name}.wav`));
      if (ms !== undefined) return ms;
    }
  }
  for (const l of langs) {
    const file = join(process.cwd(), 'docker', 'asterisk', 'sounds', l, `${name}.wav`);
    const ms = cache.get(file) ?? wavDurationMs(file);
    if (ms !== undefined) {
      cache.set(file, ms);
      return ms;
    }
  }
  return KNOWN_MS[name] ?? PREFIX_MS.find(([p]) => name.startsWith(p))?.[1] ?? DEFAULT_MS;
}

/**
 * Emulated play time of one ARI media URI, in ms; `null` means it never ends by itself
 * (`tone:` plays until stopped, as in Asterisk).
 */
export function mediaDurationMs(uri: string, lang: string, soundDirs: readonly string[] = []): number | null {
  const colon = uri.indexOf(':');
  const scheme = colon === -1 ? 'sound' : uri.slice(0, colon);
  const rest = colon === -1 ? uri : uri.slice(colon + 1);
  switch (scheme) {
    case 'sound':
      return soundMs(rest, lang, soundDirs);
    case 'digits':
    case 'characters':
      return Math.max(1, rest.length) * 600;
    case 'number':
      return Math.max(1, rest.replace(/\D/g, '').length) * 700;
    case 'tone':
      return null;
    default:
      return DEFAULT_MS;
  }
}
