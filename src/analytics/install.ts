import type { Db } from '../db/index.ts';
import type { Host } from '../shared/index.ts';
import { registerAnalyticsRoutes } from './analytics-routes.ts';

/** What analytics needs: its REST scope, the database (reads only) and the centre's time zone. */
export type AnalyticsCore = Pick<Host, 'api'> & { db: Db; timeZone: string };

/** Routes under /analytics: request counts per Jalali period, resolution times, unit accountability. */
export function install(core: AnalyticsCore): void {
  core.api((api) => registerAnalyticsRoutes(api, { db: core.db, timeZone: core.timeZone }));
}
