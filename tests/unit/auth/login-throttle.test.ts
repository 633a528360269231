import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../../src/auth/login-throttle.ts';

describe('LoginThrottle', () => {
  it('refuses after too many failures within the window and allows again after it', () => {
    const t = new LoginThrottle(3, 60_000);
    const keys = ['u:operator1', 'ip:127.0.0.1'];
    for (let i = 0; i < 3; i++) t.fail(keys, 1000 + i);
    expect(t.retryAfter(keys, 2000)).toBe(59);
    expect(t.retryAfter(['u:operator2'], 2000)).toBe(0);
    expect(t.retryAfter(keys, 62_000)).toBe(0);
  });
  it('a success clears the username but not the address', () => {
    const t = new LoginThrottle(2, 60_000);
    t.fail(['u:a', 'ip:x'], 0);
    t.fail(['u:a', 'ip:x'], 1);
    t.succeed('u:a');
    expect(t.retryAfter(['u:a'], 10)).toBe(0);
    expect(t.retryAfter(['ip:x'], 10)).toBeGreaterThan(0);
  });
});
