// Shifts' only public face: the roster (who works when) and the shift hand-over, and install(core).
export { install, type ShiftsCore, type ShiftsHandle } from './install.ts';
export {
  seedDemoRoster,
  listRoster,
  rosterOf,
  WEEKDAYS,
  type Weekday,
  type RosterEntry,
  type RosterRow,
} from './roster-repository.ts';
export {
  handoverSummary,
  type Handover,
  type HandoverDeps,
  type HandoverOperator,
  type OpenRequest,
  type OpenWork,
} from './handover-service.ts';
