import type { Db } from '../db/index.ts';
import type { Host } from '../shared/index.ts';
import { registerExportRoutes } from './export-routes.ts';

/** What exports need from the app: the REST scope, the database and the centre's time zone. */
export type ExportsCore = Pick<Host, 'logger' | 'api'> & {
  db: Db;
  /** The centre's zone: the worklist's date filters are its days; dates are shown in it. */
  timeZone: string;
};

/** The request export routes (CSV and XLSX, streamed, audited). */
export function install(core: ExportsCore): void {
  const deps = { db: core.db, timeZone: core.timeZone, logger: core.logger.child({ mod: 'exports' }) };
  core.api((api) => registerExportRoutes(api, deps));
}
