import { describe, expect, it } from 'vitest';
import {
  dammCheckDigit,
  generateTrackingCode,
  isValidTrackingCode,
  normalizeTrackingCode,
} from '../../../src/requests/tracking-code.ts';
import { toPersianDigits } from '../../../src/shared/digits.ts';

const codes = Array.from({ length: 2000 }, () => generateTrackingCode());

describe('tracking codes', () => {
  it('are 8 digits, never start with 0, and validate', () => {
    for (const c of codes) {
      expect(c).toMatch(/^[1-9][0-9]{7}$/);
      expect(isValidTrackingCode(c)).toBe(true);
    }
  });

  it('have a Damm check digit (known vector: 572 → 4)', () => {
    expect(dammCheckDigit('572')).toBe(4);
  });

  it('catch every single-digit substitution', () => {
    for (const c of codes.slice(0, 500)) {
      for (let i = 0; i < c.length; i++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === c[i]) continue;
          const typo = c.slice(0, i) + d + c.slice(i + 1);
          expect(isValidTrackingCode(typo), `${c} → ${typo}`).toBe(false);
        }
      }
    }
  });

  it('catch every adjacent transposition', () => {
    for (const c of codes) {
      for (let i = 0; i < c.length - 1; i++) {
        if (c[i] === c[i + 1]) continue;
        const swapped = c.slice(0, i) + c[i + 1] + c[i] + c.slice(i + 2);
        expect(isValidTrackingCode(swapped), `${c} → ${swapped}`).toBe(false);
      }
    }
  });

  it('accept Persian and Arabic-Indic digits, spaces and dashes as typed on the desk', () => {
    const c = codes[0]!;
    const persian = `${toPersianDigits(c.slice(0, 4))} ${toPersianDigits(c.slice(4))}`;
    expect(normalizeTrackingCode(persian)).toBe(c);
    const arabic = c.replace(/[0-9]/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!);
    expect(normalizeTrackingCode(arabic)).toBe(c);
    expect(normalizeTrackingCode(`${c.slice(0, 4)}-${c.slice(4)}`)).toBe(c);
  });

  it('refuse wrong lengths, letters and a leading zero', () => {
    expect(isValidTrackingCode('')).toBe(false);
    expect(isValidTrackingCode(null)).toBe(false);
    expect(isValidTrackingCode(codes[0]!.slice(0, 7))).toBe(false);
    expect(isValidTrackingCode(`${codes[0]!}0`)).toBe(false);
    expect(isValidTrackingCode('12a45678')).toBe(false);
    const body = '0123456';
    expect(isValidTrackingCode(body + String(dammCheckDigit(body)))).toBe(false);
  });

  it('uses the random source it is given', () => {
    let n = 0;
    const seq = [3, 1, 4, 1, 5, 9, 2];
    const code = generateTrackingCode(() => seq[n++]!);
    expect(code.slice(0, 7)).toBe('3141592');
    expect(isValidTrackingCode(code)).toBe(true);
  });
});
