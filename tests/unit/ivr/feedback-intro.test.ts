import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedbackIntro } from '../../../src/ivr/feedback-flow.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const names = new Set(
  readFileSync(join(ROOT, 'scripts', 'prompts.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => `sound:cti137/${l.split('\t')[0]}`),
);
// The seeded top-level groups: `INSERT INTO categories (code, name_fa, name_en, position)` in 002.
const seed = readFileSync(join(ROOT, 'migrations', '002_requests.sql'), 'utf8');
const groups = [
  ...seed
    .split('INSERT INTO categories (code, name_fa, name_en, position) VALUES')[1]!
    .split(';')[0]!
    .matchAll(/\('([a-z-]+)'/g),
].map((m) => m[1]!);

describe('what the feedback call says first', () => {
  it('reads the tracking code digit by digit and the category group, every sound in the prompt table', () => {
    expect(groups.length).toBe(8);
    for (const g of groups) {
      const said = feedbackIntro('feedback', '40733795', g);
      expect(said).toEqual([
        'sound:cti137/feedback-intro',
        ...[4, 0, 7, 3, 3, 7, 9, 5].map((d) => `sound:cti137/num-${d}`),
        'sound:cti137/feedback-category',
        `sound:cti137/category-${g}`,
      ]);
      for (const s of said) expect(names, s).toContain(s);
    }
  });

  it('says a closure check is a second ask; skips a group added later that has no prompt', () => {
    const said = feedbackIntro('closure', '12345678', 'added-by-admin');
    expect(said).not.toContain('sound:cti137/feedback-category');
    expect(said.at(-1)).toBe('sound:cti137/closure-intro');
  });
});
