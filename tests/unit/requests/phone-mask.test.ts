import { describe, expect, it } from 'vitest';
import { generateTrackingCode } from '../../../src/requests/tracking-code.ts';
import { maskPhoneNumbers } from '../../../src/requests/unit-scope.ts';

// What a unit may read of free text: no phone number in any digits or spacing; the rest intact.

describe('masking phone numbers for unit users', () => {
  it('hides mobile and landline numbers written in any digits and spacing', () => {
    expect(maskPhoneNumbers('call me on 0915 123 4567 please')).toBe('call me on *** please');
    expect(maskPhoneNumbers('شماره ۰۹۳۵۸۸۸۷۷۶۶ است')).toBe('شماره *** است');
    expect(maskPhoneNumbers('other: +98-912-555-4433.')).toBe('other: ***.');
    expect(maskPhoneNumbers('home (051) 3876 5432')).toBe('home ***');
    expect(maskPhoneNumbers('local 38765432')).not.toContain('38765432');
    expect(maskPhoneNumbers('٠٩١٢١٢٣٤٥٦٧')).toBe('***');
  });

  it('keeps tracking codes, house numbers, dates and null', () => {
    const code = generateTrackingCode();
    expect(maskPhoneNumbers(`same as ${code}`)).toBe(`same as ${code}`);
    expect(maskPhoneNumbers('no. 14, alley 3, since 1403/05/12')).toBe('no. 14, alley 3, since 1403/05/12');
    expect(maskPhoneNumbers('2 bins, 150000 rials')).toBe('2 bins, 150000 rials');
    expect(maskPhoneNumbers(null)).toBeNull();
  });
});
