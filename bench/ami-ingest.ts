import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import { AmiParser } from '../src/asterisk/ami/ami-codec.ts';
import { AmiClient } from '../src/asterisk/ami/index.ts';
import {
  CallRecorder,
  CallTracker,
  CtiBus,
  linkPbx,
  OperatorDirectory,
  type OperatorService,
} from '../src/cti/index.ts';
import { ShiftCalendar } from '../src/calendar/index.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/shared/logger.ts';
import type { BenchContext } from './context.ts';
import { report } from './report.ts';

/**
 * AMI ingest: events/s through the full path (TCP socket → parse → typed events → call state →
 * call records in PostgreSQL) against the raw parse ceiling of the same bytes, in one run.
 * The event mix is the real captured queue call (~190 events, VarSet-heavy), replayed with a new
 * Linkedid per call.
 */
export async function amiIngest(ctx: BenchContext): Promise<void> {
  const raw = readFileSync(new URL('../tests/fixtures/asterisk/ami-queue-call.server.raw', import.meta.url), 'latin1');
  const body = raw.slice(raw.indexOf('\r\n') + 2); // drop the banner
  const calls = Number(process.env.BENCH_CALLS ?? 600);
  const stream = buildStream(body, calls, 1_800_000_000);
  const eventsPerCall = (body.match(/\r\n\r\n/g) ?? []).length;
  const totalEvents = eventsPerCall * calls;

  // 1. Raw ceiling: the parser alone over the same bytes, in 64 KiB reads like a socket delivers.
  // Best of three passes: the first runs before the JIT has optimised the parser.
  let parsed = 0;
  let rawMs = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 3; pass++) {
    parsed = 0;
    const parser = new AmiParser({ message: () => void parsed++ });
    const t0 = performance.now();
    for (let off = 0; off < stream.length; off += 65536) parser.push(stream.subarray(off, off + 65536));
    rawMs = Math.min(rawMs, performance.now() - t0);
  }

  // 2. Full path over a real TCP socket into the AMI client, tracker and recorder: first as fast
  // as the peer can send (throughput), then paced at a steady rate (event-loop delay while
  // sustaining it — a flood makes libuv read up to 32 chunks per loop turn, which no real PBX does).
  // The full path gets a warm-up run too (same JIT footing as the ceiling); the second one counts.
  await fullPath(ctx, buildStream(body, Math.min(calls, 200), 1_900_000_000), Math.min(calls, 200), null);
  const flood = await fullPath(ctx, stream, calls, null);
  const pacedRate = Number(process.env.BENCH_PACED_EVENTS_PER_S ?? 25_000);
  const pacedStream = buildStream(body, calls, 2_000_000_000);
  const paced = await fullPath(ctx, pacedStream, calls, (pacedRate / totalEvents) * pacedStream.length);

  const rawRate = (parsed / rawMs) * 1000;
  const fullRate = (totalEvents / flood.fullMs) * 1000;
  report('ami_ingest', {
    calls,
    events: totalEvents,
    events_per_call: eventsPerCall,
    raw_ceiling_events_per_s: rawRate,
    state_only_events_per_s: (totalEvents / flood.stateMs) * 1000,
    events_per_s: fullRate,
    ratio: fullRate / rawRate,
    flood_event_loop_p99_ms: flood.loopP99,
    flood_event_loop_utilization: flood.elu,
    paced_target_events_per_s: pacedRate,
    paced_events_per_s: (totalEvents / paced.fullMs) * 1000,
    paced_event_loop_p99_ms: paced.loopP99,
    paced_event_loop_max_ms: paced.loopMax,
  });
}

/** The captured call repeated with a fresh Linkedid per call (and per run). */
function buildStream(body: string, calls: number, base: number): Buffer {
  const chunks: Buffer[] = [];
  for (let i = 0; i < calls; i++)
    chunks.push(
      Buffer.from(body.replaceAll('1795329939.', `${base + i}.`).replaceAll('1795329941.', `${base + i}.9`), 'latin1'),
    );
  return Buffer.concat(chunks);
}

