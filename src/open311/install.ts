import type { Db } from '../db/index.ts';
import type { RequestsHandle } from '../requests/index.ts';
import type { Host } from '../shared/index.ts';
import type { TriageHandle } from '../triage/index.ts';
import { registerKeyRoutes } from './key-routes.ts';
import { createLimits } from './open311-limits.ts';
import { insertKey, serviceByCode, type ServiceRow } from './open311-repository.ts';
import { keyHash, open311ErrorHandler, PREFIX, registerOpen311Routes } from './open311-routes.ts';

/** The demo's key (embedded demo mode only): printed at start with the demo users. */
export const DEMO_OPEN311_KEY = 'demo-open311-key';

export type Open311Core = Pick<Host, 'logger' | 'api' | 'outside' | 'onStop'> & {
  db: Db;
  requests: Pick<RequestsHandle, 'service'>;
  /** Where a person is asked to look (no place, possible duplicate); null until triage is installed. */
  triage: TriageHandle | null;
  /** Shared rate-limit counts across nodes; null: this node counts alone. */
  redisUrl: string | null;
  /** The deployment's Redis prefix (its jobs prefix): two deployments on one Redis never share counts. */
  redisPrefix: string;
  /** Public reads a minute per address (default 120). */
  publicPerMinute?: number;
  /** Embedded demo mode: the key `demo-open311-key` exists. */
  demo: boolean;
};

/** What the app hands over besides the host: the requests service and the triage queue. */
export type Open311Deps = Pick<Open311Core, 'requests' | 'triage'>;

/** GeoReport v2 at /open311/v2 (outside /api/v1), and the admins' key routes in /api/v1. */
export async function install(core: Open311Core): Promise<void> {
  const log = core.logger.child({ mod: 'open311' });
  const { db } = core;
  const limits = createLimits(core.redisUrl, core.redisPrefix, log);
  core.onStop(() => limits.close());
  if (core.demo) {
    await insertKey(db, { name: 'demo', hash: keyHash(DEMO_OPEN311_KEY), perMinute: 600, createdBy: null });
  }
  const deps = {
    db,
    limits,
    logger: log,
    triage: core.triage,
    publicPerMinute: core.publicPerMinute ?? 120,
    registerExternal: core.requests.service.registerExternal.bind(core.requests.service),
    serviceByCode: cachedServices(db),
  };
  core.outside((app) => {
    app.register(
      async (scope) => {
        // GeoReport v2 clients post HTML forms (FixMyStreet does); repeated fields become lists.
        scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
          const fields: Record<string, string | string[]> = {};
          for (const [k, v] of new URLSearchParams(body as string)) {
            const had = fields[k];
            fields[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
          }
          done(null, fields);
        });
        scope.setErrorHandler(open311ErrorHandler(log));
        // Anything else under the prefix is Open311's 404, not the desk's page the static files serve.
        scope.route({
          method: ['GET', 'POST'],
          url: '/*',
          handler: async (req) => {
            throw notFoundError(req.url);
          },
        });
        registerOpen311Routes(scope, deps);
      },
      { prefix: PREFIX },
    );
  });
  core.api((api) => registerKeyRoutes(api, db));
}

/** Categories change a few times a year; each POST need not read its own again (10 s). */
function cachedServices(db: Db): (code: string) => Promise<ServiceRow | null> {
  const cache = new Map<string, { at: number; row: ServiceRow | null }>();
  return async (code) => {
    const hit = cache.get(code);
    if (hit && Date.now() - hit.at < 10_000) return hit.row;
    const row = await serviceByCode(db, code);
    if (cache.size >= 1000) cache.clear(); // unknown codes sent at random must not grow it
    cache.set(code, { at: Date.now(), row });
    return row;
  };
}

function notFoundError(url: string) {
  return Object.assign(new Error(`No document ${url.split('?')[0]}`), { statusCode: 404 });
}
