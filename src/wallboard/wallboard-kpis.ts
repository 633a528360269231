import { addDays, type ShiftCalendar, type ShiftRef } from '../calendar/index.ts';
import { computeKpis, type Kpis } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { Logger } from '../shared/index.ts';
import { operatorScores } from '../survey/index.ts';
import type { KpiBoard, KpiFigures, KpiPeriod, Series } from './wallboard-events.ts';
import { loadSeries, pauseAllowances } from './wallboard-repository.ts';

export interface WallboardKpiDeps {
  db: Db;
  /** The centre's shifts: the current one, and its window for the series. */
  calendar: ShiftCalendar;
  /** Queues to break the KPIs down by (those Asterisk reports). */
  queueNames: () => string[];
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
  survey: { priorWeight: number; minResponses: number };
  logger: Logger;
  /** Something shown may have changed: the gateway diffs and pushes. */
  onChange: () => void;
  /** Whether any wallboard is open: with none, refreshes wait until one asks (no queries for nobody). */
  watching?: () => boolean;
  /** Operators rostered for a shift; null while no roster exists at all (nobody is then "absent"). */
  rosterOf?: (shift: ShiftRef) => Promise<string[] | null>;
  /** Callbacks owed now; made and reached in [from, to) (absent: no callbacks on the board). */
  callbackCounts?: (from: Date, to: Date) => Promise<{ owed: number; made: number; reached: number }>;
  /** Triage items (web, SMS, Open311) waiting for a person, and the oldest one's arrival (absent: no tile). */
  triageBacklog?: () => Promise<{ waiting: number; oldestAt: string | null }>;
  /** Fewest ms between two refreshes (each is a handful of queries). */
  minIntervalMs?: number;
  /** Wait after a call event so the call recorder's row has landed. */
  settleMs?: number;
  /** Refresh anyway this often: the clock moves (shift change, new interval, pause alerts). */
  periodicMs?: number;
}

export interface OperatorStats {
  handled: number;
  aht: number | null;
  score: number | null;
  scoreResponses: number;
  scoreRanked: boolean;
  scoreRank: number | null;
}

const BUCKET_MINUTES = 15;
const SCORE_DAYS = 30;
/** Survey answers come a minute after the call; scores need no faster refresh. */
const SCORES_EVERY_MS = 60_000;

const strip = ({ perOperator: _p, ...rest }: Kpis): KpiFigures => rest;

/**
 * The wallboard's figures that come from the call records (KPIs, the 15-minute series, per-
 * operator counts and survey scores). Database work, so it is refreshed on call events at most
 * every couple of seconds and on a slow timer, never per event; the live part (who waits, who
 * talks) comes from memory in the gateway.
 */
export class WallboardKpis {
  kpis: KpiBoard | null = null;
  series: Series | null = null;
  stats = new Map<string, OperatorStats>();
  /** Minutes per pause reason. */
  allowances: Record<string, number> = {};
  /** Operators rostered for the current shift, or null without a roster. */
  rostered: Set<string> | null = null;

  private readonly minIntervalMs: number;
  private readonly settleMs: number;
  private lastWeek: { key: string; period: KpiPeriod } | null = null;
  private scores = new Map<string, { score: number | null; responses: number; ranked: boolean; rank: number | null }>();
  private scoresAt = 0;
  private lastRun = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private periodic: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private first: Promise<void> | null = null;
  private stale = false;
  /** The queue names the last refresh computed per-queue figures for. */
  private queuesKey = '';

  constructor(private readonly d: WallboardKpiDeps) {
    this.minIntervalMs = d.minIntervalMs ?? 2000;
    this.settleMs = d.settleMs ?? 300;
    this.periodic = setInterval(() => this.request(), d.periodicMs ?? 30_000);
    this.periodic.unref?.();
  }

  /**
   * Figures a new wallboard can show: the first refresh, then a fresh one when the last is older
   * than the refresh interval (or was skipped while nobody watched). Wallboards opening together
   * share one refresh.
   */
  async ready(): Promise<void> {
    this.first ??= this.refresh();
    await this.first;
    if (this.stale || this.queuesChanged() || Date.now() - this.lastRun > this.minIntervalMs) await this.refresh();
  }

  /**
   * Queues appear once the PBX has told us about them (QueueStatus after the AMI login); a refresh
   * that ran before has no per-queue figures, so a new queue name makes the figures stale.
   */
  queuesChanged(): boolean {
    return this.d.queueNames().join(',') !== this.queuesKey;
  }

  /** Ask for a refresh soon: after the settle delay, and no sooner than the interval allows. */
  request(): void {
    if (this.d.watching && !this.d.watching()) {
      this.stale = true;
      return;
    }
    if (this.timer || this.stopped) return;
    const wait = Math.max(this.settleMs, this.lastRun + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, wait);
  }

