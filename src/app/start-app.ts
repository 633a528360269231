import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Server as IoServer } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FastifyInstance } from 'fastify';
import { DeskGateway } from '../agent-desk/desk-gateway.ts';
import { ScreenPopService } from '../agent-desk/screen-pop-service.ts';
import { AmiClient } from '../asterisk/ami/index.ts';
import { AriClient } from '../asterisk/ari/index.ts';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { registerAuthRoutes, sessionResolver } from '../auth/index.ts';
import { createAuthService } from '../auth/auth-service.ts';
import { watchSocketSessions } from '../auth/socket-session-watch.ts';
import { seedDemoUsers, type DemoUser } from '../auth/demo-users.ts';
import type { AppConfig, AsteriskServerConfig } from '../config/config.ts';
import { CallRecorder, shiftResolver } from '../cti/call-recorder.ts';
import { CallTracker } from '../cti/call-tracker.ts';
import { CtiBus } from '../cti/cti-events.ts';
import { OperatorDirectory } from '../cti/operator-directory.ts';
import { registerOperatorRoutes } from '../cti/operator-routes.ts';
import { OperatorService } from '../cti/operator-service.ts';
import { linkPbx } from '../cti/pbx-link.ts';
import { registerCtiRoutes } from '../cti/cti-routes.ts';
import { QueueState } from '../cti/queue-state.ts';
import { startEmbeddedPostgres, type EmbeddedDb } from '../db/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { createPool, waitForDatabase, type Db } from '../db/pool.ts';
import { buildServer } from '../http/server.ts';
import { StasisApp } from '../ivr/stasis-app.ts';
import { createJobs, type Jobs } from '../jobs/jobs.ts';
import { createRequestService, deadlineDelayMs, markOverdue, registerRequestRoutes } from '../requests/index.ts';
import type { Logger } from '../shared/logger.ts';
import { registerSurveyAdminRoutes } from '../survey/survey-admin-routes.ts';
import { registerSurveyRoutes } from '../survey/survey-routes.ts';
import { registerScoreWeeksRoute } from '../survey/score-weeks.ts';
import { listRoster, registerShiftRoutes, seedDemoRoster } from '../shifts/index.ts';
import {
  canWatchWallboard,
  registerSupervisionRoutes,
  seedDemoSupervisorPhones,
  SpySessions,
  startWallboard,
  SupervisionService,
  type Wallboard,
} from '../wallboard/index.ts';

export interface AppHandle {
  http: FastifyInstance;
  io: IoServer;
  db: Db;
  emulator: Emulator | null;
  amis: Map<string, AmiClient>;
  aris: Map<string, AriClient>;
  bus: CtiBus;
  tracker: CallTracker;
  recorder: CallRecorder;
  operators: OperatorService;
  directory: OperatorDirectory;
  queueState: QueueState;
  shiftFor: (at: number) => { name: string; date: string };
  jobs: Jobs;
  demoUsers: DemoUser[] | null;
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  /** Tests: a unique BullMQ prefix per run. */
  jobsPrefix?: string;
  /** Tests: how often sockets' sessions are re-checked (default one minute). */
  sessionSweepMs?: number;
  /** Tests: ARI/IVR wait scaling (also passed to the emulator). */
  timeScale?: number;
  /** Benchmarks: more operator phones on the emulator than the demo's (e.g. 300 desks). */
  extraEndpoints?: string[];
}

/**
 * The composition root's body: builds every part from the config and wires them together.
 * main.ts calls it and owns signals; integration tests call it with their own config.
 */
