import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startApp, type AppHandle } from '../src/app/start-app.ts';
import type { AriEvent } from '../src/asterisk/ari/ari-events.ts';
import { startEmulator } from '../src/emulator/index.ts';
import { seedDemoUsers } from '../src/auth/demo-users.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/shared/logger.ts';
import type { BenchContext } from './context.ts';
import { percentile, report } from './report.ts';

const SURVEYS = Number(process.env.BENCH_SURVEYS ?? 50);
/** Two seeded questions plus extra ones, so that 50 surveys give a few hundred samples. */
const QUESTIONS = Number(process.env.BENCH_SURVEY_QUESTIONS ?? 10);
/**
 * The emulator's and IVR's clock: 1 is real time. At 0.1 the 50 callers, each keying in as soon as
 * their own prompt allows, give about 240 answers/s: ten times what 50 callers hearing the prompts
 * at their real length can. BENCH_SURVEY_TIME_SCALE=0.01 is a stress run (about 400 answers/s,
 * where two cores shared with the emulator process and PostgreSQL set the pace).
 */
const TIME_SCALE = Number(process.env.BENCH_SURVEY_TIME_SCALE ?? 0.1);
const OPERATORS = ['1001', '1002', '1003', '1004'];
const PEER_ENV = 'CTI137_SURVEY_DTMF_PEER';

interface Sample {
  ms: number;
  bargeIn: boolean;
}

/**
 * survey_dtmf: a caller's key (the emulator's ARI ChannelDtmfReceived, as it reaches cti137's
 * event socket) to the answer row committed in PostgreSQL, with SURVEYS callers in the survey at
 * the same time. The whole server runs (startApp: AMI, ARI, Stasis app, call records, desk,
 * jobs) against the emulator in a child process. Odd questions are answered after the prompt
 * ended; even ones while it plays (barge-in: the key must first stop the playback over ARI).
 * Target p99 ≤ 50 ms.
 */
