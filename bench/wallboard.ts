import { seedDemoUsers } from '../src/auth/demo-users.ts';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { startApp, type AppHandle } from '../src/app/start-app.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/shared/logger.ts';
import { DEFAULT_PUSH_INTERVAL_MS as PUSH_INTERVAL_MS, SUPERVISORS_ROOM } from '../src/wallboard/index.ts';
import type { WallboardUpdate } from '../src/wallboard/wallboard-events.ts';
import { ShortCalls } from '../tests/integration/wallboard/short-calls.ts';
import { readyEveryDesk, until } from './bench-desks.ts';
import type { BenchContext } from './context.ts';
import { percentile, report } from './report.ts';
import { benchExtension, seedPeople } from './screen-pop-seed.ts';
import { spawnClients, type Clients } from './wallboard-clients.ts';

/**
 * wallboard: with 20 wallboards and 300 desks connected and 10 calls a second (each rings a desk,
 * is answered, talks briefly, ends), the latency from an AMI event leaving the emulator to the
 * wallboard update that shows it arriving at each wallboard's socket; and the CPU of the server
 * process (process.cpuUsage ÷ wall time), with and without the sockets connected.
 *
 * Events measured: the ones a supervisor sees change — QueueCallerJoin (a caller waits),
 * AgentCalled (whose phone rings), AgentConnect (talking), AgentComplete (free again). Each is
 * stamped as its bytes leave the emulator (tapAmi), and again when the CTI publishes it on the
 * bus; the first wallboard push emitted after that shows it. Sockets live in a child process
 * (like browsers, they do not load the server's event loop); every clock is process.hrtime
 * (CLOCK_MONOTONIC, one clock for every process). The server process includes the emulator and
 * the call driver, as in embedded mode: the CPU without sockets is the share that is not theirs.
 */

const DESKS = 300;
const WALLBOARDS = 20;
const RATE = 10;
const SECONDS = Number(process.env.BENCH_WALLBOARD_SECONDS ?? 30);
const BASELINE_SECONDS = Number(process.env.BENCH_WALLBOARD_BASELINE_SECONDS ?? 15);
/** Ring timeout 15 s → 0.15 s, IVR prompts ~0.5 s: a call is over in about a second. */
const TIME_SCALE = 0.01;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const VISIBLE: Record<string, string> = {
  QueueCallerJoin: 'call:queued',
  AgentCalled: 'call:ringing',
  AgentConnect: 'call:answered',
  AgentComplete: 'call:agent-completed',
};

export async function wallboard(ctx: BenchContext): Promise<void> {
  await seedDemoUsers(ctx.db, 'demo137'); // a demo's database first: the emulator then may run on it
  const people = await seedPeople(ctx.db, { desks: DESKS, wallboards: WALLBOARDS, citizens: 0, requests: 0, calls: 0 });
  const app = await startServer(ctx);
  const emulatorUrl = `http://127.0.0.1:${app.emulator!.ariPort}`;
  let child: ChildProcess | null = null;
  try {
    await readyEveryDesk('wallboard', app, people);

    // ---- phase 1: the same traffic with no socket connected (the CPU that is not the sockets') ----
    const baseline = await runTraffic(app, emulatorUrl, BASELINE_SECONDS);

    // ---- connect 300 desks and 20 wallboards in a child process ----
    const clients = spawnClients(app.url, people);
    child = clients.child;
    await untilConnected(app, clients);
    const pushes = stampPushes(app);

    // ---- phase 2: 10 calls a second with everyone connected ----
    const events = stampVisibleEvents(app);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const measured = await runTraffic(app, emulatorUrl, SECONDS);
    loop.disable();
    events.stop();
    // The child sends the updates it still holds as it closes its sockets: give them time to arrive.
    child.send('close');
    await sleep(800);

    const m = matchLatencies(events, pushes, clients.received);
    reportFigures({ m, clients, measured, baseline, loop });
  } finally {
    child?.kill();
    await app.stop();
  }
}

