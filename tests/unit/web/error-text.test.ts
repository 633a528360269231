import { describe, expect, it } from 'vitest';
import { errorText, socketErrorCode, socketErrorText } from '../../../web/src/lib/error-text.ts';

// The server answers in English; the desk must show a refusal in the operator's language (fa here).
describe('errorText', () => {
  it('translates the server VALIDATION of the description, with the limits in Persian digits', () => {
    const text = errorText(400, {
      code: 'VALIDATION',
      message: 'Invalid input: description: the description must be at least 3 characters',
      details: { fields: [{ field: 'description', message: 'the description must be at least 3 characters' }] },
    });
    expect(text).toContain('شرح درخواست');
    expect(text).toContain('۴۰۰۰');
    expect(text).not.toMatch(/[A-Za-z]/);
  });

  it('translates stable codes and never shows the English message in Persian', () => {
    expect(errorText(400, { code: 'UNKNOWN_CATEGORY', message: 'Category 99 does not exist' })).toContain('موضوع');
    expect(errorText(413, { code: 'BODY_TOO_LARGE', message: 'Request body is too large' })).toContain('بزرگ');
    expect(
      errorText(400, { code: 'VALIDATION', message: 'x', details: { fields: [{ field: 'channel', message: 'x' }] } }),
    ).toContain('فرم');
    expect(
      errorText(400, { code: 'VALIDATION', message: 'x', details: { fields: [{ field: 'lat', message: 'x' }] } }),
    ).toContain('نقطه نقشه');
    expect(errorText(418, { code: 'SOMETHING_NEW', message: 'English words' })).toContain('SOMETHING_NEW');
    expect(errorText(418, { code: 'SOMETHING_NEW', message: 'English words' })).not.toContain('English words');
  });

  it('keeps network, session and server failures apart', () => {
    expect(errorText(0, { code: 'NETWORK', message: '' })).toContain('شبکه');
    expect(errorText(401, { code: 'UNAUTHENTICATED', message: '' })).toContain('نشست');
    expect(errorText(500, { code: 'INTERNAL', message: 'secret detail' })).toContain('۵۰۰');
  });
});

describe('socketErrorText', () => {
  it('says the /desk socket refusals in Persian, from an ack or a handshake message', () => {
    const forged = socketErrorText({
      code: 'BAD_REQUEST',
      message: 'resync takes no arguments: a desk always gets the picture of the operator signed in',
    });
    expect(forged).toContain('نادرست');
    expect(forged).not.toMatch(/[A-Za-z]/);
    expect(socketErrorText({ code: 'INTERNAL', message: 'Could not load your desk; it will retry' })).toContain(
      'دوباره تلاش',
    );
    expect(socketErrorText('UNAVAILABLE: try again in a moment')).toContain('در دسترس نیست');
    expect(socketErrorText('FORBIDDEN: the desk is for operators with a phone extension')).not.toMatch(/[A-Za-z]/);
    expect(socketErrorText('UNAUTHENTICATED: sign in again')).toContain('نشست');
    expect(socketErrorText({ code: 'NEW_CODE', message: 'English words' })).toContain('NEW_CODE');
    expect(socketErrorText({ code: 'NEW_CODE', message: 'English words' })).not.toContain('English words');
  });

  it('reads the code of a handshake refusal', () => {
    expect(socketErrorCode('UNAUTHENTICATED: sign in again')).toBe('UNAUTHENTICATED');
    expect(socketErrorCode('xhr poll error')).toBe('UNKNOWN');
    expect(socketErrorCode({ code: 'BAD_REQUEST' })).toBe('BAD_REQUEST');
  });
});
