import type { Db } from '../db/index.ts';
import type { Host } from '../shared/index.ts';
import { registerUnitRoutes } from './units-routes.ts';

/** What units needs from the app: a logger, its REST scope and the database (no sockets, no jobs). */
export type UnitsCore = Pick<Host, 'logger' | 'api'> & { db: Db };

/** Registers the units tree, its admin, category routing and membership routes. */
export function install(core: UnitsCore): void {
  core.api((api) => registerUnitRoutes(api, { db: core.db, logger: core.logger }));
}
