import { describe, expect, it } from 'vitest';
import { fa } from '../../../web/src/i18n/strings-fa.ts';
import { en } from '../../../web/src/i18n/strings-en.ts';
import { t } from '../../../web/src/i18n/i18n.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n table', () => {
  it('has every string in both languages, with the same placeholders', () => {
    for (const key of Object.keys(fa) as Array<keyof typeof fa>) {
      expect(fa[key].length, key).toBeGreaterThan(0);
      expect(en[key].length, key).toBeGreaterThan(0);
      expect(placeholders(en[key]), key).toEqual(placeholders(fa[key]));
    }
    expect(Object.keys(en).sort()).toEqual(Object.keys(fa).sort());
  });

  it('has no Latin digits in Persian strings except key names (Alt, F-keys)', () => {
    for (const [key, value] of Object.entries(fa)) {
      expect(value.replace(/Alt|Esc|F\d|q137/g, ''), key).not.toMatch(/[0-9]/);
    }
  });

  it('fills placeholders, numbers in Persian digits (fa is the default language)', () => {
    expect(t('formCounter', { n: 12, max: 4000 })).toBe('۱۲ از ۴۰۰۰ نویسه');
  });
});
