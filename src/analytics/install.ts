import type { Db } from '../db/index.ts';
import type { Host } from '../shared/index.ts';
import { alignRollupZone } from './rollup-repository.ts';
import { registerAnalyticsRoutes } from './analytics-routes.ts';
import { registerMapRoute, type MapTiles } from './map-route.ts';
import { startHistogramRefresher } from './histogram-refresher.ts';
import { hotspotIndex } from './hotspot-index.ts';

/** What analytics needs: its REST scope, the database (reads only) and the centre's time zone. */
export type AnalyticsCore = Pick<Host, 'api' | 'logger' | 'onStop'> & {
  db: Db;
  timeZone: string;
  map?: MapTiles | null;
  /** How often the month histograms of changed months are rebuilt (s); 0: never (tests, one-off tools). */
  histogramRefreshSeconds: number;
};

/** Routes under /analytics: request counts per Jalali period, resolution times, unit accountability. */
export function install(core: AnalyticsCore): void {
  core.api((api) => registerAnalyticsRoutes(api, { db: core.db, timeZone: core.timeZone }));
  core.api((api) => registerMapRoute(api, core.map ?? null));
  const warm = () => hotspotIndex(core.db).sync(core.timeZone);
  core.onStop(startHistogramRefresher(core.db, core.logger, core.histogramRefreshSeconds, warm));
  // In the background: the routes answer exactly from the requests until the roll-up is in this zone.
  void alignRollupZone(core.db, core.timeZone)
    .then((rebuilt) => rebuilt && core.logger.info({ timeZone: core.timeZone }, 'analytics roll-up recounted'))
    .catch((err: Error) => core.logger.error({ err: err.message }, 'analytics roll-up not recounted'));
}
