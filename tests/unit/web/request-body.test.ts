import { describe, expect, it } from 'vitest';
import { buildRequestBody, DESCRIPTION_MAX, type RequestInput } from '../../../web/src/desk/request-body.ts';

const base: RequestInput = {
  callId: 'call-1',
  phone: '۰۹۱۲ ۱۲۳ ۴۵۶۷',
  categoryId: 'c3',
  neighbourhoodId: 'n1',
  address: ' خیابان سرو، پلاک ۱۲ ',
  point: '',
  description: '  چاله عمیق  ',
  hazard: true,
};

describe('request body', () => {
  it('builds the POST body with E.164 phone and trimmed text', () => {
    expect(buildRequestBody(base)).toEqual({
      ok: true,
      body: {
        callId: 'call-1',
        phone: '+989121234567',
        categoryId: 'c3',
        neighbourhoodId: 'n1',
        address: 'خیابان سرو، پلاک ۱۲',
        description: 'چاله عمیق',
        hazard: true,
      },
    });
  });

  it('leaves out what was not given', () => {
    const r = buildRequestBody({ ...base, callId: null, phone: '', neighbourhoodId: '', address: '  ', hazard: false });
    expect(r).toEqual({ ok: true, body: { categoryId: 'c3', description: 'چاله عمیق', hazard: false } });
  });

  it('asks for a category, a description and a full phone', () => {
    expect(buildRequestBody({ ...base, categoryId: '' })).toMatchObject({
      ok: false,
      error: 'formNeedCategory',
      field: 'category',
    });
    expect(buildRequestBody({ ...base, description: '   ' })).toMatchObject({
      ok: false,
      error: 'formNeedDescription',
    });
    expect(buildRequestBody({ ...base, description: 'x'.repeat(DESCRIPTION_MAX + 1) })).toMatchObject({
      ok: false,
      error: 'formTooLong',
    });
    expect(buildRequestBody({ ...base, phone: '0912' })).toMatchObject({
      ok: false,
      error: 'formBadPhone',
      field: 'phone',
    });
  });

  it('sends a map point typed in Persian digits as numbers, and refuses a malformed or out-of-range one', () => {
    expect(buildRequestBody({ ...base, point: '۳۶٫۲۹۷۲، ۵۹٫۶۰۶۷' })).toMatchObject({
      ok: true,
      body: { lat: 36.2972, lng: 59.6067 },
    });
    expect(buildRequestBody({ ...base, point: '  ' })).toMatchObject({ ok: true, body: { categoryId: 'c3' } });
    expect('lat' in (buildRequestBody({ ...base, point: '' }) as { body: object }).body).toBe(false);
    expect(buildRequestBody({ ...base, point: '36.29' })).toEqual({ ok: false, error: 'formBadPoint', field: 'point' });
    expect(buildRequestBody({ ...base, point: '96.29, 59.6' })).toEqual({
      ok: false,
      error: 'formPointRange',
      field: 'point',
    });
  });
});
