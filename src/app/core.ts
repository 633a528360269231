import type { ShiftCalendar } from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import type { Jobs } from '../jobs/index.ts';
import type { Host } from '../shared/index.ts';

/** What every install receives: the host (logger, routes, sockets, stop hooks) and the shared engines. */
export type Core = Host & { db: Db; jobs: Jobs; calendar: ShiftCalendar };
