import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startApp, type AppHandle } from '../src/app/start-app.ts';
import type { AriEvent } from '../src/asterisk/ari/ari-events.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/shared/logger.ts';
import type { BenchContext } from './context.ts';
import { percentile, report } from './report.ts';

const SURVEYS = Number(process.env.BENCH_SURVEYS ?? 50);
/** Two seeded questions plus extra ones, so that 50 surveys give a few hundred samples. */
const QUESTIONS = Number(process.env.BENCH_SURVEY_QUESTIONS ?? 10);
const TIME_SCALE = 0.01;
const OPERATORS = ['1001', '1002', '1003', '1004'];

interface Sample {
  ms: number;
  bargeIn: boolean;
}

/**
 * survey_dtmf: a caller's key (the emulator's ARI ChannelDtmfReceived, as it reaches cti137's
 * event socket) to the answer row committed in PostgreSQL, with SURVEYS callers in the survey at
 * the same time. The whole server runs (startApp: emulator, AMI, ARI, Stasis app, call records,
 * desk). Odd questions are answered after the prompt ended; even ones while it plays (barge-in:
 * the key must first stop the playback over ARI). Target p99 ≤ 50 ms.
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
  const cfg = loadConfig({ DATABASE_URL: ctx.dbUrl, PORT: '0', EMULATOR_AMI_PORT: '0', EMULATOR_ARI_PORT: '0', EMULATOR_TRAFFIC: 'off', LOG_LEVEL: 'warn', WRAPUP_SECONDS: '0' });
  const app = await startApp(cfg, { logger: createLogger('warn'), jobsPrefix: `b${randomBytes(4).toString('hex')}`, timeScale: TIME_SCALE });
  const timing = instrumentAnswerInserts();
  try {
    await until(() => [...app.amis.values(), ...app.aris.values()].every((c) => c.connected), 10_000, 'AMI and ARI up');
    const emu = `http://127.0.0.1:${app.emulator!.ariPort}`;
    const ctl = (path: string, body?: unknown) =>
      fetch(`${emu}${path}`, { method: 'POST', headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    for (const [i] of OPERATORS.entries()) await ready(app, `operator${i + 1}`);

    // Where each caller is, from the ARI events cti137 itself receives (first listener: no lag added).
    const ari = app.aris.get('pbx1')!;
    const started = new Counts();
    const finished = new Counts();
    const keys = new Map<string, number[]>();
    const isQuestion = (uri: string) => uri === 'sound:cti137/survey-courtesy' || uri === 'sound:cti137/survey-registered';
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
      channels.push(((await r.json()) as { channelId: string }).channelId);
    }
    let served = 0;
    await until(async () => {
      for (const ep of OPERATORS) {
        if ((await ctl(`/_emulator/endpoints/${ep}/answer`)).status !== 200) continue;
        await ctl(`/_emulator/endpoints/${ep}/hangup`);
        served++;
      }
      return served >= SURVEYS;
    }, 180_000, 'every caller served');
    await Promise.all(channels.map((c) => started.reach(c, 1)));

    // 2. Measured: the callers answer every question, all at once, each at the pace of their own prompts.
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
    await until(async () => (await ctx.db.query(`SELECT count(*)::int AS n FROM survey_answers`)).rows[0].n >= SURVEYS * QUESTIONS, 30_000, 'every answer stored');

    // 3. Pair each caller's k-th key with the k-th answer row committed for their response.
    const map = await ctx.db.query<{ id: string; linkedid: string }>(`SELECT s.id::text, c.linkedid FROM survey_responses s JOIN calls c ON c.id = s.call_id`);
    const channelOf = new Map(map.rows.map((r) => [r.id, r.linkedid]));
    const samples: Sample[] = [];
    const byChannel = new Map<string, number[]>();
    for (const d of timing.durable) {
      const ch = channelOf.get(d.responseId);
      if (!ch) continue;
      const list = byChannel.get(ch) ?? [];
      list.push(d.at);
      byChannel.set(ch, list);
    }
    for (const ch of channels) {
      const k = keys.get(ch) ?? [];
      const rows = (byChannel.get(ch) ?? []).sort((a, b) => a - b);
      rows.forEach((at, i) => {
        if (k[i] !== undefined) samples.push({ ms: at - k[i]!, bargeIn: (i + 1) % 2 === 0 });
      });
    }
    const all = samples.map((s) => s.ms).sort((a, b) => a - b);
    const after = samples.filter((s) => !s.bargeIn).map((s) => s.ms).sort((a, b) => a - b);
    const barge = samples.filter((s) => s.bargeIn).map((s) => s.ms).sort((a, b) => a - b);
    const p99 = percentile(all, 99);
    report('survey_dtmf', {
      concurrent_surveys: SURVEYS,
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
      target_p99_ms: 50,
      meets_target: p99 <= 50 ? 'yes' : 'no',
    });
  } finally {
    timing.restore();
    await app.stop();
  }
}

/**
 * Times every `INSERT INTO survey_answers` the server sends through pg (saveAnswer): the moment
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
    if (typeof text === 'string' && text.includes('INSERT INTO survey_answers') && Array.isArray(values) && out instanceof Promise) {
      const responseId = String(values[0]);
      out.then(() => durable.push({ responseId, at: performance.now() }), () => undefined);
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
    this.waiters.set(ch, w.filter((x) => (x.at <= v ? (x.resolve(), false) : true)));
  }

  reach(ch: string, at: number): Promise<void> {
    if ((this.n.get(ch) ?? 0) >= at) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`survey_dtmf: channel ${ch} never reached question ${at} (count ${this.n.get(ch)})`)), 20_000);
      const list = this.waiters.get(ch) ?? [];
      list.push({ at, resolve: () => (clearTimeout(t), resolve()) });
      this.waiters.set(ch, list);
    });
  }
}

async function ready(app: AppHandle, username: string): Promise<void> {
  const base = app.http.server.address() as { port: number };
  const url = `http://127.0.0.1:${base.port}/api/v1`;
  const res = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo137' }) });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const st = await fetch(`${url}/operators/me/state`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ state: 'ready' }) });
  if (st.status !== 200) throw new Error(`${username} could not get ready: ${st.status}`);
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string, pollMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`survey_dtmf: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
