import { seedDemoUsers } from '../src/auth/demo-users.ts';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ChildProcess } from 'node:child_process';
import { startApp, type AppHandle } from '../src/app/start-app.ts';
import { loadConfig } from '../src/config/config.ts';
import { pastRequestsOfCitizen } from '../src/requests/request-query-repository.ts';
import { createLogger } from '../src/shared/logger.ts';
import { readyEveryDesk, until } from './bench-desks.ts';
import type { BenchContext } from './context.ts';
import { percentile, report } from './report.ts';
import { spawnDesks } from './screen-pop-desks.ts';
import { newPopLog, recordPop, stampPopWay, type Control, type PopLog } from './screen-pop-timing.ts';
import {
  benchExtension,
  citizenPhone,
  seedHistory,
  seedPeople,
  type Seeded,
  type SeedSizes,
} from './screen-pop-seed.ts';

/**
 * screen_pop: latency from the AMI AgentCalled bytes leaving the emulator to the `screen-pop`
 * arriving at the ringing desk's socket, on the whole server (CTI, recorder, history queries on
 * 300,000 requests, socket.io) with 300 desks and 20 wallboards connected and 10 calls a second;
 * and the server's memory per connected socket.
 *
 * Clocks: the emulator's AMI tap stamps AgentCalled just before its bytes are written; the desks
 * run in a child process (like browsers elsewhere, they do not slow the server's event loop) and
 * stamp each pop on arrival. Both use process.hrtime: CLOCK_MONOTONIC, one clock for every process.
 * Memory: the desks' sockets live in the child, so this process's heap and RSS deltas over the
 * connected sockets are the server's own cost per desk.
 */

const SIZES: SeedSizes = {
  desks: 300,
  wallboards: Number(process.env.BENCH_POP_WALLBOARDS ?? 20),
  citizens: 100_000,
  requests: 300_000,
  calls: 300_000,
};
const CALLS = Number(process.env.BENCH_POP_CALLS ?? 300);
const RATE = 10; // calls a second
/** Emulated waits (IVR prompts, ring timeout 15 s → 0.6 s) run 25x fast: a call reaches a desk in ~0.5 s. */
const TIME_SCALE = 0.04;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function gcFn(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export async function screenPop(ctx: BenchContext): Promise<void> {
  const gc = gcFn();
  await seedDemoUsers(ctx.db, 'demo137'); // a demo's database first: the emulator then may run on it
  const people = await seedPeople(ctx.db, SIZES);
  const seedSeconds = await seedHistory(ctx.db, SIZES);
  const history = await measureHistoryQuery(ctx);
  const app = await startServer(ctx);
  const control = emulatorControl(app);
  let desks: ChildProcess | null = null;
  try {
    await readyEveryDesk('screen_pop', app, people);

    // Memory: the server's heap before and after 300 desks + 20 wallboards connect, each after a
    // settle and a full gc, so that the difference is what the sockets hold.
    await sleep(500);
    gc();
    const before = process.memoryUsage();
    const log = newPopLog();
    const d = spawnDesks(app.url, people, (m) => recordPop(log, m, control));
    desks = d.child;
    await until('screen_pop', () => d.connected() === SIZES.desks + SIZES.wallboards, 60_000, 'sockets connected');
    await sleep(1000);
    gc();
    const after = process.memoryUsage();

    const run = await driveCalls(app, people, log, control);
    for (const v of Object.values(log.stages)) v.sort((a, b) => a - b);
    gc();
    const afterCalls = process.memoryUsage();
    // The child reports the wallboard updates it received as it closes its sockets.
    desks.send('close');
    await sleep(500);

    log.latencies.sort((a, b) => a - b);
    reportFigures({
      seedSeconds,
      history,
      log,
      run,
      memory: { before, after, afterCalls },
      wallboardUpdates: d.wallboardUpdates(),
    });
  } finally {
    desks?.kill();
    await app.stop();
  }
}

interface HistoryQuery {
  /** Each query's milliseconds, sorted. */
  qms: number[];
  plan: string;
  historyIndexed: boolean;
}

/** The history query alone, on the seeded database: what every pop of a known caller pays. */
async function measureHistoryQuery(ctx: BenchContext): Promise<HistoryQuery> {
  const ids = (
    await ctx.db.query<{ id: string }>(`SELECT id::text FROM citizens ORDER BY random() LIMIT 200`)
  ).rows.map((r) => r.id);
  const qms: number[] = [];
  for (const id of ids) {
    const t = performance.now();
    await pastRequestsOfCitizen(ctx.db, id);
    qms.push(performance.now() - t);
  }
  qms.sort((a, b) => a - b);
  const plan = (
    await ctx.db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT r.id FROM request_reporters rr JOIN requests r ON r.id = rr.request_id WHERE rr.citizen_id = $1
      ORDER BY (r.status = 'closed'), r.created_at DESC, r.id DESC LIMIT 20`,
      [ids[0]],
    )
  ).rows
    .map((r) => r['QUERY PLAN'])
    .join(' ');
  const historyIndexed =
    /Index (Only )?Scan (Backward )?using request_reporters_by_citizen_idx/.test(plan) && !/Seq Scan/.test(plan);
  return { qms, plan, historyIndexed };
}

/** The whole server with its emulator, on the seeded database, with a phone for every bench desk. */
async function startServer(ctx: BenchContext): Promise<AppHandle> {
  const logger = createLogger('warn');
  const cfg = loadConfig({
    DATABASE_URL: ctx.dbUrl,
    DEMO: 'on', // the emulator on the bench's scratch database, which run.ts made a demo's
    PORT: '0',
    EMULATOR_AMI_PORT: '0',
    EMULATOR_ARI_PORT: '0',
    EMULATOR_TRAFFIC: 'off',
    LOG_LEVEL: 'warn',
    WRAPUP_SECONDS: '1',
  });
  return startApp(cfg, {
    logger,
    jobsPrefix: `bench${randomBytes(3).toString('hex')}`,
    timeScale: TIME_SCALE,
    extraEndpoints: Array.from({ length: SIZES.desks }, (_, i) => benchExtension(i)),
  });
}

/** A POST to the emulator's control API (place a call, hang one up); a body that is not JSON is {}. */
function emulatorControl(app: AppHandle): Control {
  const emulatorUrl = `http://127.0.0.1:${app.emulator!.ariPort}`;
  return async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emulatorUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    return (await res.json().catch(() => ({}))) as T;
  };
}

interface CallsRun {
  sentSeconds: number;
  loop: IntervalHistogram;
}

/** Measured: 10 calls a second, with the pop's way stamped at the emulator, the bus and the gateway. */
async function driveCalls(app: AppHandle, people: Seeded, log: PopLog, control: Control): Promise<CallsRun> {
  const stamps = stampPopWay(app, people, log);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const wait = t0 + (i * 1000) / RATE - performance.now();
    if (wait > 0) await sleep(wait);
    // Nine in ten callers are citizens with history; the tenth is a new number.
    const from =
      i % 10 === 9 ? `0935${String(1_000_000 + i).padStart(7, '0')}` : citizenPhone((i * 7877) % SIZES.citizens);
    void control<{ channelId: string; linkedid: string }>('/_emulator/calls', { from, to: '137' }).then((c) => {
      if (c.linkedid) log.channels.set(c.linkedid, c.channelId);
    });
  }
  const sentSeconds = (performance.now() - t0) / 1000;
  await until('screen_pop', () => log.popped.size >= CALLS, 30_000, 'every call popped').catch((err: Error) =>
    console.error(err.message),
  );
  stamps.untap();
  loop.disable();
  stamps.unlisten();
  return { sentSeconds, loop };
}

