// The supervisor's wallboard: live socket picture, KPIs and series, listen/whisper/barge.
import type { Server } from 'socket.io';
import type { AuthService } from '../auth/auth-service.ts';
import type { ShiftDef } from '../calendar/index.ts';
import type { CallTracker } from '../cti/call-tracker.ts';
import type { CtiBus } from '../cti/cti-events.ts';
import type { OperatorDirectory } from '../cti/operator-directory.ts';
import type { OperatorService } from '../cti/operator-service.ts';
import type { QueueState } from '../cti/queue-state.ts';
import type { ShiftRef } from '../calendar/index.ts';
import type { Db } from '../db/pool.ts';
import type { Logger } from '../shared/logger.ts';
import { WallboardGateway } from './wallboard-gateway.ts';
import { WallboardKpis } from './wallboard-kpis.ts';
import { WallboardLive } from './wallboard-live.ts';

export { registerSupervisionRoutes } from './supervision-routes.ts';
export { SupervisionService, CHANSPY_OPTIONS, chanSpyPrefix, type SpyPbx } from './supervision-service.ts';
export { SpySessions } from './spy-sessions.ts';
export { seedDemoSupervisorPhones } from './wallboard-repository.ts';
export {
  WallboardGateway,
  SUPERVISORS_ROOM,
  DEFAULT_PUSH_INTERVAL_MS,
  canWatchWallboard,
} from './wallboard-gateway.ts';
export type * from './wallboard-events.ts';

export interface WallboardDeps {
  io: Server;
  auth: AuthService;
  db: Db;
  bus: CtiBus;
  tracker: CallTracker;
  queues: QueueState;
  directory: OperatorDirectory;
  operators: () => OperatorService;
  shiftFor: (at: number) => ShiftRef;
  shifts: ShiftDef[];
  timezone: string;
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
  survey: { priorWeight: number; minResponses: number };
  logger: Logger;
  pushIntervalMs?: number;
  /** Operators rostered for a shift (null: no roster yet), for "logged out while rostered". */
  rosterOf?: (shift: ShiftRef) => Promise<string[] | null>;
}

export interface Wallboard {
  gateway: WallboardGateway;
  kpis: WallboardKpis;
  /** Operator state changed outside the bus (wrap-up end, a supervisor's action). */
  markDirty(): void;
  /** Pause allowances were edited: reload them now. */
  settingsChanged(): void;
  stop(): void;
}

/** Builds the live and KPI halves and the /wallboard gateway that pushes them. */
export function startWallboard(d: WallboardDeps): Wallboard {
  let gateway: WallboardGateway | null = null;
  const changed = () => gateway?.markDirty();
  const kpis = new WallboardKpis({
    db: d.db,
    shiftFor: d.shiftFor,
    shifts: d.shifts,
    timezone: d.timezone,
    queueNames: () => d.queues.snapshot().map((q) => q.name),
    serviceLevelSeconds: d.serviceLevelSeconds,
    shortAbandonSeconds: d.shortAbandonSeconds,
    survey: d.survey,
    logger: d.logger,
    onChange: changed,
    watching: () => gateway?.watching() ?? false,
    rosterOf: d.rosterOf,
  });
  const live = new WallboardLive({
    bus: d.bus,
    tracker: d.tracker,
    queues: d.queues,
    directory: d.directory,
    operators: d.operators,
    rostered: () => kpis.rostered,
    onChange: changed,
  });
  gateway = new WallboardGateway({ ...d, live, kpis });
  // Call records change the KPIs: refresh them (rate-limited inside) as calls move.
  for (const e of ['call:queued', 'call:answered', 'call:ended'] as const) d.bus.on(e, () => kpis.request());
  void kpis.ready();
  return {
    gateway,
    kpis,
    markDirty: changed,
    settingsChanged: () => void kpis.refresh(),
    stop() {
      kpis.stop();
      gateway?.stop();
    },
  };
}
