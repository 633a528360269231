import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { AppError, RateLimiter } from '../shared/index.ts';
import { metricsGuard, type MetricsAccess } from './metrics-access.ts';

/** A scraper asks every 10–60 s; more than this from one address is a flood, refused before any work. */
const SCRAPE_LIMIT = { perMinute: 120, burst: 20 };

/** GET /metrics: Prometheus text format of this node, outside /api/v1 (no session: a token or an address). */
export function registerMetricsRoute(app: FastifyInstance, d: { registry: Registry; access: MetricsAccess }): void {
  const guard = metricsGuard(d.access);
  const limiter = new RateLimiter(SCRAPE_LIMIT);
  app.get('/metrics', async (req, reply) => {
    if (!limiter.take(req.ip)) {
      const s = Math.max(1, Math.ceil(limiter.retryAfterMs(req.ip) / 1000));
      reply.header('retry-after', String(s));
      throw new AppError('RATE_LIMITED', 429, `Too many scrapes; try again in ${s} s`);
    }
    guard(req);
    const body = await d.registry.metrics();
    return reply.header('content-type', d.registry.contentType).header('cache-control', 'no-store').send(body);
  });
}
