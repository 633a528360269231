import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { Server as IoServer } from 'socket.io';
import type { AppConfig } from '../config/index.ts';
import { buildServer, originAllowed, type DocsOptions } from '../http/index.ts';
import type { ClusterView, Host, Logger } from '../shared/index.ts';
import { localFirstAdapter } from './local-first-adapter.ts';

export interface HostParts {
  host: Host;
  http: FastifyInstance;
  io: IoServer;
  /** Whether the sockets' Redis is connected now; null without REDIS_URL. */
  redisUp: () => boolean | null;
}

/**
 * The HTTP server, socket.io on it (on Redis streams with several nodes), and the Host every
 * install(core) receives. Domains add routes after the server is built: the /api/v1 scope reads
 * the list when fastify loads its plugins, at listen, after every install has run.
 */
export function buildHost(
  cfg: AppConfig,
  log: Logger,
  onStop: (fn: () => Promise<unknown> | unknown) => void,
  health: () => Promise<{ ok: boolean; details: Record<string, unknown> }>,
  /** The deployment's name on Redis (the jobs prefix): its nodes share socket.io rooms, no one else. */
  clusterName = 'cti137',
  /** The OpenAPI document and Swagger UI at /docs (unset: none). */
  docs: DocsOptions | undefined,
  cluster: ClusterView,
): HostParts {
  const api: Array<(api: FastifyInstance) => void> = [];
  const outside: Array<(app: FastifyInstance) => void> = [];
  const http = buildServer({
    logger: log,
    api: [(scope) => api.forEach((register) => register(scope))],
    outside: [(scope) => outside.forEach((register) => register(scope))],
    health,
    // auth's session resolver ran first in the scope: a signed-in user is counted as one client.
    rateLimit: { perMinute: cfg.rateLimits.apiPerMinute, clientKey: (req) => req.user?.id ?? null },
    security: { allowedOrigins: cfg.allowedOrigins, hsts: cfg.cookieSecure, imgOrigins: cfg.map?.imgSources ?? [] },
    trustProxy: cfg.trustedProxies,
    docs,
  });
  const io = new IoServer(http.server, {
    cors: cfg.allowedOrigins.length ? { origin: cfg.allowedOrigins, credentials: true } : undefined,
    serveClient: false,
    // A page of another origin (another port of this host is the same site, so the SameSite
    // cookie travels) must not open a socket as the signed-in user and read the wallboard.
    allowRequest: (req, done) => {
      const ok = originAllowed(req.headers, cfg.allowedOrigins);
      done(ok ? null : 'foreign origin', ok);
    },
  });
  let redisUp: () => boolean | null = () => null;
  if (cfg.redisUrl) {
    const redis = new Redis(cfg.redisUrl, { maxRetriesPerRequest: null });
    // ioredis reconnects by itself; without a listener its errors would be printed raw.
    redis.on('error', (err: Error) => log.debug({ err: err.message }, 'socket.io Redis connection error'));
    io.adapter(localFirstAdapter(redis, `${clusterName}:socket.io`) as unknown as Parameters<typeof io.adapter>[0]);
    redisUp = () => redis.status === 'ready';
    onStop(() => redis.disconnect());
  }
  onStop(() => new Promise<void>((r) => io.close(() => r())));
  return {
    http,
    io,
    redisUp,
    host: {
      logger: log,
      api: (register) => api.push(register),
      outside: (register) => outside.push(register),
      io,
      onStop,
      cluster,
    },
  };
}
