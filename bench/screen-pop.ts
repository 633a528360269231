import { seedDemoUsers } from '../src/auth/demo-users.ts';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { spawn, type ChildProcess } from 'node:child_process';
import { startApp } from '../src/app/start-app.ts';
import { loadConfig } from '../src/config/config.ts';
import { pastRequestsOfCitizen } from '../src/requests/request-query-repository.ts';
import { createLogger } from '../src/shared/logger.ts';
import type { BenchContext } from './context.ts';
import { percentile, report } from './report.ts';
import { benchExtension, citizenPhone, seedHistory, seedPeople, type SeedSizes } from './screen-pop-seed.ts';

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

/** The desks and wallboards: a plain Node script in a child process, driven over IPC. */
const DESKS_CHILD = `
const { io } = require('socket.io-client');
const send = (m) => process.send(m);
// forceNew: socket.io-client would otherwise share one connection (and its cookie) between namespaces.
const opts = (cookie) => ({ extraHeaders: { cookie }, transports: ['websocket'], reconnection: false, forceNew: true });
const connect = (s) => new Promise((ok, fail) => { s.once('connect', ok); s.once('connect_error', fail); });
const sockets = [];
let updates = 0;
process.on('uncaughtException', (err) => send({ kind: 'error', message: String((err && err.message) || err) }));
process.once('message', async (cfg) => {
  for (const d of cfg.desks) {
    const s = io(cfg.url + '/desk', opts(d.cookie));
    s.on('screen-pop', (pop) => send({ kind: 'pop', hr: String(process.hrtime.bigint()), ext: d.extension, linkedid: pop.linkedid, requests: pop.history.requests.length }));
    sockets.push(s);
  }
  for (const cookie of cfg.wallboards) {
    const s = io(cfg.url + '/wallboard', opts(cookie));
    s.on('connect', () => s.emit('snapshot', () => undefined));
    s.onAny(() => { updates++; });
    sockets.push(s);
  }
  await Promise.all(sockets.map(connect)).catch((err) => send({ kind: 'error', message: err.message }));
  send({ kind: 'connected', sockets: sockets.length });
  process.on('message', (m) => {
    if (m !== 'close') return;
    for (const s of sockets) s.close();
    send({ kind: 'closed', wallboardUpdates: updates });
  });
});`;

type DesksMsg =
  | { kind: 'pop'; hr: string; ext: string; linkedid: string; requests: number }
  | { kind: 'connected'; sockets: number }
  | { kind: 'closed'; wallboardUpdates: number }
  | { kind: 'error'; message: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function gcFn(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`screen_pop: timed out waiting for ${what}`);
    await sleep(20);
  }
}

