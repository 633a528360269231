import { describe, expect, it } from 'vitest';
import {
  digitsOnly,
  formatNumber,
  localizeDigits,
  normalizeDigits,
  toPersianDigits,
  unifyTypedDigits,
} from '../../../web/src/lib/digits.ts';

describe('digits', () => {
  it('normalises Persian and Arabic-Indic digits to Latin', () => {
    expect(normalizeDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(normalizeDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(normalizeDigits('کد ۱۲3٤')).toBe('کد 1234');
  });

  it('writes Persian digits from any digits', () => {
    expect(toPersianDigits('0912 123 4567')).toBe('۰۹۱۲ ۱۲۳ ۴۵۶۷');
    expect(toPersianDigits('٤٥')).toBe('۴۵');
    expect(toPersianDigits('ساعت 14:05')).toBe('ساعت ۱۴:۰۵');
  });

  it('localises digits to the interface language', () => {
    expect(localizeDigits('137', 'fa')).toBe('۱۳۷');
    expect(localizeDigits('۱۳۷', 'en')).toBe('137');
  });

  it('keeps only digits', () => {
    expect(digitsOnly(' ۰۹۱۲-۱۲۳ ۴۵۶۷ ')).toBe('09121234567');
    expect(digitsOnly('abc')).toBe('');
  });

  it('formats numbers with Persian digits and separators in fa', () => {
    expect(formatNumber(1234567, 'fa')).toBe('۱٬۲۳۴٬۵۶۷');
    expect(formatNumber(4.36, 'fa', { maximumFractionDigits: 1 })).toBe('۴٫۴');
    expect(formatNumber(4.36, 'en', { maximumFractionDigits: 1 })).toBe('4.4');
    expect(formatNumber(Number.NaN, 'fa')).toBe('—');
  });

  it('turns typed Arabic-Indic digits into the interface digits, same length', () => {
    expect(unifyTypedDigits('١٢٣ ۴۵ 6', 'fa')).toBe('۱۲۳ ۴۵ 6');
    expect(unifyTypedDigits('١٢٣', 'en')).toBe('123');
  });
});
