// The supervisor's wallboard: live socket picture, KPIs and series, listen/whisper/barge.
export { install, type WallboardCore, type WallboardHandle } from './install.ts';
export { SUPERVISORS_ROOM, DEFAULT_PUSH_INTERVAL_MS, canWatchWallboard } from './wallboard-gateway.ts';
export type * from './wallboard-events.ts';
