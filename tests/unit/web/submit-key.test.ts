import { describe, expect, it } from 'vitest';
import { newSubmitKey } from '../../../web/src/desk/draft.ts';
import { submitFailedText } from '../../../web/src/desk/request-body.ts';

// The request form's Idempotency-Key and what the operator reads when a submit fails (fa here).
describe('request form submit key', () => {
  it('is 128 random bits in the form the server accepts, new each time', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newSubmitKey()));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(k).toMatch(/^draft-[0-9a-f]{32}$/);
  });

  it('a draft registered before it was edited names that request, in Persian digits', () => {
    const text = submitFailedText({
      ok: false,
      status: 422,
      error: {
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: 'This draft was already registered',
        details: { trackingCode: '12345678' },
      },
    });
    expect(text).toContain('۱۲۳۴۵۶۷۸');
    expect(text).not.toMatch(/[0-9]/);
  });

  it('a lost answer reads as a network failure, so pressing Register again is the obvious step', () => {
    const text = submitFailedText({
      ok: false,
      status: 0,
      error: { code: 'NETWORK', message: 'TypeError: Failed to fetch' },
    });
    expect(text).toMatch(/^درخواست ثبت نشد: /);
    expect(text).not.toContain('TypeError');
  });
});
