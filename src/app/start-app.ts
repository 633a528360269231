import type { FastifyInstance } from 'fastify';
import type { Server as IoServer } from 'socket.io';
import type { AmiClient } from '../asterisk/ami/index.ts';
import type { AriClient } from '../asterisk/ari/index.ts';
import { SESSION_COOKIE, type AuthService, type DemoUser } from '../auth/index.ts';
import { ShiftCalendar, type ShiftRef } from '../calendar/index.ts';
import type { AppConfig } from '../config/index.ts';
import type {
  CallRecorder,
  CallTracker,
  CtiBus,
  OperatorDirectory,
  OperatorService,
  QueueState,
} from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { Emulator } from '../emulator/index.ts';
import { Cluster } from '../cluster/index.ts';
import { createJobs, type Jobs } from '../jobs/index.ts';
import type { OutboundHandle } from '../outbound/index.ts';
import { healthCheck, type HealthSources } from './health.ts';
import { buildHost } from './host.ts';
import { installDomains } from './install-domains.ts';
import { followLease, nodeName } from './cluster-node.ts';
import { forwardLiveRoutes } from './live-forward.ts';
import { docsAccess } from './install-ops.ts';
import { startPbx } from './pbx.ts';
import type { StartOptions } from './start-options.ts';
import { startStorage } from './storage.ts';
import { stopList } from './stop-list.ts';

/** What main.ts, the tests and the benchmarks get back: the running parts, and stop(). */
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
  shiftFor: (at: number) => ShiftRef;
  jobs: Jobs;
  /** Calls to citizens (feedback, closure checks, callbacks). */
  outbound: OutboundHandle;
  demoUsers: DemoUser[] | null;
  url: string;
  /** This node's place among the deployment's nodes (alone: always the PBX owner). */
  cluster: Cluster;
  stop(): Promise<void>;
}

/**
 * The composition root: storage, the PBX (or the emulator), jobs, the host (HTTP and sockets),
 * then every domain's install; the PBX links start last, once every domain listens.
 * main.ts calls it and owns signals; tests and benchmarks call it with their own config.
 */
export async function startApp(cfg: AppConfig, opts: StartOptions): Promise<AppHandle> {
  const log = opts.logger;
  const stops = stopList(log);
  try {
    const { db, databaseUrl, embeddedState } = await startStorage(cfg, log, stops.add);
    const pbx = await startPbx(cfg, opts, db, stops.add);
    const prefix = opts.jobsPrefix ?? cfg.ops.cluster.redisPrefix;
    const cluster = new Cluster({
      redisUrl: cfg.redisUrl,
      prefix,
      node: cfg.ops.cluster.node ?? nodeName(),
      url: cfg.ops.cluster.url ?? '',
      leaseMs: cfg.ops.cluster.leaseMs,
      logger: log.child({ mod: 'cluster' }),
    });
    stops.add(() => cluster.stop());
    const jobs = createJobs({ redisUrl: cfg.redisUrl, databaseUrl, prefix, logger: log.child({ mod: 'jobs' }) });
    stops.add(() => jobs.close());
    let health: HealthSources | null = null;
    let authService: AuthService | null = null;
    const { host, http, io, redisUp } = buildHost(
      cfg,
      log,
      stops.add,
      healthCheck(() => health),
      prefix,
      { authorize: docsAccess(() => authService), sessionCookie: SESSION_COOKIE },
      cluster,
    );
    forwardLiveRoutes(http, cluster, log.child({ mod: 'cluster' }));
    const calendar = new ShiftCalendar(cfg.shifts, cfg.timezone);
    const { live, aris, outbound, sessions, metrics } = await installDomains(
      { ...host, db, jobs, calendar },
      cfg,
      opts,
      pbx,
    );
    authService = sessions.service;

    health = {
      ...{ db, amis: live.amis, aris, jobsBackend: () => jobs.backend, redisUp, embeddedDb: embeddedState },
      cluster: () => cluster.describe(),
    };
    await http.listen({ port: cfg.port, host: cfg.host });
    stops.add(() => http.close());
    const addr = http.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
    // The PBX links open on this node only while it holds the lease (alone: at once).
    const links = [...live.amis.values(), ...aris.values()];
    followLease(cluster, links, cfg.ops.cluster.url ?? `http://${cfg.host}:${port}`, [...live.amis.keys()], metrics);
    await cluster.start();
    const { bus, tracker, recorder, operators, directory, queueState, amis } = live;
    return {
      ...{ http, io, db, emulator: pbx.emulator, amis, aris, bus, tracker, recorder, operators, directory, queueState },
      shiftFor: (at) => calendar.shiftAt(at),
      ...{ jobs, outbound, demoUsers: pbx.demoUsers, url: `http://${cfg.host}:${port}`, cluster, stop: stops.run },
    };
  } catch (err) {
    await stops.run();
    throw err;
  }
}