/** The whole server with its emulator (fast clock, no wrap-up), with a phone for every bench desk. */
async function startServer(ctx: BenchContext): Promise<AppHandle> {
  const cfg = loadConfig({
    DATABASE_URL: ctx.dbUrl,
    DEMO: 'on', // the emulator on the bench's scratch database, which run.ts made a demo's
    PORT: '0',
    EMULATOR_AMI_PORT: '0',
    EMULATOR_ARI_PORT: '0',
    EMULATOR_TRAFFIC: 'off',
    LOG_LEVEL: 'warn',
    WRAPUP_SECONDS: '0',
  });
  return startApp(cfg, {
    logger: createLogger('warn'),
    jobsPrefix: `bench${randomBytes(3).toString('hex')}`,
    timeScale: TIME_SCALE,
    extraEndpoints: Array.from({ length: DESKS }, (_, i) => benchExtension(i)),
  });
}

interface Traffic {
  cpuPct: number;
  calls: number;
  answered: number;
  wall: number;
}

/** RATE short calls a second for `seconds`, and this process's CPU meanwhile (% of one core). */
async function runTraffic(app: AppHandle, emulatorUrl: string, seconds: number): Promise<Traffic> {
  const driver = new ShortCalls({ bus: app.bus, emulatorUrl, talkMs: 300, concurrency: 200, ratePerSecond: RATE });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await driver.run(RATE * seconds);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  driver.stop();
  return {
    cpuPct: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
    calls: driver.ended,
    answered: driver.answered,
    wall,
  };
}

/** Every socket connected, every wallboard with its snapshot and in the supervisors' room. */
async function untilConnected(app: AppHandle, clients: Clients): Promise<void> {
  await until(
    'wallboard',
    () => clients.connected() === DESKS + WALLBOARDS && clients.snapshots() === WALLBOARDS,
    60_000,
    'sockets connected',
  );
  await until(
    'wallboard',
    () => (app.io.of('/wallboard').adapter.rooms.get(SUPERVISORS_ROOM)?.size ?? 0) === WALLBOARDS,
    10_000,
    'wallboards in the room',
  );
}

/** Bench-only wrap of the namespace's adapter: when each push left the server, by seq. */
function stampPushes(app: AppHandle): Map<number, bigint> {
  const pushes = new Map<number, bigint>(); // seq → when the server emitted it
  const adapter = app.io.of('/wallboard').adapter;
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = ((packet: { data?: unknown[] }, opts: unknown) => {
    if (packet.data?.[0] === 'update') pushes.set((packet.data[1] as WallboardUpdate).seq, process.hrtime.bigint());
    return broadcast(packet as never, opts as never);
  }) as typeof adapter.broadcast;
  return pushes;
}

interface VisibleEvents {
  sent: Map<string, bigint>;
  published: Array<{ key: string; hr: bigint }>;
  stop(): void;
}

/** Each visible event stamped as its bytes leave the emulator, and again as the CTI publishes it. */
function stampVisibleEvents(app: AppHandle): VisibleEvents {
  const sent = new Map<string, bigint>(); // event key → bytes left the emulator
  const published: Array<{ key: string; hr: bigint }> = []; // → the CTI published it
  const untap = app.emulator!.tapAmi((fields) => {
    const ev = fields[0]?.[1] ?? '';
    if (!VISIBLE[ev]) return;
    const get = (k: string) => fields.find(([n]) => n === k)?.[1] ?? '';
    sent.set(`${VISIBLE[ev]}|${get('Linkedid')}|${get('Interface')}`, process.hrtime.bigint());
  });
  const stamp =
    (name: string) => (c: { linkedid: string; memberInterface: string | null }, r?: { interface: string }) =>
      published.push({
        key: `${name}|${c.linkedid}|${r?.interface ?? c.memberInterface ?? ''}`,
        hr: process.hrtime.bigint(),
      });
  const stamps = Object.values(VISIBLE).map((name) => [name, stamp(name)] as const);
  for (const [name, fn] of stamps) app.bus.on(name as 'call:queued', fn);
  return {
    sent,
    published,
    stop: () => {
      untap();
      for (const [name, fn] of stamps) app.bus.off(name as 'call:queued', fn);
    },
  };
}

