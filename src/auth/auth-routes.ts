import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole } from './guards.ts';
import { apiDoc, AppError, parseInput } from '../shared/index.ts';
import { SESSION_COOKIE, type AuthService } from './auth-service.ts';
import { AddressGate, LoginThrottle } from './login-throttle.ts';
import type { SessionUser } from './auth-types.ts';

const loginBody = z.object({
  username: z.string().trim().min(1).max(80),
  password: z.string().min(1).max(200),
});

function tooMany(reply: FastifyReply, seconds: number): AppError {
  reply.header('retry-after', String(seconds));
  const wait = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return new AppError(
    'TOO_MANY_ATTEMPTS',
    429,
    `Too many wrong passwords; try again in ${wait}, or ask a supervisor to check your account`,
  );
}

export function registerAuthRoutes(
  app: FastifyInstance,
  deps: {
    auth: AuthService;
    secureCookies: boolean;
    ttlHours: number;
    onSignOut?: (user: SessionUser) => Promise<void>;
  },
): void {
  // Password guessing: see login-throttle.ts. req.ip is the client's own address when the proxy
  // in front is trusted (TRUSTED_PROXIES), else the connecting one.
  const throttle = new LoginThrottle();
  const gate = new AddressGate();
  const loginDoc = apiDoc({
    summary: 'Sign in (public, throttled per username and address): sets the session cookie, answers { user }',
    tags: 'auth',
    body: loginBody,
    response: {
      200: { description: 'Signed in; the session cookie is set' },
      401: { description: 'Wrong username or password (INVALID_CREDENTIALS)' },
      429: { description: 'Too many wrong passwords (TOO_MANY_ATTEMPTS); see Retry-After' },
    },
    public: true,
  });
  app.post('/auth/login', { schema: loginDoc }, async (req, reply) => {
    const body = parseInput(loginBody, req.body);
    const release = await gate.enter(req.ip);
    if (!release) throw tooMany(reply, 1);
    let session;
    try {
      const attempt = throttle.begin(body.username.toLowerCase(), req.ip);
      if (!attempt.allowed) throw tooMany(reply, attempt.retryAfterSeconds);
      try {
        session = await deps.auth.login(body.username, body.password);
        attempt.done(true);
      } catch (err) {
        attempt.done(err instanceof AppError && err.code === 'INVALID_CREDENTIALS' ? false : null);
        throw err;
      }
    } finally {
      release();
    }
    const { token, user } = session;
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookies,
      maxAge: deps.ttlHours * 3600,
    });
    return { user };
  });

  const logoutDoc = apiDoc({
    summary:
      'Sign out (any session, or none): ends the session, clears the cookie, takes an operator out of the queues',
    tags: 'auth',
    response: { 204: { description: 'Signed out' } },
  });
  app.post('/auth/logout', { schema: logoutDoc }, async (req, reply) => {
    // Signing out of the desk also takes the operator out of the queues: no calls to an empty chair.
    if (req.user && deps.onSignOut)
      await deps
        .onSignOut(req.user)
        .catch((err) => req.log.warn({ err: (err as Error).message }, 'sign-out: queue logout failed'));
    await deps.auth.logout(req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies });
    return reply.code(204).send();
  });

  const meDoc = apiDoc({ summary: 'The signed-in user (any role): { user }', tags: 'auth' });
  app.get('/auth/me', { preHandler: requireRole(), schema: meDoc }, async (req) => ({ user: currentUser(req) }));
}
