import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireRole } from '../auth/index.ts';
import { apiDoc } from '../shared/index.ts';

/** The tile server of the analytics map (MAP_TILE_URL); null: the page draws no map and fetches no tiles. */
export interface MapTiles {
  tileUrl: string;
  attribution: string | null;
}

const mapAnswer = z.object({ tileUrl: z.string().nullable(), attribution: z.string().nullable() });
/** What GET /analytics/map answers (the page's MapConfig). */
export type MapAnswer = z.infer<typeof mapAnswer>;

const DOC = apiDoc({
  summary:
    'The tile server of the analytics map; both null when none is configured (supervisors, admins, viewers, managers, councils)',
  tags: 'analytics',
  response: { 200: mapAnswer },
});

// The same readers as the figures: the map only shows the points the hotspots list already gives.
const READERS = { preHandler: requireRole('supervisor', 'admin', 'viewer', 'manager', 'council') };

/** GET /analytics/map → {tileUrl, attribution}, both null when no tile server is configured. */
export function registerMapRoute(app: FastifyInstance, map: MapTiles | null): void {
  app.get('/analytics/map', { ...READERS, schema: DOC }, async (): Promise<MapAnswer> => ({
    tileUrl: map?.tileUrl ?? null,
    attribution: map?.attribution ?? null,
  }));
}
