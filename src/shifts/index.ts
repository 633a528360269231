export { registerShiftRoutes, type ShiftRoutesDeps } from './shift-routes.ts';
export { seedDemoRoster, listRoster, type RosterEntry, type RosterRow } from './roster-repository.ts';
export { handoverSummary, type Handover, type HandoverOperator } from './handover-service.ts';