export async function surveyDtmf(ctx: BenchContext): Promise<void> {
  // Questions wait as long as the set-up of 50 callers takes, and there are enough of them.
  await ctx.db.query(`UPDATE survey_questions SET timeout_ms = 3600000`);
  for (let i = 3; i <= QUESTIONS; i++) {
    await ctx.db.query(
      `INSERT INTO survey_questions (code, version, position, text_fa, text_en, prompt, valid_digits, min_value, max_value, timeout_ms, scored)
       VALUES ($1, 1, $2, 'پرسش آزمایشی', 'Bench question', 'cti137/survey-courtesy', '12345', 1, 5, 3600000, false) ON CONFLICT DO NOTHING`,
      [`bench-q${i}`, i],
    );
  }
  // The emulator (our Asterisk) and the callers' key presses run in a child process, as Asterisk
  // runs in its own: only cti137 is on the event loop being measured.
  const peer = await startPeer();
  await seedDemoUsers(ctx.db, 'demo137');
  const cfg = loadConfig({
    DATABASE_URL: ctx.dbUrl,
    PORT: '0',
    ASTERISK_AMI_URL: `ami://cti:${peer.secret}@127.0.0.1:${peer.amiPort}`,
    ASTERISK_ARI_URL: `http://cti:${peer.secret}@127.0.0.1:${peer.ariPort}`,
    LOG_LEVEL: 'warn',
    WRAPUP_SECONDS: '0',
  });
  const app = await startApp(cfg, {
    logger: createLogger('warn'),
    jobsPrefix: `b${randomBytes(4).toString('hex')}`,
    timeScale: TIME_SCALE,
  });
  const timing = instrumentAnswerInserts();
  try {
    await until(() => [...app.amis.values(), ...app.aris.values()].every((c) => c.connected), 10_000, 'AMI and ARI up');
    const ctl = peer.control;
    for (const [i] of OPERATORS.entries()) await ready(app, `operator${i + 1}`);

    // Where each caller is, from the ARI events cti137 itself receives (first listener: no lag added).
    const ari = app.aris.get('pbx1')!;
    const started = new Counts();
    const finished = new Counts();
    const keys = new Map<string, number[]>();
    const isQuestion = (uri: string) =>
      uri === 'sound:cti137/survey-courtesy' || uri === 'sound:cti137/survey-registered';
    ari.prependListener('event', (e: AriEvent) => {
      if (e.type === 'ChannelDtmfReceived') {
        const list = keys.get(e.channel.id) ?? [];
        list.push(performance.now());
        keys.set(e.channel.id, list);
      } else if ((e.type === 'PlaybackStarted' || e.type === 'PlaybackFinished') && isQuestion(e.playback.media_uri)) {
        (e.type === 'PlaybackStarted' ? started : finished).bump(e.playback.target_uri.replace('channel:', ''));
      }
    });

    // 1. SURVEYS callers: menu (no key: the queue anyway), an operator answers and hangs up at once.
    const channels: string[] = [];
    for (let i = 0; i < SURVEYS; i++) {
      const r = await ctl('/_emulator/calls', { from: `0912${String(7000000 + i)}`, to: '137' });
      channels.push((r.body as { channelId: string }).channelId);
    }
    let served = 0;
    await until(
      async () => {
        for (const ep of OPERATORS) {
          if ((await ctl(`/_emulator/endpoints/${ep}/answer`)).status !== 200) continue;
          await ctl(`/_emulator/endpoints/${ep}/hangup`);
          served++;
        }
        return served >= SURVEYS;
      },
      180_000,
      'every caller served',
    );
    await Promise.all(channels.map((c) => started.reach(c, 1)));

    // 2. Measured: the callers answer every question, all at once, each at the pace of their own prompts.
    const load = loadavg()[0]!;
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const t0 = performance.now();
    await Promise.all(
      channels.map(async (ch) => {
        for (let q = 1; q <= QUESTIONS; q++) {
          const bargeIn = q % 2 === 0;
          await (bargeIn ? started : finished).reach(ch, q);
          // 1 or 2: valid for every question (the seeded "registered" takes only those).
          await ctl(`/_emulator/channels/${ch}/dtmf`, { digits: String(1 + (q % 2)) });
        }
      }),
    );
    const wallMs = performance.now() - t0;
    loop.disable();
    await until(
      async () =>
        (await ctx.db.query(`SELECT count(*)::int AS n FROM survey_answers`)).rows[0].n >= SURVEYS * QUESTIONS,
      30_000,
      'every answer stored',
    );

    // 3. Pair each caller's k-th key with the k-th answer row committed for their response.
    const map = await ctx.db.query<{ id: string; linkedid: string }>(
      `SELECT s.id::text, c.linkedid FROM survey_responses s JOIN calls c ON c.id = s.call_id`,
    );
    const channelOf = new Map(map.rows.map((r) => [r.id, r.linkedid]));
    const rowsOf = new Map<string, number[]>();
    for (const d of timing.durable) {
      const ch = channelOf.get(d.responseId) ?? '';
      rowsOf.set(ch, [...(rowsOf.get(ch) ?? []), d.at]);
    }
    const samples: Sample[] = channels.flatMap((ch) => {
      const k = keys.get(ch) ?? [];
      const rows = (rowsOf.get(ch) ?? []).sort((a, b) => a - b);
      return rows.flatMap((at, i) => (k[i] === undefined ? [] : [{ ms: at - k[i]!, bargeIn: (i + 1) % 2 === 0 }]));
    });
    const all = samples.map((s) => s.ms).sort((a, b) => a - b);
    const after = samples
      .filter((s) => !s.bargeIn)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    const barge = samples
      .filter((s) => s.bargeIn)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    const p99 = percentile(all, 99);
    report('survey_dtmf', {
      concurrent_surveys: SURVEYS,
      time_scale: TIME_SCALE,
      questions_per_survey: QUESTIONS,
      samples: all.length,
      p50_ms: percentile(all, 50),
      p99_ms: p99,
      max_ms: all.at(-1) ?? NaN,
      after_prompt_p50_ms: percentile(after, 50),
      after_prompt_p99_ms: percentile(after, 99),
      barge_in_p50_ms: percentile(barge, 50),
      barge_in_p99_ms: percentile(barge, 99),
      answers_per_s: (all.length / wallMs) * 1000,
      event_loop_p99_ms: loop.percentile(99) / 1e6,
      event_loop_max_ms: loop.max / 1e6,
      // Figures from a machine busy with other work are not the server's own: say how busy it was.
      load_avg_1m: load,
      target_p99_ms: 50,
      meets_target: p99 <= 50 ? 'yes' : 'no',
    });
  } finally {
    timing.restore();
    await app.stop();
    await peer.close();
  }
}

