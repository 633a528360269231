import { seedDemoUsers } from '../src/auth/demo-users.ts';
import { randomBytes } from 'node:crypto';
import { io as ioClient } from 'socket.io-client';
import { startApp } from '../src/app/start-app.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/shared/logger.ts';
import { heapMb } from '../tests/integration/wallboard/heap-probe.ts';
import { ShortCalls } from '../tests/integration/wallboard/short-calls.ts';
import type { BenchContext } from './context.ts';
import { report } from './report.ts';
import { seedPeople } from './screen-pop-seed.ts';

/**
 * wallboard_memory: a wallboard left open while 1,000 short calls go through the emulator (four
 * operators, emulated waits 1,000x fast). The server's heap after a full gc, with the emulator's
 * action log emptied and after a few seconds' settle, is sampled every 200 calls; the figure that
 * matters is the growth from call 200 to call 1,000. (tests/e2e/wallboard-memory.test.ts runs the same 1,000 calls with the wallboard page open in Chromium and measures its heap too.)
 */
export async function wallboardMemory(ctx: BenchContext): Promise<void> {
  await seedDemoUsers(ctx.db, 'demo137'); // a demo's database first: the emulator then may run on it
  const people = await seedPeople(ctx.db, { desks: 0, wallboards: 1, citizens: 0, requests: 0, calls: 0 });
  const cfg = loadConfig({
    DATABASE_URL: ctx.dbUrl,
    DEMO: 'on', // the emulator on the bench's scratch database, which run.ts made a demo's
    PORT: '0',
    EMULATOR_AMI_PORT: '0',
    EMULATOR_ARI_PORT: '0',
    EMULATOR_TRAFFIC: 'off',
    LOG_LEVEL: 'error',
    WRAPUP_SECONDS: '0',
  });
  const app = await startApp(cfg, {
    logger: createLogger('error'),
    jobsPrefix: `bench${randomBytes(3).toString('hex')}`,
    timeScale: 0.001,
  });
  const wall = ioClient(`${app.url}/wallboard`, {
    extraHeaders: { cookie: people.wallboards[0]! },
    transports: ['websocket'],
    forceNew: true,
  });
  let updates = 0;
  wall.on('connect', () => wall.emit('snapshot', () => undefined));
  wall.on('update', () => void updates++);
  const driver = new ShortCalls({
    bus: app.bus,
    emulatorUrl: `http://127.0.0.1:${app.emulator!.ariPort}`,
    talkMs: 20,
    concurrency: 12,
  });
  try {
    const end = Date.now() + 15_000;
    while (![...app.amis.values()].every((a) => a.connected) || ![...app.aris.values()].every((a) => a.connected)) {
      if (Date.now() > end) throw new Error('wallboard_memory: AMI/ARI did not connect');
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const d of app.directory.all()) if (/^100[1-4]$/.test(d.extension)) await app.operators.setReady(d.id);
    const samples: Record<string, number> = {};
    const t0 = performance.now();
    for (const n of [200, 400, 600, 800, 1000]) {
      await driver.run(n);
      samples[`heap_after_${n}_calls_mb`] = await heapMb(app.emulator, 5500);
    }
    const seconds = (performance.now() - t0) / 1000;
    report('wallboard_memory', {
      calls: driver.ended,
      answered: driver.answered,
      ...samples,
      growth_200_to_1000_mb: samples['heap_after_1000_calls_mb']! - samples['heap_after_200_calls_mb']!,
      growth_per_call_kib: ((samples['heap_after_1000_calls_mb']! - samples['heap_after_200_calls_mb']!) * 1024) / 800,
      wallboard_updates: updates,
      seconds,
    });
  } finally {
    driver.stop();
    wall.close();
    await app.stop();
  }
}
