import { describe, expect, it } from 'vitest';
import { classifyFindQuery, formatPhoneNational, toE164, toNationalDigits } from '../../../web/src/lib/phone.ts';

describe('phone', () => {
  it('formats mobiles as 4-3-4 and landlines as 3-4-4', () => {
    expect(formatPhoneNational('+989121234567')).toBe('0912 123 4567');
    expect(formatPhoneNational('09121234567')).toBe('0912 123 4567');
    expect(formatPhoneNational('+982188776655')).toBe('021 8877 6655');
    expect(formatPhoneNational('00982612345678')).toBe('026 1234 5678');
  });

  it('accepts Persian and Arabic-Indic digits', () => {
    expect(formatPhoneNational('۰۹۱۲۱۲۳۴۵۶۷')).toBe('0912 123 4567');
    expect(toE164('٠٩١٢ ١٢٣ ٤٥٦٧')).toBe('+989121234567');
  });

  it('leaves short and foreign numbers as given', () => {
    expect(formatPhoneNational('137')).toBe('137');
    expect(formatPhoneNational('+4420 7946 0000')).toBe('+4420 7946 0000');
    expect(toNationalDigits('+442079460000')).toBeNull();
  });

  it('converts to E.164 only full Iranian numbers', () => {
    expect(toE164('0912 123 4567')).toBe('+989121234567');
    expect(toE164('9121234567')).toBe('+989121234567');
    expect(toE164('989121234567')).toBe('+989121234567');
    expect(toE164('0912123')).toBeNull();
    expect(toE164('')).toBeNull();
  });

  it('tells a tracking code from a phone in the find box', () => {
    expect(classifyFindQuery('۱۲۳ ۴۵۶ ۷۸')).toEqual({ kind: 'trackingCode', value: '12345678' });
    expect(classifyFindQuery('١٢٣-٤٥٦-٧٨')).toEqual({ kind: 'trackingCode', value: '12345678' });
    expect(classifyFindQuery('۰۹۱۲ ۱۲۳ ۴۵۶۷')).toEqual({ kind: 'phone', value: '+989121234567' });
    expect(classifyFindQuery('+98 912 123 4567')).toEqual({ kind: 'phone', value: '+989121234567' });
    expect(classifyFindQuery('021-8877-6655')).toEqual({ kind: 'phone', value: '+982188776655' });
    expect(classifyFindQuery('')).toEqual({ kind: 'invalid' });
    expect(classifyFindQuery('abc')).toEqual({ kind: 'invalid' });
    expect(classifyFindQuery('+1')).toEqual({ kind: 'invalid' });
  });
});