interface Peer {
  amiPort: number;
  ariPort: number;
  secret: string;
  control(path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

type PeerMsg =
  | { kind: 'up'; amiPort: number; ariPort: number }
  | { kind: 'reply'; id: number; status: number; body: unknown }
  | { kind: 'error'; message: string };

/** This same file, run as a child process (Asterisk is another process too): the emulator plus an executor of control-API calls. */
async function startPeer(): Promise<Peer> {
  const secret = randomBytes(12).toString('hex');
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, [PEER_ENV]: JSON.stringify({ secret, timeScale: TIME_SCALE, endpoints: OPERATORS }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (r: { status: number; body: unknown }) => void>();
  let seq = 0;
  const up = await new Promise<{ amiPort: number; ariPort: number }>((resolve, reject) => {
    child.on('message', (m: PeerMsg) => {
      if (m.kind === 'up') resolve(m);
      else if (m.kind === 'reply') {
        pending.get(m.id)?.(m);
        pending.delete(m.id);
      } else reject(new Error(`survey_dtmf peer: ${m.message}`));
    });
    child.once('exit', (code) => reject(new Error(`survey_dtmf peer exited (${code})`)));
  });
  return {
    ...up,
    secret,
    control: (path, body) =>
      new Promise((resolve) => {
        const id = ++seq;
        pending.set(id, resolve);
        child.send({ id, path, body });
      }),
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.send('close');
      await exited;
    },
  };
}

async function runPeer(d: { secret: string; timeScale: number; endpoints: string[] }): Promise<void> {
  const send = (m: PeerMsg) => process.send!(m);
  const emu = await startEmulator({
    amiPort: 0,
    ariPort: 0,
    amiUsername: 'cti',
    amiSecret: d.secret,
    ariUsername: 'cti',
    ariPassword: d.secret,
    endpoints: d.endpoints,
    traffic: false,
    timeScale: d.timeScale,
    logger: createLogger('warn'),
  });
  const base = `http://127.0.0.1:${emu.ariPort}`;
  process.on('message', async (m: { id: number; path: string; body?: unknown } | 'close') => {
    if (m === 'close') {
      await emu.close();
      process.exit(0);
    }
    try {
      const res = await fetch(`${base}${m.path}`, {
        method: 'POST',
        headers: m.body ? { 'content-type': 'application/json' } : {},
        body: m.body ? JSON.stringify(m.body) : undefined,
      });
      const text = await res.text();
      send({ kind: 'reply', id: m.id, status: res.status, body: text ? JSON.parse(text) : null });
    } catch (err) {
      send({ kind: 'error', message: (err as Error).message });
    }
  });
  send({ kind: 'up', amiPort: emu.amiPort, ariPort: emu.ariPort });
}

const peerSpec = process.env[PEER_ENV];
if (peerSpec && process.send) {
  runPeer(JSON.parse(peerSpec) as { secret: string; timeScale: number; endpoints: string[] }).catch((err) => {
    process.send!({ kind: 'error', message: String(err) });
    process.exit(1);
  });
}

/**
 * Times every `INSERT INTO survey_answers` the server sends through pg (AnswerWriter): the moment
 * its promise resolves is the moment the row is committed (autocommit). Bench-only: wraps
 * pg.Pool.prototype.query for the run and puts it back afterwards.
 */
function instrumentAnswerInserts() {
  const proto = pg.Pool.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const durable: Array<{ responseId: string; at: number }> = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const out = original.apply(this, args);
    const [text, values] = args;
    if (
      typeof text === 'string' &&
      text.includes('INSERT INTO survey_answers') &&
      Array.isArray(values) &&
      out instanceof Promise
    ) {
      // AnswerWriter sends one statement for all the answers waiting: values[0] lists their responses.
      const responseIds = (Array.isArray(values[0]) ? values[0] : [values[0]]).map(String);
      out.then(
        () => {
          const at = performance.now();
          for (const responseId of responseIds) durable.push({ responseId, at });
        },
        () => undefined,
      );
    }
    return out;
  };
  return { durable, restore: () => void (proto.query = original) };
}

/** Per-channel event counters that can be awaited without polling (polling would load the loop being measured). */
class Counts {
  private readonly n = new Map<string, number>();
  private readonly waiters = new Map<string, Array<{ at: number; resolve: () => void }>>();

  bump(ch: string): void {
    const v = (this.n.get(ch) ?? 0) + 1;
    this.n.set(ch, v);
    const w = this.waiters.get(ch) ?? [];
    this.waiters.set(
      ch,
      w.filter((x) => (x.at <= v ? (x.resolve(), false) : true)),
    );
  }

  reach(ch: string, at: number): Promise<void> {
    if ((this.n.get(ch) ?? 0) >= at) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`survey_dtmf: channel ${ch} never reached question ${at} (count ${this.n.get(ch)})`)),
        20_000,
      );
      const list = this.waiters.get(ch) ?? [];
      list.push({ at, resolve: () => (clearTimeout(t), resolve()) });
      this.waiters.set(ch, list);
    });
  }
}

async function ready(app: AppHandle, username: string): Promise<void> {
  const base = app.http.server.address() as { port: number };
  const url = `http://127.0.0.1:${base.port}/api/v1`;
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo137' }),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const st = await fetch(`${url}/operators/me/state`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ state: 'ready' }),
  });
  if (st.status !== 200) throw new Error(`${username} could not get ready: ${st.status}`);
}

async function until(
  cond: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  pollMs = 5,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`survey_dtmf: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