interface Matched {
  latencies: number[];
  stages: { amiToCti: number[]; ctiToPush: number[]; pushToWallboard: number[] };
  eventsMeasured: number;
}

/** Each visible event → the first push emitted after the CTI published it → each wallboard's arrival. */
function matchLatencies(events: VisibleEvents, pushes: Map<number, bigint>, received: Clients['received']): Matched {
  const { sent, published } = events;
  const pushList = [...pushes].sort((a, b) => (a[1] < b[1] ? -1 : 1));
  const byWallSeq = new Map(received.map((r) => [`${r.w}|${r.seq}`, r.hr]));
  const latencies: number[] = [];
  const stages = { amiToCti: [] as number[], ctiToPush: [] as number[], pushToWallboard: [] as number[] };
  const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
  let unmatched = 0;
  for (const p of published) {
    const t0 = sent.get(p.key);
    const push = pushList.find(([, hr]) => hr >= p.hr);
    if (t0 === undefined || !push) {
      unmatched++;
      continue;
    }
    stages.amiToCti.push(ms(t0, p.hr));
    stages.ctiToPush.push(ms(p.hr, push[1]));
    for (let w = 0; w < WALLBOARDS; w++) {
      const hr = byWallSeq.get(`${w}|${push[0]}`);
      if (hr === undefined) continue;
      latencies.push(ms(t0, hr));
      stages.pushToWallboard.push(ms(push[1], hr));
    }
  }
  latencies.sort((a, b) => a - b);
  for (const v of Object.values(stages)) v.sort((a, b) => a - b);
  return { latencies, stages, eventsMeasured: published.length - unmatched };
}

function reportFigures(f: {
  m: Matched;
  clients: Clients;
  measured: Traffic;
  baseline: Traffic;
  loop: IntervalHistogram;
}): void {
  const { latencies, stages } = f.m;
  const { measured, baseline, loop } = f;
  const perWall = f.clients.received.filter((r) => r.w === 0);
  report('wallboard', {
    wallboards: WALLBOARDS,
    desks: DESKS,
    calls_per_s: measured.calls / measured.wall,
    calls: measured.calls,
    answered: measured.answered,
    events_measured: f.m.eventsMeasured,
    samples: latencies.length,
    p50_ms: percentile(latencies, 50),
    p90_ms: percentile(latencies, 90),
    p99_ms: percentile(latencies, 99),
    max_ms: latencies.at(-1) ?? NaN,
    target_p99_ms: 100,
    stage_ami_to_cti_p50_ms: percentile(stages.amiToCti, 50),
    stage_ami_to_cti_p99_ms: percentile(stages.amiToCti, 99),
    stage_coalescing_wait_p50_ms: percentile(stages.ctiToPush, 50),
    stage_coalescing_wait_p99_ms: percentile(stages.ctiToPush, 99),
    stage_push_to_wallboard_p50_ms: percentile(stages.pushToWallboard, 50),
    stage_push_to_wallboard_p99_ms: percentile(stages.pushToWallboard, 99),
    push_interval_ms: PUSH_INTERVAL_MS,
    updates_per_s_per_wallboard: perWall.length / measured.wall,
    update_bytes_avg: perWall.reduce((s, r) => s + r.bytes, 0) / Math.max(1, perWall.length),
    snapshot_bytes: f.clients.snapshotBytes(),
    cpu_pct: measured.cpuPct,
    cpu_pct_without_sockets: baseline.cpuPct,
    event_loop_delay_p99_ms: loop.percentile(99) / 1e6,
    machine_load_1min: loadavg()[0]!,
    cpus: availableParallelism(),
  });
}
