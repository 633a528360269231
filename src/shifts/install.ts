import type { ShiftCalendar, ShiftRef } from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import type { Host } from '../shared/index.ts';
import type { OpenWork } from './handover-service.ts';
import { listRoster, rosterOf, seedDemoRoster, type RosterRow } from './roster-repository.ts';
import { registerShiftRoutes } from './shift-routes.ts';

/**
 * What shifts needs from the app: its REST scope (no sockets), the database, the centre's shifts,
 * the KPI settings of the hand-over and the requests' open work (lent: shifts may not import requests).
 */
export type ShiftsCore = Pick<Host, 'api'> & {
  db: Db;
  calendar: ShiftCalendar;
  openWork: OpenWork;
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
  /** Demo mode: seed the demo roster (only into an empty roster). */
  demoRoster: boolean;
};

/** The roster as others read it (the wallboard marks absent operators). */
export interface ShiftsHandle {
  listRoster(f?: { date?: string; shift?: string }): Promise<RosterRow[]>;
  /** Operators rostered for a shift; null with an empty roster (nobody is absent then). */
  rosterOf(ref: ShiftRef): Promise<string[] | null>;
}

/** Seeds the demo roster in demo mode, and registers the roster and hand-over routes. */
export async function install(core: ShiftsCore): Promise<ShiftsHandle> {
  const { db, calendar } = core;
  if (core.demoRoster) await seedDemoRoster(db, calendar.names);
  core.api((api) =>
    registerShiftRoutes(api, {
      db,
      calendar,
      openWork: core.openWork,
      serviceLevelSeconds: core.serviceLevelSeconds,
      shortAbandonSeconds: core.shortAbandonSeconds,
    }),
  );
  return { listRoster: (f) => listRoster(db, f), rosterOf: (ref) => rosterOf(db, ref) };
}
