import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';

// The office's settings: e-mail only with both SMTP_URL and MAIL_FROM; the reminder's share of the time.
describe('office configuration', () => {
  it('sends e-mail only when SMTP_URL and MAIL_FROM are both set', () => {
    expect(loadConfig({}).mail).toBeNull();
    expect(loadConfig({ SMTP_URL: 'smtp://mail.city.ir:587', MAIL_FROM: '137 <noreply@city.ir>' }).mail).toEqual({
      smtpUrl: 'smtp://mail.city.ir:587',
      from: '137 <noreply@city.ir>',
    });
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.city.ir:587' })).toThrow(/SMTP_URL and MAIL_FROM/);
    expect(() => loadConfig({ MAIL_FROM: 'noreply@city.ir' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.city.ir', MAIL_FROM: 'a@b.c' })).toThrow(/smtp/);
  });

  it('reminds at 75% of the time unless told otherwise, strictly between 0 and 1', () => {
    expect(loadConfig({}).reminderShare).toBe(0.75);
    expect(loadConfig({ REMINDER_SHARE: '0.5' }).reminderShare).toBe(0.5);
    for (const bad of ['0', '1', '1.5', 'x'])
      expect(() => loadConfig({ REMINDER_SHARE: bad }), bad).toThrow(ConfigError);
  });
});
