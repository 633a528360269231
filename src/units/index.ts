// Units' only public face: the executive units' tree, category → unit routing per district, working
// hours and deadlines counted in them, the chain up the tree, who works where, and install(core).
export type {
  UnitKind,
  DeadlineBasis,
  WorkingHours,
  UnitView,
  RouteTarget,
  UnitUser,
  UnitRouteView,
  UnitMemberView,
} from './units-types.ts';
export { computeDeadline } from './working-hours.ts';
export {
  resolveRoute,
  resolveRouteAt,
  workingHoursOf,
  unitChain,
  unitUsers,
  unitExists,
  unitNames,
  unitOverview,
  type UnitOverview,
} from './unit-repository.ts';
export { install, type UnitsCore } from './install.ts';