export async function startApp(cfg: AppConfig, opts: StartOptions): Promise<AppHandle> {
  const log = opts.logger;
  const closers: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const c of closers.reverse())
      await c().catch((err) => log.warn({ err: (err as Error).message }, 'error while stopping'));
  };
  try {
    // ---- storage ----
    let databaseUrl = cfg.databaseUrl;
    let embedded: EmbeddedDb | null = null;
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres(cfg.dataDir, cfg.embeddedPgPort, log);
      closers.push(() => embedded!.stop());
      databaseUrl = embedded.url;
    }
    const db = createPool(databaseUrl, log);
    closers.push(() => db.end());
    await waitForDatabase(db, log);
    await migrate(databaseUrl, log);

    // ---- the PBX: real Asterisk servers, or the emulator with demo users ----
    let emulator: Emulator | null = null;
    let servers: AsteriskServerConfig[];
    let demoUsers: DemoUser[] | null = null;
    if (cfg.asterisk) {
      servers = cfg.asterisk;
    } else {
      const creds = { ami: randomBytes(12).toString('hex'), ari: randomBytes(12).toString('hex') };
      emulator = await startEmulator({
        amiPort: cfg.emulator.amiPort,
        ariPort: cfg.emulator.ariPort,
        amiUsername: 'cti',
        amiSecret: creds.ami,
        ariUsername: 'cti',
        ariPassword: creds.ari,
        endpoints: ['1001', '1002', '1003', '1004', '2001', ...(opts.extraEndpoints ?? [])],
        traffic: cfg.emulator.traffic,
        timeScale: opts.timeScale ?? cfg.emulator.timeScale,
        logger: log.child({ mod: 'emulator' }),
        soundDirs: [cfg.survey.soundsDir],
      });
      closers.push(() => emulator!.close());
      servers = [
        {
          id: 'pbx1',
          ami: { host: '127.0.0.1', port: emulator.amiPort, username: 'cti', secret: creds.ami },
          ari: { url: `http://127.0.0.1:${emulator.ariPort}`, username: 'cti', password: creds.ari },
        },
      ];
      demoUsers = await seedDemoUsers(db, cfg.demoPassword);
      await seedDemoRoster(
        db,
        cfg.shifts.map((x) => x.name),
      );
    }

    // ---- CTI core ----
    const bus = new CtiBus();
    const shiftFor = shiftResolver(cfg.shifts, cfg.timezone);
    const directory = new OperatorDirectory(db);
    await directory.load();
    const tracker = new CallTracker(bus, { serviceNumbers: ['137'] });
    const recorder = new CallRecorder({ db, bus, operators: directory, logger: log.child({ mod: 'cdr' }), shiftFor });
    closers.push(() => recorder.flush());
    const queueState = new QueueState(bus, tracker, directory, (key) => recorder.knownId(key));
    const jobs = createJobs({
      redisUrl: cfg.redisUrl,
      databaseUrl,
      prefix: opts.jobsPrefix ?? 'cti137',
      logger: log.child({ mod: 'jobs' }),
    });
    closers.push(() => jobs.close());

    const amis = new Map<string, AmiClient>();
    const aris = new Map<string, AriClient>();
    let desk: DeskGateway | null = null;
    let wallboard: Wallboard | null = null;
    const operators = new OperatorService({
      db,
      bus,
      directory,
      // Each operator's queue actions go to the server their phone is on (operators.server_id).
      pbx: (serverId) => amis.get(serverId) ?? null,
      logger: log.child({ mod: 'operators' }),
      wrapupSeconds: cfg.wrapupSeconds,
      shiftFor,
      scheduleWrapUpEnd: (operatorId, token, delayMs) =>
        jobs.schedule('wrapup-end', { operatorId, token }, { delayMs }),
      notify: (id, s) => {
        desk?.notifyState(id, s);
        wallboard?.markDirty();
      },
    });
    closers.push(() => operators.flush());
    jobs.handle('wrapup-end', (d) => operators.endWrapUp(d.operatorId, d.token));
    jobs.start();

    const serverIds = new Set(servers.map((s) => s.id));
    for (const op of directory.all()) {
      // Their desk buttons would fail with PBX_UNKNOWN: say so at start, not at the first click.
      if (!serverIds.has(op.serverId))
        log.warn(
          { operator: op.username, server: op.serverId },
          'operator phone is on a server not in ASTERISK_AMI_URL',
        );
    }
    for (const s of servers) {
      const ami = new AmiClient({
        host: s.ami.host,
        port: s.ami.port,
        username: s.ami.username,
        secret: s.ami.secret,
        serverId: s.id,
        logger: log.child({ mod: 'ami', server: s.id }),
      });
      amis.set(s.id, ami);
      linkPbx({
        serverId: s.id,
        ami,
        tracker,
        operators: () => operators,
        queues: queueState,
        serviceNumbers: ['137'],
        logger: log.child({ mod: 'cti', server: s.id }),
      });
      const ari = new AriClient({
        url: s.ari.url,
        username: s.ari.username,
        password: s.ari.password,
        app: cfg.ariApp,
        serverId: s.id,
        logger: log.child({ mod: 'ari', server: s.id }),
      });
      aris.set(s.id, ari);
      new StasisApp({
        serverId: s.id,
        app: cfg.ariApp,
        ari,
        db,
        tracker,
        recorder,
        directory,
        shiftFor,
        logger: log.child({ mod: 'ivr', server: s.id }),
        timeScale: opts.timeScale ?? cfg.emulator.timeScale,
        queues: { normal: 'q137', hazard: 'q137hazard' },
        shortCallSeconds: 10,
        timeZone: cfg.timezone,
      });
      closers.push(() => ami.stop());
      closers.push(() => ari.stop());
    }

    // ---- HTTP and sockets ----
    const auth = createAuthService(db, cfg.sessionTtlHours);
    const requests = createRequestService(db, {
      // Each request is checked again at its deadline: still open then means overdue (escalation).
      onRegistered: (r) => {
        const delayMs = deadlineDelayMs(r.deadlineAt);
        if (delayMs === null) return;
        jobs
          .schedule('request-deadline', { requestId: r.id }, { delayMs, jobId: `deadline-${r.id}` })
          .catch((err) =>
            log.error({ err: (err as Error).message, request: r.id }, 'could not schedule the deadline check'),
          );
      },
    });
    jobs.handle('request-deadline', async ({ requestId }) => {
      if (await markOverdue(db, requestId))
        log.info({ request: requestId }, 'request overdue: its unit has not answered by the deadline');
    });
    // Each listen/whisper/barge followed through every PBX's events, to audit when it ends.
    const spies = new SpySessions({ db, logger: log.child({ mod: 'supervision' }) });
    for (const a of amis.values()) a.on('event', (m) => spies.observe(m));
    const supervision = new SupervisionService({
      db,
      directory,
      operators: () => operators,
      pbx: (serverId) => amis.get(serverId) ?? null,
      logger: log.child({ mod: 'supervision' }),
      spies,
    });
    // Demo mode: supervisors listen from the emulator's phone 2001.
    if (demoUsers) await seedDemoSupervisorPhones(db, 'PJSIP/2001');
    const http = buildServer({
      logger: log,
      api: [
        sessionResolver(auth),
        (app) =>
          registerAuthRoutes(app, {
            auth,
            secureCookies: false,
            ttlHours: cfg.sessionTtlHours,
            onSignOut: async (u) => {
              if (u.operatorId) desk?.signedOut(u.operatorId);
              if (u.operatorId && operators.snapshot(u.operatorId).state !== 'logged-out')
                await operators.logout(u.operatorId);
            },
          }),
        (app) => registerOperatorRoutes(app, { db, operators: () => operators }),
        (app) =>
          registerCtiRoutes(app, {
            db,
            tracker,
            recorder,
            queues: queueState,
            serviceLevelSeconds: cfg.serviceLevelSeconds,
            shortAbandonSeconds: 5,
            currentShift: () => shiftFor(Date.now()),
          }),
        (app) => registerRequestRoutes(app, { service: requests }),
        (app) =>
          registerSurveyRoutes(app, {
            db,
            priorWeight: cfg.survey.priorWeight,
            minResponses: cfg.survey.minResponsesForRank,
            timeZone: cfg.timezone,
            shifts: cfg.shifts,
            releaseMinRatings: cfg.survey.releaseMinRatings,
          }),
        (app) => registerScoreWeeksRoute(app, { db, timeZone: cfg.timezone }),
        (app) => registerSurveyAdminRoutes(app, { db, soundsDir: cfg.survey.soundsDir }),
        (app) => registerSupervisionRoutes(app, { db, supervision, changed: () => wallboard?.settingsChanged() }),
        (app) =>
          registerShiftRoutes(app, {
            db,
            shifts: cfg.shifts,
            timezone: cfg.timezone,
            serviceLevelSeconds: cfg.serviceLevelSeconds,
            shortAbandonSeconds: 5,
            currentShift: () => shiftFor(Date.now()),
          }),
      ],
      health: async () => {
        const dbOk = await db.query('SELECT 1').then(
          () => true,
          () => false,
        );
        const pbx = Object.fromEntries(
          [...amis].map(([id, a]) => [id, { ami: a.connected, ari: aris.get(id)?.connected ?? false }]),
        );
        const pbxOk = [...amis.values()].some((a) => a.connected);
        return { ok: dbOk && pbxOk, details: { database: dbOk ? 'up' : 'down', pbx, jobs: jobs.backend } };
      },
    });
    const io = new IoServer(http.server, {
      cors: cfg.allowedOrigins.length ? { origin: cfg.allowedOrigins, credentials: true } : undefined,
      serveClient: false,
    });
    if (cfg.redisUrl) {
      const redis = new Redis(cfg.redisUrl, { maxRetriesPerRequest: null });
      io.adapter(createAdapter(redis));
      closers.push(async () => redis.disconnect());
    }
    closers.push(() => new Promise<void>((r) => io.close(() => r())));
    desk = new DeskGateway({
      io,
      auth,
      bus,
      db,
      recorder,
      directory,
      operators: () => operators,
      pops: new ScreenPopService(db),
      logger: log.child({ mod: 'desk' }),
    });
    wallboard = startWallboard({
      io,
      auth,
      db,
      bus,
      tracker,
      queues: queueState,
      directory,
      operators: () => operators,
      shiftFor,
      shifts: cfg.shifts,
      timezone: cfg.timezone,
      serviceLevelSeconds: cfg.serviceLevelSeconds,
      shortAbandonSeconds: 5,
      survey: { priorWeight: cfg.survey.priorWeight, minResponses: cfg.survey.minResponsesForRank },
      logger: log.child({ mod: 'wallboard' }),
      // Who should be in the queue now; an empty roster means nobody is marked absent.
      rosterOf: async (ref) => {
        const rows = await listRoster(db, { date: ref.date, shift: ref.name });
        if (rows.length) return rows.map((r) => r.operatorId);
        return (await listRoster(db)).length ? [] : null;
      },
    });
    closers.push(async () => wallboard?.stop());
    // Each namespace keeps its handshake's rule: a user who lost it (demoted, phone taken away) is closed.
    const stopSessionWatch = watchSocketSessions(
      [
        {
          nsp: io.of('/desk'),
          allowed: (u, was) => u.operatorId !== null && (!was || was.operatorId === u.operatorId),
        },
        { nsp: io.of('/wallboard'), allowed: canWatchWallboard },
      ],
      auth,
      log.child({ mod: 'sessions' }),
      opts.sessionSweepMs,
    );
    closers.push(async () => stopSessionWatch());

    for (const a of amis.values()) a.start();
    for (const a of aris.values()) a.start();

    await http.listen({ port: cfg.port, host: cfg.host });
    closers.push(() => http.close());
    const addr = http.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
    return {
      http,
      io,
      db,
      emulator,
      amis,
      aris,
      bus,
      tracker,
      recorder,
      operators,
      directory,
      queueState,
      shiftFor,
      jobs,
      demoUsers,
      url: `http://${cfg.host}:${port}`,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
