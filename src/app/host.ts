import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { Server as IoServer } from 'socket.io';
import type { AppConfig } from '../config/index.ts';
import { buildServer } from '../http/index.ts';
import type { Host, Logger } from '../shared/index.ts';

export interface HostParts {
  host: Host;
  http: FastifyInstance;
  io: IoServer;
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
): HostParts {
  const api: Array<(api: FastifyInstance) => void> = [];
  const http = buildServer({ logger: log, api: [(scope) => api.forEach((register) => register(scope))], health });
  const io = new IoServer(http.server, {
    cors: cfg.allowedOrigins.length ? { origin: cfg.allowedOrigins, credentials: true } : undefined,
    serveClient: false,
  });
  if (cfg.redisUrl) {
    const redis = new Redis(cfg.redisUrl, { maxRetriesPerRequest: null });
    io.adapter(createAdapter(redis));
    onStop(() => redis.disconnect());
  }
  onStop(() => new Promise<void>((r) => io.close(() => r())));
  return { http, io, host: { logger: log, api: (register) => api.push(register), io, onStop } };
}
