import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole } from './guards.ts';
import { parseInput } from '../shared/index.ts';
import { AppError } from '../shared/index.ts';
import { SESSION_COOKIE, type AuthService } from './auth-service.ts';
import { LoginThrottle } from './login-throttle.ts';
import type { SessionUser } from './auth-types.ts';

const loginBody = z.object({
  username: z.string().trim().min(1).max(80),
  password: z.string().min(1).max(200),
});

export function registerAuthRoutes(
  app: FastifyInstance,
  deps: {
    auth: AuthService;
    secureCookies: boolean;
    ttlHours: number;
    onSignOut?: (user: SessionUser) => Promise<void>;
  },
): void {
  // Per username, and (much looser) per address: a whole centre may sit behind one NAT address.
  const byUser = new LoginThrottle(10);
  const byAddress = new LoginThrottle(100);
  app.post('/auth/login', async (req, reply) => {
    const body = parseInput(loginBody, req.body);
    const userKey = body.username.toLowerCase();
    const wait = Math.max(byUser.retryAfter([userKey]), byAddress.retryAfter([req.ip]));
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new AppError(
        'TOO_MANY_ATTEMPTS',
        429,
        `Too many wrong passwords; try again in ${Math.ceil(wait / 60)} minutes or ask a supervisor`,
      );
    }
    let session;
    try {
      session = await deps.auth.login(body.username, body.password);
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') {
        byUser.fail([userKey]);
        byAddress.fail([req.ip]);
      }
      throw err;
    }
    byUser.succeed(userKey);
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

  app.post('/auth/logout', async (req, reply) => {
    // Signing out of the desk also takes the operator out of the queues: no calls to an empty chair.
    if (req.user && deps.onSignOut)
      await deps
        .onSignOut(req.user)
        .catch((err) => req.log.warn({ err: (err as Error).message }, 'sign-out: queue logout failed'));
    await deps.auth.logout(req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/auth/me', { preHandler: requireRole() }, async (req) => ({ user: currentUser(req) }));
}
