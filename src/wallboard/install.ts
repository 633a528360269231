import type { AuthHandle } from '../auth/index.ts';
import type { ShiftCalendar } from '../calendar/index.ts';
import type { CtiHandle } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { Host, RateLimitSettings } from '../shared/index.ts';
import type { ShiftsHandle } from '../shifts/index.ts';
import type { CallbacksHandle } from '../callbacks/index.ts';
import type { TriageFullHandle } from '../triage/index.ts';
import { SpySessions } from './spy-sessions.ts';
import { registerSupervisionRoutes } from './supervision-routes.ts';
import { SupervisionService } from './supervision-service.ts';
import { seedDemoSupervisorExtension } from './supervisor-phone-repository.ts';
import { extensionOf, SupervisorPhones } from './supervisor-phones.ts';
import { startWallboard } from './start-wallboard.ts';
import { registerWallboardRoutes } from './wallboard-routes.ts';
import { canWatchWallboard } from './wallboard-gateway.ts';
import { seedDemoSupervisorPhones } from './wallboard-repository.ts';

export type WallboardCore = Host & {
  db: Db;
  auth: Pick<AuthHandle, 'service' | 'watchSockets'>;
  calendar: ShiftCalendar;
  /** The live picture (calls, queues, operators) and each server's AMI (ChanSpy is originated there). */
  cti: Pick<CtiHandle, 'bus' | 'tracker' | 'queueState' | 'directory' | 'operators' | 'amis'>;
  /** Who is rostered: a logged-out operator rostered for the current shift shows as absent. */
  shifts: Pick<ShiftsHandle, 'rosterOf'>;
  /** Callbacks owed, made and reached (the board's callback tile). */
  callbacks?: Pick<CallbacksHandle, 'counts'>;
  /** The triage backlog and its age (the board's triage tile); its changes refresh the figures. */
  triage?: Pick<TriageFullHandle, 'backlog' | 'onChange'>;
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
  survey: { priorWeight: number; minResponses: number };
  /** Demo mode: the phone supervisors and admins listen from until they set theirs (PJSIP/2001). */
  demoSupervisorPhone?: string;
  /** Fewest ms between two wallboard pushes (default DEFAULT_PUSH_INTERVAL_MS). */
  pushIntervalMs?: number;
  /** Events each user may send on /wallboard (snapshot): a flood is refused, not served. */
  eventLimit?: RateLimitSettings;
};

export interface WallboardHandle {
  /** Operator state changed outside the bus (wrap-up end, a supervisor's action). */
  markDirty(): void;
  /** Pause allowances were edited: reload them now. */
  settingsChanged(): void;
  /** Stops the wallboard's timers (install already registers it with `onStop`). */
  stop(): void;
}

/**
 * The wallboard's wiring: listen/whisper/barge (each spy followed through every PBX's AMI events,
 * to audit its end) with the supervision routes, and the /wallboard namespace with its live and
 * KPI halves.
 */
export async function install(core: WallboardCore): Promise<WallboardHandle> {
  const { db, cti } = core;
  const supervisionLog = core.logger.child({ mod: 'supervision' });
  const spies = new SpySessions({ db, logger: supervisionLog });
  for (const ami of cti.amis.values()) ami.on('event', (m) => spies.observe(m));
  const phones = new SupervisorPhones({ db, directory: cti.directory, servers: () => [...cti.amis.keys()] });
  const supervision = new SupervisionService({
    db,
    directory: cti.directory,
    operators: () => cti.operators,
    pbx: (serverId) => cti.amis.get(serverId) ?? null,
    logger: supervisionLog,
    spies,
    phones,
  });
  if (core.demoSupervisorPhone) {
    await seedDemoSupervisorExtension(db, extensionOf(core.demoSupervisorPhone)!);
    await seedDemoSupervisorPhones(db, core.demoSupervisorPhone);
  }
  const wallboard = startWallboard({
    io: core.io,
    auth: core.auth.service,
    db,
    bus: cti.bus,
    tracker: cti.tracker,
    queues: cti.queueState,
    directory: cti.directory,
    operators: () => cti.operators,
    calendar: core.calendar,
    serviceLevelSeconds: core.serviceLevelSeconds,
    shortAbandonSeconds: core.shortAbandonSeconds,
    survey: core.survey,
    logger: core.logger.child({ mod: 'wallboard' }),
    pushIntervalMs: core.pushIntervalMs,
    eventLimit: core.eventLimit,
    rosterOf: (ref) => core.shifts.rosterOf(ref),
    callbackCounts: core.callbacks ? (from, to) => core.callbacks!.counts(from, to) : undefined,
    triageBacklog: core.triage ? () => core.triage!.backlog() : undefined,
    cluster: core.cluster,
  });
  core.triage?.onChange(() => wallboard.kpis.request());
  core.api((api) => {
    registerSupervisionRoutes(api, { db, supervision, phones, changed: () => wallboard.settingsChanged() });
    registerWallboardRoutes(api, wallboard.gateway);
  });
  core.onStop(() => wallboard.stop());
  // Operator state changed (a desk button, a supervisor, the end of a wrap-up): redraw soon.
  cti.bus.on('operator:changed', () => wallboard.markDirty());
  // A demoted supervisor stops receiving the live picture at the next sweep.
  core.auth.watchSockets({ nsp: core.io.of('/wallboard'), allowed: canWatchWallboard });
  return { markDirty: wallboard.markDirty, settingsChanged: wallboard.settingsChanged, stop: wallboard.stop };
}
