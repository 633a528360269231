#!/usr/bin/env node
// `npm run prompts`: every IVR and survey prompt, regenerated from the text table
// scripts/prompts.tsv with espeak-ng (Persian voice `fa`, English voice `en`) and converted by sox to
// 8 kHz mono 16-bit PCM WAV, the format Asterisk plays without transcoding from a .wav file.
// Output: docker/asterisk/sounds/<lang>/cti137/<name>.wav. The same table and tool versions give
// the same bytes (sox runs without dither), so a regenerated tree diffs clean.
//   --check   regenerate into a temporary folder and fail if the committed files differ.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  renameSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TABLE = join(ROOT, 'scripts', 'prompts.tsv');
const SOUNDS = join(ROOT, 'docker', 'asterisk', 'sounds');
// Column order in the table, and the espeak-ng voice of each. Speed 155 wpm: clear on a phone line.
const LANGS = [
  { lang: 'fa', voice: 'fa' },
  { lang: 'en', voice: 'en' },
];
const SPEED = '155';
const NAME_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function fail(message) {
  console.error(`prompts: ${message}`);
  process.exit(1);
}

function run(tool, args) {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error) fail(`could not run ${tool}: ${r.error.message}`);
  if (r.status !== 0) fail(`${tool} ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}

function requireTools() {
  const missing = ['espeak-ng', 'sox'].filter((t) => spawnSync(t, ['--version'], { encoding: 'utf8' }).error);
  if (missing.length) {
    fail(`${missing.join(' and ')} not found. Install them (Debian/Ubuntu): apt-get install -y espeak-ng sox`);
  }
  for (const { voice } of LANGS) {
    // The listing always has a header line; a voice that exists adds at least one more.
    const lines = run('espeak-ng', [`--voices=${voice}`])
      .trim()
      .split('\n');
    if (lines.length < 2) fail(`espeak-ng has no "${voice}" voice; install Debian's espeak-ng-data package`);
  }
}

function readTable() {
  const rows = [];
  const seen = new Set();
  readFileSync(TABLE, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim() || line.startsWith('#')) return;
      const cols = line.split('\t');
      if (cols.length !== 1 + LANGS.length)
        fail(`${TABLE}:${i + 1}: expected ${1 + LANGS.length} TAB-separated columns, found ${cols.length}`);
      const [name, ...texts] = cols.map((c) => c.trim());
      if (!NAME_RE.test(name))
        fail(`${TABLE}:${i + 1}: bad prompt name "${name}" (lower-case letters, digits and dashes)`);
      if (seen.has(name)) fail(`${TABLE}:${i + 1}: prompt "${name}" is listed twice`);
      if (texts.some((t) => !t)) fail(`${TABLE}:${i + 1}: "${name}" needs a text in every language`);
      seen.add(name);
      rows.push({ name, texts });
    });
  return rows;
}

/** One prompt: speech at 22 kHz, then resampled, silence trimmed at both ends, 60 ms of air after. */
function synthesize(text, voice, out, scratch) {
  const raw = join(scratch, 'raw.wav');
  run('espeak-ng', ['-v', voice, '-s', SPEED, '-w', raw, text]);
  run('sox', [
    '-D',
    raw,
    '-r',
    '8000',
    '-c',
    '1',
    '-b',
    '16',
    '-e',
    'signed-integer',
    out,
    'silence',
    '1',
    '0.02',
    '0.3%',
    'reverse',
    'silence',
    '1',
    '0.02',
    '0.3%',
    'reverse',
    'pad',
    '0',
    '0.06',
  ]);
}

function generate(rows, target, scratch) {
  let bytes = 0;
  for (const [col, { lang, voice }] of LANGS.entries()) {
    const dir = join(target, lang, 'cti137');
    mkdirSync(dir, { recursive: true });
    for (const { name, texts } of rows) {
      const file = join(dir, `${name}.wav`);
      const tmp = join(scratch, `${name}.wav`);
      synthesize(texts[col], voice, tmp, scratch);
      renameSync(tmp, file);
      bytes += statSync(file).size;
    }
    // A prompt removed from the table must not linger in the image.
    const wanted = new Set(rows.map((r) => `${r.name}.wav`));
    for (const f of readdirSync(dir)) if (f.endsWith('.wav') && !wanted.has(f)) unlinkSync(join(dir, f));
  }
  return bytes;
}

function main() {
  const check = process.argv.includes('--check');
  requireTools();
  const rows = readTable();
  const scratch = mkdtempSync(join(tmpdir(), 'cti137-prompts-'));
  try {
    if (!check) {
      const bytes = generate(rows, SOUNDS, scratch);
      console.log(
        `prompts: ${rows.length} prompts × ${LANGS.length} languages written under docker/asterisk/sounds/ (${Math.round(bytes / 1024)} KiB)`,
      );
      return;
    }
    const fresh = join(scratch, 'out');
    generate(rows, fresh, scratch);
    const stale = [];
    for (const { lang } of LANGS) {
      for (const { name } of rows) {
        const committed = join(SOUNDS, lang, 'cti137', `${name}.wav`);
        if (
          !existsSync(committed) ||
          !readFileSync(committed).equals(readFileSync(join(fresh, lang, 'cti137', `${name}.wav`)))
        )
          stale.push(`${lang}/cti137/${name}.wav`);
      }
    }
    if (stale.length)
      fail(
        `${stale.length} prompt file(s) differ from the table; run npm run prompts: ${stale.slice(0, 10).join(', ')}`,
      );
    console.log(`prompts: all ${rows.length * LANGS.length} files match scripts/prompts.tsv`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
