import { AmiClient } from '../asterisk/ami/index.ts';
import type { ShiftCalendar } from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import { unavailable, type Host } from '../shared/index.ts';
import { CallRecorder } from './call-recorder.ts';
import { CallTracker } from './call-tracker.ts';
import type { WrapUpEnd } from './cti-jobs.ts';
import { CtiBus } from './cti-events.ts';
import { registerCtiRoutes } from './cti-routes.ts';
import { OperatorDirectory } from './operator-directory.ts';
import { registerOperatorRoutes } from './operator-routes.ts';
import { OperatorService } from './operator-service.ts';
import { linkPbx } from './pbx-link.ts';
import { QueueState } from './queue-state.ts';

/**
 * The part of the app's job queue cti uses. Structural, so that cti need not import the jobs
 * layer: the app's `Jobs` fits it once cti-jobs.ts has declared 'wrapup-end'.
 */
export interface WrapUpJobs {
  schedule(name: 'wrapup-end', data: WrapUpEnd, opts: { delayMs: number }): Promise<void>;
  handle(name: 'wrapup-end', handler: (data: WrapUpEnd) => Promise<void>): void;
}

/** One Asterisk server as cti reaches it: its id (operators.server_id names it) and AMI login. */
export interface CtiServer {
  id: string;
  ami: { host: string; port: number; username: string; secret: string };
}

/** What cti needs from the app. No socket server: cti opens no namespace (the desk and wallboard do). */
export type CtiCore = Pick<Host, 'logger' | 'api' | 'onStop' | 'cluster'> & {
  db: Db;
  jobs: WrapUpJobs;
  calendar: ShiftCalendar;
  servers: readonly CtiServer[];
  /** Dialled numbers that make a new channel a citizen's call (['137']). */
  serviceNumbers: string[];
  wrapupSeconds: number;
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
};

/** The live CTI picture other domains read and listen to. */
export interface CtiHandle {
  bus: CtiBus;
  tracker: CallTracker;
  recorder: CallRecorder;
  directory: OperatorDirectory;
  queueState: QueueState;
  operators: OperatorService;
  calendar: ShiftCalendar;
  /** AMI by server id, linked to the CTI state but not started: the app starts them once every domain listens. */
  amis: Map<string, AmiClient>;
  /** The callbacks domain (installed later) adds its counts to GET /kpis. */
  setCallbackCounts(fn: CallbackCountsFn): void;
}

/** Callbacks owed now; made and reached in [from, to). */
export type CallbackCountsFn = (from: Date, to: Date) => Promise<{ owed: number; made: number; reached: number }>;

/**
 * The CTI core: bus, operator directory, call tracker and recorder, queue picture, operator
 * service with its wrap-up job, one AMI link per Asterisk server, and the call and operator routes.
 * Operator state changes go out on the bus as 'operator:changed'.
 */
export async function install(core: CtiCore): Promise<CtiHandle> {
  const { db, calendar } = core;
  const bus = new CtiBus();
  const directory = new OperatorDirectory(db);
  await directory.load();
  const tracker = new CallTracker(bus, { serviceNumbers: core.serviceNumbers });
  const recorder = new CallRecorder({
    db,
    bus,
    operators: directory,
    logger: core.logger.child({ mod: 'cdr' }),
    calendar,
  });
  core.onStop(() => recorder.flush());
  const queueState = new QueueState(bus, tracker, directory, (key) => recorder.knownId(key));
  const amis = new Map<string, AmiClient>();
  const operators = startOperators(core, bus, directory, amis);
  warnUnknownServers(core, directory);
  for (const s of core.servers) amis.set(s.id, linkServer(core, s, tracker, queueState, operators));
  let callbackCounts: CallbackCountsFn | null = null;
  core.api((api) => {
    registerOperatorRoutes(api, { db, operators: () => operators });
    registerCtiRoutes(api, {
      db,
      tracker,
      recorder,
      queues: queueState,
      serviceLevelSeconds: core.serviceLevelSeconds,
      shortAbandonSeconds: core.shortAbandonSeconds,
      calendar,
      callbackCounts: () => callbackCounts,
    });
  });
  const setCallbackCounts = (fn: CallbackCountsFn) => void (callbackCounts = fn);
  return { bus, tracker, recorder, directory, queueState, operators, calendar, amis, setCallbackCounts };
}

/** The operator service: queue actions go to the AMI of the operator's server; wrap-ups end by a job. */
function startOperators(
  core: CtiCore,
  bus: CtiBus,
  directory: OperatorDirectory,
  amis: ReadonlyMap<string, AmiClient>,
): OperatorService {
  const { jobs } = core;
  const operators = new OperatorService({
    db: core.db,
    bus,
    directory,
    // Each operator's queue actions go to the server their phone is on (operators.server_id).
    pbx: (serverId) => amis.get(serverId) ?? null,
    logger: core.logger.child({ mod: 'operators' }),
    wrapupSeconds: core.wrapupSeconds,
    calendar: core.calendar,
    scheduleWrapUpEnd: (operatorId, token, delayMs) => jobs.schedule('wrapup-end', { operatorId, token }, { delayMs }),
    notify: (id, s) => bus.emit('operator:changed', id, s),
  });
  core.onStop(() => operators.flush());
  // Only the PBX owner knows the wrap-up (its token, the member's pause): on a standby's worker the
  // job fails and BullMQ retries it (1 s, 2 s, 4 s), so it lands on the owner, even a new one.
  jobs.handle('wrapup-end', async (d) => {
    if (!core.cluster.isOwner()) throw unavailable('NOT_PBX_OWNER', 'wrap-up ends run on the node that owns the PBX');
    await operators.endWrapUp(d.operatorId, d.token);
  });
  return operators;
}

/** One Asterisk's AMI client, its events feeding the CTI state (not started yet). */
function linkServer(
  core: CtiCore,
  s: CtiServer,
  tracker: CallTracker,
  queues: QueueState,
  operators: OperatorService,
): AmiClient {
  const { host, port, username, secret } = s.ami;
  const logger = core.logger.child({ mod: 'ami', server: s.id });
  const ami = new AmiClient({ host, port, username, secret, serverId: s.id, logger });
  linkPbx({
    serverId: s.id,
    ami,
    tracker,
    operators: () => operators,
    queues,
    serviceNumbers: core.serviceNumbers,
    db: core.db,
    logger: core.logger.child({ mod: 'cti', server: s.id }),
  });
  core.onStop(() => ami.stop());
  return ami;
}

/** Their desk buttons would fail with PBX_UNKNOWN: say so at start, not at the first click. */
function warnUnknownServers(core: CtiCore, directory: OperatorDirectory): void {
  const serverIds = new Set(core.servers.map((s) => s.id));
  for (const op of directory.all()) {
    if (!serverIds.has(op.serverId))
      core.logger.warn(
        { operator: op.username, server: op.serverId },
        'operator phone is on a server not in ASTERISK_AMI_URL',
      );
  }
}