/** One run of socket → client → tracker → recorder. bytesPerSecond null = as fast as possible. */
async function fullPath(ctx: BenchContext, stream: Buffer, calls: number, bytesPerSecond: number | null) {
  const logger = createLogger('warn');
  // Setup: the CTI side first (it reads the operators from the database), then the peer, then the
  // AMI client that connects to it.
  const cti = await ctiPipeline(ctx, logger);
  const peer = amiPeer(stream, bytesPerSecond);
  const [port] = (await once(peer, 'message')) as [number];
  const ami = new AmiClient({
    host: '127.0.0.1',
    port,
    username: 'bench',
    secret: 'bench',
    serverId: 'bench',
    logger,
    pingIntervalMs: 600_000,
  });
  let events = 0;
  let tStart = 0;
  ami.on('event', () => {
    if (events++ === 0) tStart = performance.now();
  });
  linkPbx({
    serverId: 'bench',
    ami,
    tracker: cti.tracker,
    operators: () => ({ async syncMembers() {} }) as unknown as OperatorService,
    serviceNumbers: ['137'],
    logger,
  });

  // Drive and measure: the clocks start at the first event, not at the connection, so the login
  // and the peer's 50 ms head start are not counted.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let elu0 = perf.eventLoopUtilization();
  ami.on('event', function firstEvent() {
    elu0 = perf.eventLoopUtilization();
    ami.off('event', firstEvent);
  });
  ami.start();
  while (cti.ended() < calls) await new Promise((r) => setTimeout(r, 5));
  const stateMs = performance.now() - tStart;
  await cti.recorder.flush();
  const fullMs = performance.now() - tStart;
  // How busy our thread was meanwhile: well under 1 means the path waited (for bytes, for the
  // database) rather than ran out of CPU.
  const elu = perf.eventLoopUtilization(elu0).utilization;
  loop.disable();

  // Teardown: stop the client first (no reconnect attempts), then end the peer's thread.
  await ami.stop();
  await peer.terminate();
  return { stateMs, fullMs, elu, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6 };
}

/** The CTI side of the path: bus, call tracker and call recorder, counting the calls that ended. */
async function ctiPipeline(ctx: BenchContext, logger: ReturnType<typeof createLogger>) {
  const cfg = loadConfig({});
  const bus = new CtiBus();
  const directory = new OperatorDirectory(ctx.db);
  await directory.load();
  const tracker = new CallTracker(bus, { serviceNumbers: ['137'] });
  const recorder = new CallRecorder({
    db: ctx.db,
    bus,
    operators: directory,
    logger,
    calendar: new ShiftCalendar(cfg.shifts, cfg.timezone),
  });
  let ended = 0;
  bus.on('call:ended', () => void ended++);
  return { tracker, recorder, ended: () => ended };
}

/**
 * The AMI peer runs in its own thread, like a real Asterisk in its own process: writing 36 MB
 * must not steal the event loop being measured. It posts its port once listening; it answers the
 * login, then writes the stream at once (50 ms after the login) or in 10 ms slices at bytesPerSecond.
 */
function amiPeer(stream: Buffer, bytesPerSecond: number | null): Worker {
  return new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const net = require('node:net');
     const stream = Buffer.from(workerData.stream);
     const server = net.createServer((sock) => {
       sock.write('Asterisk Call Manager/11.0.0\\r\\n');
       sock.once('data', (d) => {
         const id = /ActionID: (\\S+)/.exec(d.toString())?.[1] ?? '';
         sock.write('Response: Success\\r\\nActionID: ' + id + '\\r\\nMessage: Authentication accepted\\r\\n\\r\\n');
         if (!workerData.bytesPerSecond) return void setTimeout(() => sock.write(stream), 50);
         const slice = Math.max(1, Math.round(workerData.bytesPerSecond / 100));
         let off = 0;
         const t = setInterval(() => {
           sock.write(stream.subarray(off, off + slice));
           off += slice;
           if (off >= stream.length) clearInterval(t);
         }, 10);
       });
       sock.on('error', () => {});
     });
     server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));`,
    { eval: true, workerData: { stream, bytesPerSecond } },
  );
}
