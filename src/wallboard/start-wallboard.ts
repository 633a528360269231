import type { Server } from 'socket.io';
import type { AuthService } from '../auth/index.ts';
import type { ShiftCalendar, ShiftRef } from '../calendar/index.ts';
import type { CallTracker, CtiBus, OperatorDirectory, OperatorService, QueueState } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { ClusterView, Logger, RateLimitSettings } from '../shared/index.ts';
import { WallboardGateway } from './wallboard-gateway.ts';
import { WallboardKpis } from './wallboard-kpis.ts';
import { WallboardLive } from './wallboard-live.ts';

export interface WallboardDeps {
  io: Server;
  auth: AuthService;
  db: Db;
  bus: CtiBus;
  tracker: CallTracker;
  queues: QueueState;
  directory: OperatorDirectory;
  operators: () => OperatorService;
  calendar: ShiftCalendar;
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
  survey: { priorWeight: number; minResponses: number };
  logger: Logger;
  pushIntervalMs?: number;
  eventLimit?: RateLimitSettings;
  /** Operators rostered for a shift (null: no roster yet), for "logged out while rostered". */
  rosterOf?: (shift: ShiftRef) => Promise<string[] | null>;
  callbackCounts?: (from: Date, to: Date) => Promise<{ owed: number; made: number; reached: number }>;
  triageBacklog?: () => Promise<{ waiting: number; oldestAt: string | null }>;
  /** Only the node that owns the PBX links builds and pushes the picture. */
  cluster: ClusterView;
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
    calendar: d.calendar,
    queueNames: () => d.queues.snapshot().map((q) => q.name),
    serviceLevelSeconds: d.serviceLevelSeconds,
    shortAbandonSeconds: d.shortAbandonSeconds,
    survey: d.survey,
    logger: d.logger,
    onChange: changed,
    watching: () => gateway?.watching() ?? false,
    rosterOf: d.rosterOf,
    callbackCounts: d.callbackCounts,
    triageBacklog: d.triageBacklog,
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
  // A queue first seen (members added after the AMI login) needs its own row of figures.
  d.bus.on('member:changed', () => {
    if (kpis.queuesChanged()) kpis.request();
  });
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