interface Figures {
  seedSeconds: number;
  history: HistoryQuery;
  log: PopLog;
  run: CallsRun;
  memory: { before: NodeJS.MemoryUsage; after: NodeJS.MemoryUsage; afterCalls: NodeJS.MemoryUsage };
  wallboardUpdates: number;
}

function reportFigures(f: Figures): void {
  const { qms, plan, historyIndexed } = f.history;
  const { latencies, stages, popped } = f.log;
  const { before, after, afterCalls } = f.memory;
  const sockets = SIZES.desks + SIZES.wallboards;
  report('screen_pop', {
    desks: SIZES.desks,
    wallboards: SIZES.wallboards,
    requests_in_db: SIZES.requests,
    citizens_in_db: SIZES.citizens,
    past_calls_in_db: SIZES.calls,
    seed_seconds: f.seedSeconds,
    calls: CALLS,
    calls_per_s: (CALLS - 1) / f.run.sentSeconds,
    calls_popped: popped.size,
    pops: latencies.length,
    pops_with_history: f.log.popsWithHistory,
    p50_ms: percentile(latencies, 50),
    p90_ms: percentile(latencies, 90),
    p99_ms: percentile(latencies, 99),
    max_ms: latencies.at(-1) ?? NaN,
    stage_ami_to_cti_event_p50_ms: percentile(stages.amiToBus, 50),
    stage_history_and_emit_p50_ms: percentile(stages.busToEmit, 50),
    stage_socket_to_desk_p50_ms: percentile(stages.emitToDesk, 50),
    stage_ami_to_cti_event_p99_ms: percentile(stages.amiToBus, 99),
    stage_history_and_emit_p99_ms: percentile(stages.busToEmit, 99),
    stage_socket_to_desk_p99_ms: percentile(stages.emitToDesk, 99),
    event_loop_delay_p99_ms: f.run.loop.percentile(99) / 1e6,
    history_query_p50_ms: percentile(qms, 50),
    history_query_p99_ms: percentile(qms, 99),
    history_query_indexed: historyIndexed ? 'yes' : `NO: ${plan}`,
    heap_per_desk_kib: (after.heapUsed - before.heapUsed) / sockets / 1024,
    heap_per_desk_after_calls_kib: (afterCalls.heapUsed - before.heapUsed) / sockets / 1024,
    rss_per_desk_kib: (after.rss - before.rss) / sockets / 1024,
    wallboard_updates_received: f.wallboardUpdates,
    // Other work on the machine inflates every latency here: say how busy it was.
    machine_load_1min: loadavg()[0]!,
    cpus: availableParallelism(),
  });
}
