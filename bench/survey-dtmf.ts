import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { startApp, type AppHandle } from '../src/app/start-app.ts';
import type { AriEvent } from '../src/asterisk/ari/ari-events.ts';
import { seedDemoUsers } from '../src/auth/demo-users.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/shared/logger.ts';
import type { BenchContext } from './context.ts';
import { percentile, report } from './report.ts';
import { startPeer, type Peer } from './survey-dtmf-peer.ts';
import { Counts, instrumentAnswerInserts } from './survey-dtmf-probes.ts';

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
  await addQuestions(ctx);
  // The emulator (our Asterisk) and the callers' key presses run in a child process, as Asterisk
  // runs in its own: only cti137 is on the event loop being measured.
  const peer = await startPeer({ timeScale: TIME_SCALE, endpoints: OPERATORS });
  const app = await startServer(ctx, peer);
  const timing = instrumentAnswerInserts();
  try {
    await until(() => [...app.amis.values(), ...app.aris.values()].every((c) => c.connected), 10_000, 'AMI and ARI up');
    const ctl = peer.control;
    for (const [i] of OPERATORS.entries()) await ready(app, `operator${i + 1}`);
    const watch = watchCallers(app);
    const channels = await serveCallers(ctl);
    await Promise.all(channels.map((c) => watch.started.reach(c, 1)));
    const run = await answerEveryQuestion(ctl, channels, watch);
    await until(
      async () =>
        (await ctx.db.query(`SELECT count(*)::int AS n FROM survey_answers`)).rows[0].n >= SURVEYS * QUESTIONS,
      30_000,
      'every answer stored',
    );
    reportSamples(await pairKeysWithRows(ctx, channels, watch.keys, timing.durable), run);
  } finally {
    timing.restore();
    await app.stop();
    await peer.close();
  }
}

/** Questions wait as long as the set-up of 50 callers takes, and there are enough of them. */
async function addQuestions(ctx: BenchContext): Promise<void> {
  await ctx.db.query(`UPDATE survey_questions SET timeout_ms = 3600000`);
  for (let i = 3; i <= QUESTIONS; i++) {
    await ctx.db.query(
      `INSERT INTO survey_questions (code, version, position, text_fa, text_en, prompt, valid_digits, min_value, max_value, timeout_ms, scored)
       VALUES ($1, 1, $2, 'پرسش آزمایشی', 'Bench question', 'cti137/survey-courtesy', '12345', 1, 5, 3600000, false) ON CONFLICT DO NOTHING`,
      [`bench-q${i}`, i],
    );
  }
}

/** The whole cti137 against the peer's AMI and ARI, with the demo's operators and its clock. */
async function startServer(ctx: BenchContext, peer: Peer): Promise<AppHandle> {
  await seedDemoUsers(ctx.db, 'demo137');
  const cfg = loadConfig({
    DATABASE_URL: ctx.dbUrl,
    PORT: '0',
    ASTERISK_AMI_URL: `ami://cti:${peer.secret}@127.0.0.1:${peer.amiPort}`,
    ASTERISK_ARI_URL: `http://cti:${peer.secret}@127.0.0.1:${peer.ariPort}`,
    LOG_LEVEL: 'warn',
    WRAPUP_SECONDS: '0',
  });
  return startApp(cfg, {
    logger: createLogger('warn'),
    jobsPrefix: `b${randomBytes(4).toString('hex')}`,
    timeScale: TIME_SCALE,
  });
}

interface CallerWatch {
  /** Question prompts started and finished, per channel. */
  started: Counts;
  finished: Counts;
  /** When each channel's keys reached cti137, in order. */
  keys: Map<string, number[]>;
}

/** Where each caller is, from the ARI events cti137 itself receives (first listener: no lag added). */
function watchCallers(app: AppHandle): CallerWatch {
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
  return { started, finished, keys };
}

/**
 * Set-up, not measured: SURVEYS callers go through the menu (no key: the queue anyway), an
 * operator answers each and hangs up at once, which sends the caller into the survey.
 */
async function serveCallers(ctl: Peer['control']): Promise<string[]> {
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
  return channels;
}

interface MeasuredRun {
  wallMs: number;
  loop: IntervalHistogram;
  /** The machine's load when the measured part began. */
  load: number;
}

/** Measured: the callers answer every question, all at once, each at the pace of their own prompts. */
async function answerEveryQuestion(ctl: Peer['control'], channels: string[], watch: CallerWatch): Promise<MeasuredRun> {
  const load = loadavg()[0]!;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const t0 = performance.now();
  await Promise.all(
    channels.map(async (ch) => {
      for (let q = 1; q <= QUESTIONS; q++) {
        const bargeIn = q % 2 === 0;
        await (bargeIn ? watch.started : watch.finished).reach(ch, q);
        // 1 or 2: valid for every question (the seeded "registered" takes only those).
        await ctl(`/_emulator/channels/${ch}/dtmf`, { digits: String(1 + (q % 2)) });
      }
    }),
  );
  const wallMs = performance.now() - t0;
  loop.disable();
  return { wallMs, loop, load };
}

/** Pairs each caller's k-th key with the k-th answer row committed for their response. */
async function pairKeysWithRows(
  ctx: BenchContext,
  channels: string[],
  keys: Map<string, number[]>,
  durable: Array<{ responseId: string; at: number }>,
): Promise<Sample[]> {
  const map = await ctx.db.query<{ id: string; linkedid: string }>(
    `SELECT s.id::text, c.linkedid FROM survey_responses s JOIN calls c ON c.id = s.call_id`,
  );
  const channelOf = new Map(map.rows.map((r) => [r.id, r.linkedid]));
  const rowsOf = new Map<string, number[]>();
  for (const d of durable) {
    const ch = channelOf.get(d.responseId) ?? '';
    rowsOf.set(ch, [...(rowsOf.get(ch) ?? []), d.at]);
  }
  return channels.flatMap((ch) => {
    const k = keys.get(ch) ?? [];
    const rows = (rowsOf.get(ch) ?? []).sort((a, b) => a - b);
    return rows.flatMap((at, i) => (k[i] === undefined ? [] : [{ ms: at - k[i]!, bargeIn: (i + 1) % 2 === 0 }]));
  });
}

function reportSamples(samples: Sample[], run: MeasuredRun): void {
  const { wallMs, loop, load } = run;
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
