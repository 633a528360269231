import { describe, expect, it } from 'vitest';
import { AddressGate, LoginThrottle, type ThrottleLimits } from '../../../src/auth/login-throttle.ts';

const LIMITS: ThrottleLimits = {
  userAtAddress: 3,
  user: 6,
  address: 10,
  maxDelayMs: 60_000,
  knownForMs: 3600_000,
  forgetAfterMs: 600_000,
};

/** An attempt that must be allowed; reports its outcome at once. */
function attempt(t: LoginThrottle, user: string, addr: string, ok: boolean, now: number): void {
  const a = t.begin(user, addr, now);
  if (!a.allowed) throw new Error(`refused ${user}@${addr} at ${now}`);
  a.done(ok, now);
}

describe('LoginThrottle', () => {
  it('counts attempts in flight: a parallel burst gets exactly the limit checked', () => {
    const t = new LoginThrottle(LIMITS);
    const burst = Array.from({ length: 100 }, () => t.begin('operator1', '10.0.0.9', 1000));
    expect(burst.filter((a) => a.allowed)).toHaveLength(3);
    for (const a of burst) if (a.allowed) a.done(false, 1000);
  });

  it('delays grow after the limit (1 s, 2 s, 4 s …) instead of a fixed lockout', () => {
    const t = new LoginThrottle(LIMITS);
    for (let i = 0; i < 3; i++) attempt(t, 'u', 'x', false, 0);
    const r = t.begin('u', 'x', 0);
    expect(r).toEqual({ allowed: false, retryAfterSeconds: 1 });
    attempt(t, 'u', 'x', false, 1000);
    expect(t.begin('u', 'x', 2500).allowed).toBe(false);
    attempt(t, 'u', 'x', false, 3000);
    expect(t.begin('u', 'x', 6999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    attempt(t, 'u', 'x', false, 7000);
    // Capped at maxDelayMs (60 s here), and forgotten after a quiet spell (forgetAfterMs).
    let last = 7000;
    for (let i = 0; i < 20; i++) attempt(t, 'u', 'x', false, (last += 60_000));
    expect(t.begin('u', 'x', last + 59_000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(t.begin('u', 'x', last + 30_000)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(t.begin('u', 'x', last + 600_001).allowed).toBe(true);
  });

  it('a guesser from many addresses cannot keep the user out of an address they signed in from', () => {
    const t = new LoginThrottle(LIMITS);
    attempt(t, 'operator1', 'desk', true, 0);
    for (let i = 0; i < 6; i++) attempt(t, 'operator1', `bot${i}`, false, 10);
    // A new address now waits (the username is under attack), the desk does not.
    expect(t.begin('operator1', 'bot-new', 20).allowed).toBe(false);
    expect(t.begin('operator1', 'desk', 20).allowed).toBe(true);
  });

  it('a guesser on one address does not lock the user out elsewhere; a success clears its own count only', () => {
    const t = new LoginThrottle(LIMITS);
    for (let i = 0; i < 3; i++) attempt(t, 'operator1', 'attacker', false, 0);
    expect(t.begin('operator1', 'attacker', 10).allowed).toBe(false);
    attempt(t, 'operator1', 'desk', true, 10);
    expect(t.begin('operator1', 'attacker', 10).allowed).toBe(false);
  });

  it('spraying many usernames from one address hits the address limit; a database error is no failure', () => {
    const t = new LoginThrottle(LIMITS);
    for (let i = 0; i < 10; i++) attempt(t, `user${i}`, 'spray', false, 0);
    expect(t.begin('user99', 'spray', 1).allowed).toBe(false);
    const t2 = new LoginThrottle(LIMITS);
    for (let i = 0; i < 5; i++) {
      const a = t2.begin('u', 'x', 0);
      if (a.allowed) a.done(null, 0);
    }
    expect(t2.begin('u', 'x', 0).allowed).toBe(true);
  });
});

describe('AddressGate', () => {
  it('lets `concurrent` in at once per address, queues the rest in order, refuses past maxWaiting', async () => {
    const g = new AddressGate(2, 2);
    const a = await g.enter('x');
    const b = await g.enter('x');
    const other = await g.enter('y');
    expect(other).not.toBeNull();
    const order: string[] = [];
    const c = g.enter('x').then((r) => (order.push('c'), r));
    const d = g.enter('x').then((r) => (order.push('d'), r));
    expect(await g.enter('x')).toBeNull();
    a!();
    (await c)!();
    b!();
    (await d)!();
    expect(order).toEqual(['c', 'd']);
    expect(await g.enter('x')).not.toBeNull();
  });
});
