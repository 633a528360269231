import { describe, expect, it } from 'vitest';
import { parsePoint } from '../../../web/src/lib/geo.ts';

describe('map point typed as "lat, lng"', () => {
  it('reads Latin, Persian and Arabic-Indic digits with any usual separator', () => {
    const want = { ok: true, point: { lat: 36.2972, lng: 59.6067 } };
    for (const text of [
      '36.2972, 59.6067',
      '36.2972,59.6067',
      ' 36.2972 59.6067 ',
      '36.2972; 59.6067',
      '۳۶٫۲۹۷۲، ۵۹٫۶۰۶۷',
      '۳۶.۲۹۷۲,۵۹.۶۰۶۷',
      '٣٦٫٢٩٧٢، ٥٩٫٦٠٦٧',
      '\u200e36.2972, 59.6067\u200e',
    ])
      expect(parsePoint(text), text).toEqual(want);
    expect(parsePoint('-33.8, 151')).toEqual({ ok: true, point: { lat: -33.8, lng: 151 } });
    expect(parsePoint('−33.8، −70')).toEqual({ ok: true, point: { lat: -33.8, lng: -70 } });
  });

  it('gives no point for an empty field', () => {
    expect(parsePoint('')).toEqual({ ok: true, point: null });
    expect(parsePoint('   ')).toEqual({ ok: true, point: null });
  });

  it('says what is wrong: malformed or out of range', () => {
    for (const text of ['36.2972', 'abc, def', '36.29, 59.60, 12', '36..2, 59', '36.2972 , ', '1e2, 3']) {
      expect(parsePoint(text), text).toEqual({ ok: false, error: 'formBadPoint' });
    }
    expect(parsePoint('91, 59')).toEqual({ ok: false, error: 'formPointRange' });
    expect(parsePoint('36, 181')).toEqual({ ok: false, error: 'formPointRange' });
    expect(parsePoint('59.6067, 36.2972')).toEqual({ ok: true, point: { lat: 59.6067, lng: 36.2972 } });
  });
});
