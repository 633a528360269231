import type { FastifyInstance } from 'fastify';
import { requireRole } from '../auth/index.ts';

/** The tile server of the analytics map (MAP_TILE_URL); null: the page draws no map and fetches no tiles. */
export interface MapTiles {
  tileUrl: string;
  attribution: string | null;
}

// The same readers as the figures: the map only shows the points the hotspots list already gives.
const READERS = { preHandler: requireRole('supervisor', 'admin', 'viewer', 'manager', 'council') };

/** GET /analytics/map → {tileUrl, attribution}, both null when no tile server is configured. */
export function registerMapRoute(app: FastifyInstance, map: MapTiles | null): void {
  app.get('/analytics/map', READERS, async () => ({
    tileUrl: map?.tileUrl ?? null,
    attribution: map?.attribution ?? null,
  }));
}