  /** Refresh now; a call during a running refresh runs once more after it. */
  async refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run()
      .catch((err) => this.d.logger.error({ err: (err as Error).message }, 'wallboard KPIs could not be refreshed'))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.request();
        }
      });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.periodic);
  }

  private async run(): Promise<void> {
    this.stale = false;
    this.lastRun = Date.now();
    const now = Date.now();
    const shift = this.d.calendar.shiftAt(now);
    const queues = this.d.queueNames();
    this.queuesKey = queues.join(',');
    const weekAgo = { name: shift.name, date: addDays(shift.date, -7) };
    const weekKey = `${weekAgo.name}/${weekAgo.date}/${queues.join(',')}`;
    const shiftFrom = new Date(this.d.calendar.window(shift).from);
    const [cur, today, lastWeek, series, allowances, roster, callbacks, , triage] = await Promise.all([
      this.period(shift.name, shift.date, queues),
      this.period(null, shift.date, queues),
      // Last week does not change: computed once per shift.
      this.lastWeek?.key === weekKey
        ? this.lastWeek.period
        : this.period(weekAgo.name, weekAgo.date, queues).then((p) => p.period),
      this.loadSeries(shift, now),
      pauseAllowances(this.d.db),
      this.d.rosterOf?.(shift) ?? null,
      this.d.callbackCounts?.(shiftFrom, new Date(now + 1)),
      this.refreshScores(shift.date, now),
      this.d.triageBacklog?.(),
    ]);
    this.rostered = roster ? new Set(roster) : null;
    this.lastWeek = { key: weekKey, period: lastWeek };
    const board: KpiBoard = {
      shift: cur.period,
      today: today.period,
      lastWeek,
      ...(callbacks ? { callbacks } : {}),
      ...(triage ? { triage } : {}),
      computedAt: new Date(now).toISOString(),
    };
    // Same figures as before: keep the old object, so the gateway sees nothing to push.
    if (!this.kpis || JSON.stringify({ ...this.kpis, computedAt: '' }) !== JSON.stringify({ ...board, computedAt: '' }))
      this.kpis = board;
    if (!this.series || JSON.stringify(this.series) !== JSON.stringify(series)) this.series = series;
    this.allowances = allowances;
    const stats = new Map<string, OperatorStats>();
    for (const [id, s] of this.scores)
      stats.set(id, {
        handled: 0,
        aht: null,
        score: s.score,
        scoreResponses: s.responses,
        scoreRanked: s.ranked,
        scoreRank: s.rank,
      });
    for (const p of cur.perOperator) {
      const s = stats.get(p.operatorId) ?? {
        handled: 0,
        aht: null,
        score: null,
        scoreResponses: 0,
        scoreRanked: false,
        scoreRank: null,
      };
      stats.set(p.operatorId, { ...s, handled: p.answered, aht: p.aht });
    }
    this.stats = stats;
    if (!this.stopped) this.d.onChange();
  }

  private async period(
    shiftName: string | null,
    date: string,
    queues: string[],
  ): Promise<{ period: KpiPeriod; perOperator: Kpis['perOperator'] }> {
    const base = {
      shiftName: shiftName ?? undefined,
      shiftDate: date,
      serviceLevelSeconds: this.d.serviceLevelSeconds,
      shortAbandonSeconds: this.d.shortAbandonSeconds,
    };
    const [all, ...per] = await Promise.all([
      computeKpis(this.d.db, base),
      ...queues.map((queue) => computeKpis(this.d.db, { ...base, queue })),
    ]);
    const byQueue: Record<string, KpiFigures> = {};
    queues.forEach((q, i) => (byQueue[q] = strip(per[i]!)));
    return { period: { shiftName, shiftDate: date, all: strip(all!), byQueue }, perOperator: all!.perOperator };
  }

  private async loadSeries(shift: ShiftRef, now: number): Promise<Series> {
    const win = this.d.calendar.window(shift);
    const rows = await loadSeries(this.d.db, {
      shiftName: shift.name,
      shiftDate: shift.date,
      origin: new Date(win.from),
      bucketMinutes: BUCKET_MINUTES,
      serviceLevelSeconds: this.d.serviceLevelSeconds,
      shortAbandonSeconds: this.d.shortAbandonSeconds,
    });
    // Every interval of the shift so far, empty ones too: a gap in the chart is a quiet interval.
    const byAt = new Map(rows.map((r) => [r.at, r]));
    const step = BUCKET_MINUTES * 60_000;
    const points = [];
    for (let t = win.from; t < Math.min(win.to, now + 1); t += step) {
      const at = new Date(t).toISOString();
      points.push(byAt.get(at) ?? { at, offered: 0, answered: 0, abandoned: 0, shortAbandoned: 0, answeredInSl: 0 });
    }
    return {
      bucketMinutes: BUCKET_MINUTES,
      from: new Date(win.from).toISOString(),
      to: new Date(win.to).toISOString(),
      points,
    };
  }

  private async refreshScores(date: string, now: number): Promise<void> {
    if (now - this.scoresAt < SCORES_EVERY_MS && this.scoresAt > 0) return;
    this.scoresAt = now;
    const all = await operatorScores(this.d.db, {
      from: addDays(date, -(SCORE_DAYS - 1)),
      to: date,
      priorWeight: this.d.survey.priorWeight,
      minResponses: this.d.survey.minResponses,
    });
    // The Bayesian score rests on the unflagged responses only: show that count, and the rank it earns.
    this.scores = new Map(
      all.map((s) => [
        s.operatorId,
        { score: s.bayesianScore, responses: s.rankedResponses, ranked: s.ranked, rank: s.rank },
      ]),
    );
  }
}