export async function screenPop(ctx: BenchContext): Promise<void> {
  const gc = gcFn();
  await seedDemoUsers(ctx.db, 'demo137'); // a demo's database first: the emulator then may run on it
  const people = await seedPeople(ctx.db, SIZES);
  const seedSeconds = await seedHistory(ctx.db, SIZES);

  // The history query alone, on the seeded database: what every pop of a known caller pays.
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
  const app = await startApp(cfg, {
    logger,
    jobsPrefix: `bench${randomBytes(3).toString('hex')}`,
    timeScale: TIME_SCALE,
    extraEndpoints: Array.from({ length: SIZES.desks }, (_, i) => benchExtension(i)),
  });
  const emulatorUrl = `http://127.0.0.1:${app.emulator!.ariPort}`;
  const control = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emulatorUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    return (await res.json().catch(() => ({}))) as T;
  };
  let desks: ChildProcess | null = null;
  try {
    await until(
      () => [...app.amis.values()].every((a) => a.connected) && [...app.aris.values()].every((a) => a.connected),
      15_000,
      'AMI and ARI',
    );
    for (let i = 0; i < people.desks.length; i += 25)
      await Promise.all(people.desks.slice(i, i + 25).map((d) => app.operators.setReady(d.operatorId)));
    await until(
      () => people.desks.every((d) => app.operators.snapshot(d.operatorId).state === 'ready'),
      30_000,
      '300 desks ready',
    );

    // ---- connect 300 desks + 20 wallboards; the server's heap before and after ----
    await sleep(500);
    gc();
    const before = process.memoryUsage();
    const emitted = new Map<string, bigint>();
    const busAt = new Map<string, bigint>();
    const emitAt = new Map<string, bigint>();
    const latencies: number[] = [];
    const stages = { amiToBus: [] as number[], busToEmit: [] as number[], emitToDesk: [] as number[] };
    const ms = (a: bigint | undefined, b: bigint | undefined, into: number[]) =>
      a !== undefined && b !== undefined && into.push(Number(b - a) / 1e6);
    const channels = new Map<string, string>();
    const popped = new Set<string>();
    let popsWithHistory = 0;
    let wallboardUpdates = 0;
    let connected = 0;
    desks = spawn(process.execPath, ['-e', DESKS_CHILD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    desks.send({ url: app.url, desks: people.desks, wallboards: people.wallboards });
    desks.on('message', (msg) => {
      const m = msg as DesksMsg;
      if (m.kind === 'connected') connected = m.sockets;
      if (m.kind === 'closed') wallboardUpdates = m.wallboardUpdates;
      if (m.kind === 'error') console.error(`screen_pop: desks process: ${m.message}`);
      if (m.kind !== 'pop') return;
      const key = `${m.linkedid}|PJSIP/${m.ext}`;
      const sent = emitted.get(key);
      const hr = BigInt(m.hr);
      if (sent !== undefined) latencies.push(Number(hr - sent) / 1e6);
      ms(sent, busAt.get(key), stages.amiToBus);
      ms(busAt.get(key), emitAt.get(key), stages.busToEmit);
      ms(emitAt.get(key), hr, stages.emitToDesk);
      if (!popped.has(m.linkedid) && m.requests > 0) popsWithHistory++;
      popped.add(m.linkedid);
      // The caller hangs up once the desk has the pop: the operator is free for the next call.
      const ch = channels.get(m.linkedid);
      if (ch) {
        channels.delete(m.linkedid);
        void control(`/_emulator/channels/${ch}/hangup`);
      }
    });
    await until(() => connected === SIZES.desks + SIZES.wallboards, 60_000, 'sockets connected');
    await sleep(1000);
    gc();
    const after = process.memoryUsage();
    const sockets = SIZES.desks + SIZES.wallboards;

    // ---- 10 calls a second; AgentCalled stamped as its bytes leave the emulator ----
    const untap = app.emulator!.tapAmi((fields) => {
      if (fields[0]?.[1] !== 'AgentCalled') return;
      const at = process.hrtime.bigint();
      const get = (k: string) => fields.find(([n]) => n === k)?.[1] ?? '';
      emitted.set(`${get('Linkedid')}|${get('Interface')}`, at);
    });
    // Where the time goes: AMI bytes → the CTI's call:ringing (parse + state), then the desk's part.
    const onRinging = (call: { linkedid: string }, ring: { interface: string }) =>
      busAt.set(`${call.linkedid}|${ring.interface}`, process.hrtime.bigint());
    app.bus.on('call:ringing', onRinging);
    // … then the gateway's history queries up to its emit (bench-only wrap of the /desk namespace's
    // room emitter), then socket.io and the desk's socket.
    const extOf = new Map(people.desks.map((d) => [`op:${d.operatorId}`, d.extension]));
    const nsp = app.io.of('/desk');
    const to = nsp.to.bind(nsp);
    nsp.to = ((room: string) => {
      const target = to(room);
      const emit = target.emit.bind(target);
      target.emit = ((ev: string, ...args: unknown[]) => {
        if (ev === 'screen-pop')
          emitAt.set(`${(args[0] as { linkedid: string }).linkedid}|PJSIP/${extOf.get(room)}`, process.hrtime.bigint());
        return emit(ev as 'screen-pop', ...(args as [never]));
      }) as typeof target.emit;
      return target;
    }) as typeof nsp.to;
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
        if (c.linkedid) channels.set(c.linkedid, c.channelId);
      });
    }
    const sentSeconds = (performance.now() - t0) / 1000;
    await until(() => popped.size >= CALLS, 30_000, 'every call popped').catch((err: Error) =>
      console.error(err.message),
    );
    untap();
    loop.disable();
    app.bus.off('call:ringing', onRinging);
    for (const v of Object.values(stages)) v.sort((a, b) => a - b);
    gc();
    const afterCalls = process.memoryUsage();
    desks.send('close');
    await sleep(500);

    latencies.sort((a, b) => a - b);
    report('screen_pop', {
      desks: SIZES.desks,
      wallboards: SIZES.wallboards,
      requests_in_db: SIZES.requests,
      citizens_in_db: SIZES.citizens,
      past_calls_in_db: SIZES.calls,
      seed_seconds: seedSeconds,
      calls: CALLS,
      calls_per_s: (CALLS - 1) / sentSeconds,
      calls_popped: popped.size,
      pops: latencies.length,
      pops_with_history: popsWithHistory,
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
      event_loop_delay_p99_ms: loop.percentile(99) / 1e6,
      history_query_p50_ms: percentile(qms, 50),
      history_query_p99_ms: percentile(qms, 99),
      history_query_indexed: historyIndexed ? 'yes' : `NO: ${plan}`,
      heap_per_desk_kib: (after.heapUsed - before.heapUsed) / sockets / 1024,
      heap_per_desk_after_calls_kib: (afterCalls.heapUsed - before.heapUsed) / sockets / 1024,
      rss_per_desk_kib: (after.rss - before.rss) / sockets / 1024,
      wallboard_updates_received: wallboardUpdates,
      // Other work on the machine inflates every latency here: say how busy it was.
      machine_load_1min: loadavg()[0]!,
      cpus: availableParallelism(),
    });
  } finally {
    desks?.kill();
    await app.stop();
  }
}
