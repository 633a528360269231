import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { connectOutcome } from '../../helpers/sockets.ts';

// Issue 11, security 2 and 4: a parallel login burst is counted before any password is checked,
// per username and address (X-Forwarded-For believed from TRUSTED_PROXIES only); a page of
// another origin can neither change anything nor open a socket; security headers are sent.

describe('web security', () => {
  let app: TestApp;
  let own: string;
  let other: string;

  beforeAll(async () => {
    app = await startTestApp({ TRUSTED_PROXIES: '127.0.0.1' });
    own = app.url; // http://127.0.0.1:<port>
    const port = Number(new URL(app.url).port);
    other = `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}`; // same site, another origin
  });
  afterAll(async () => {
    await app?.close();
  });

  const loginAs = (username: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username, password }),
    });

  it('a parallel burst of 120 guesses for one user from one address: all but the limit refused; the user gets in from elsewhere', async () => {
    const from = { 'x-forwarded-for': '203.0.113.7' };
    const statuses = await Promise.all(
      Array.from({ length: 120 }, (_, i) => loginAs('operator2', `guess-${i}`, from).then((r) => r.status)),
    );
    const checked = statuses.filter((s) => s === 401).length;
    const refused = statuses.filter((s) => s === 429).length;
    expect(checked + refused).toBe(120);
    expect(checked).toBe(10); // the limit, exactly: counted before the password is checked
    expect(refused / (120 - 10)).toBeGreaterThanOrEqual(0.9);
    const again = await loginAs('operator2', 'demo137', from);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    // The real operator at their own desk (another address) is not locked out by the guesser.
    expect((await loginAs('operator2', 'demo137', { 'x-forwarded-for': '10.1.2.3' })).status).toBe(200);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const direct = await startTestApp();
    try {
      for (let i = 0; i < 10; i++) {
        const r = await fetch(`${direct.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}` },
          body: JSON.stringify({ username: 'operator3', password: 'wrong' }),
        });
        expect(r.status).toBe(401);
      }
      // Without TRUSTED_PROXIES every guess above came from 127.0.0.1, whatever the header said.
      const r = await fetch(`${direct.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.99' },
        body: JSON.stringify({ username: 'operator3', password: 'demo137' }),
      });
      expect(r.status).toBe(429);
    } finally {
      await direct.close();
    }
  });

  it('refuses a change from another origin (another port of the same host) and a cross-site one without Origin', async () => {
    const cookie = await login(app.url, 'operator1');
    const post = (headers: Record<string, string>, body = '{"state":"ready"}') =>
      fetch(`${app.url}/api/v1/operators/me/state`, { method: 'POST', headers: { cookie, ...headers }, body });
    const foreign = await post({ 'content-type': 'application/json', origin: other });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('FOREIGN_ORIGIN');
    expect((await post({ 'content-type': 'application/json', 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json', origin: 'null' })).status).toBe(403);
    // Nothing changed: the operator is still signed out of the queues.
    expect(app.operators.snapshot(app.directory.byInterface('PJSIP/1001')!.id).state).toBe('logged-out');
    // The app's own origin (and a client without Origin, like curl) may.
    expect((await post({ 'content-type': 'application/json', origin: own })).status).toBe(200);
    expect((await post({ 'content-type': 'application/json' }, '{"state":"logged-out"}')).status).toBe(200);
    // Logging out through a cross-origin POST is refused too (no body needed there).
    const out = await fetch(`${app.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, origin: other } });
    expect(out.status).toBe(403);
    expect((await api(app.url, cookie, 'GET', '/api/v1/auth/me')).status).toBe(200);
  });

  it('accepts only JSON bodies for changes: a text/plain or form POST is refused, even from the own origin', async () => {
    const cookie = await login(app.url, 'operator1');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await fetch(`${app.url}/api/v1/operators/me/state`, {
        method: 'POST',
        headers: { cookie, 'content-type': type, origin: own },
        body: '{"state":"ready"}',
      });
      expect(r.status, type).toBe(415);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const empty = await fetch(`${app.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain' },
    });
    expect(empty.status).toBe(415);
    expect(app.operators.snapshot(app.directory.byInterface('PJSIP/1001')!.id).state).toBe('logged-out');
  });

  it('refuses a socket from another origin; the own origin connects', async () => {
    const cookie = await login(app.url, 'supervisor1');
    const open = (origin?: string) =>
      ioClient(`${app.url}/wallboard`, {
        extraHeaders: { cookie, ...(origin ? { origin } : {}) },
        transports: ['websocket'],
        reconnection: false,
      });
    for (const [origin, want] of [
      [other, 'websocket error'],
      ['http://evil.example', 'websocket error'],
      [own, 'connected'],
    ] as const) {
      const s = open(origin);
      expect(await connectOutcome(s), origin).toBe(want);
      s.close();
    }
    const polling = ioClient(`${app.url}/wallboard`, {
      extraHeaders: { cookie, origin: other },
      transports: ['polling'],
      reconnection: false,
    });
    expect(await connectOutcome(polling)).not.toBe('connected');
    polling.close();
  });

  it('sends CSP (no framing), nosniff and a referrer policy on the app and the API', async () => {
    for (const path of ['/', '/wallboard.html', '/api/v1/auth/me', '/health']) {
      const r = await fetch(`${app.url}${path}`);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'self'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('same-origin');
      expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(r.headers.get('strict-transport-security')).toBeNull(); // no COOKIE_SECURE: plain HTTP
    }
  });
});
