import {
  jalaliPeriodOf,
  jalaliPeriodsBetween,
  lastYearJalaliPeriod,
  previousJalaliPeriod,
  shiftDate,
  type JalaliPeriod,
  type JalaliPeriodKind,
} from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import {
  dailyCounts,
  type DayCount,
  type GroupBy,
  type RequestFilter,
  type UnitQuery,
} from './analytics-repository.ts';
import { resolutionFigures, unitFigures } from './histogram-figures.ts';
import { fixedLabel } from './labels.ts';

export interface PeriodRow {
  key: string;
  label: string;
  labelFa: string;
  labelEn: string;
  period: string;
  periodLabelFa: string;
  periodLabelEn: string;
  periodStart: string;
  periodEnd: string;
  count: number;
  previous: number;
  lastYear: number;
}

const NONE = { fa: 'نامشخص', en: 'Not set' };

function labelOf(groupBy: GroupBy, key: string, fa: string | null, en: string | null) {
  const fixed = fixedLabel(groupBy, key);
  const labelFa = fixed?.fa ?? fa ?? NONE.fa;
  const labelEn = fixed?.en ?? en ?? NONE.en;
  return { label: labelFa, labelFa, labelEn };
}

/**
 * Counts per Jalali period and dimension value, each with the same value's count in the period
 * before and in the same period a year before. Periods are whole: `from` and `to` pick the
 * periods that hold them, and each is counted from its first day to its last.
 */
export async function requestCounts(db: Db, groupBy: GroupBy, kind: JalaliPeriodKind, f: RequestFilter) {
  const periods = jalaliPeriodsBetween(f.from, f.to, kind);
  const wanted = periods.flatMap((p) => [p, previousJalaliPeriod(p), lastYearJalaliPeriod(p)]);
  // Only the days those periods hold: a month and its last-year twin are two short reads, not a year's.
  // Months, seasons and years are whole Jalali months: read per month, not per day.
  const source = kind === 'day' || kind === 'week' ? undefined : 'months';
  const days: DayCount[] = [];
  for (const w of windows(wanted))
    days.push(...(await dailyCounts(db, groupBy, { ...f, from: w.start, to: w.end }, source)));
  const buckets = bucket(days, kind);
  const rows: PeriodRow[] = [];
  for (const p of periods) {
    const [prev, ly] = [previousJalaliPeriod(p).key, lastYearJalaliPeriod(p).key];
    const keys = new Set([...(buckets.counts.get(p.key)?.keys() ?? [])]);
    for (const k of buckets.counts.get(prev)?.keys() ?? []) keys.add(k);
    const at = (pk: string, key: string) => buckets.counts.get(pk)?.get(key) ?? 0;
    const inPeriod = [...keys].map((key) => {
      const l = buckets.labels.get(key)!;
      const counts = { count: at(p.key, key), previous: at(prev, key), lastYear: at(ly, key) };
      return { key, ...labelOf(groupBy, key, l.fa, l.en), ...periodFields(p), ...counts };
    });
    rows.push(...inPeriod.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)));
  }
  const sum = (k: 'count' | 'previous' | 'lastYear') => rows.reduce((s, r) => s + r[k], 0);
  const totals = { count: sum('count'), previous: sum('previous'), lastYear: sum('lastYear') };
  // Every period asked for, also those without a request: a line chart's x axis has no holes.
  return { rows, totals, periods: periods.map(periodFields) };
}

/** The periods' days as few disjoint ranges: overlapping or touching ones merged. */
function windows(periods: JalaliPeriod[]): Array<{ start: string; end: string }> {
  const sorted = [...periods].sort((a, b) => a.start.localeCompare(b.start));
  const out: Array<{ start: string; end: string }> = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.start <= shiftDate(last.end, 1)) {
      if (p.end > last.end) last.end = p.end;
    } else out.push({ start: p.start, end: p.end });
  }
  return out;
}

function periodFields(p: JalaliPeriod) {
  return {
    period: p.key,
    periodLabelFa: p.labelFa,
    periodLabelEn: p.labelEn,
    periodStart: p.start,
    periodEnd: p.end,
  };
}

function bucket(days: DayCount[], kind: JalaliPeriodKind) {
  const counts = new Map<string, Map<string, number>>();
  const labels = new Map<string, { fa: string | null; en: string | null }>();
  const periodOfDay = new Map<string, string>();
  for (const d of days) {
    let pk = periodOfDay.get(d.day);
    if (!pk) periodOfDay.set(d.day, (pk = jalaliPeriodOf(d.day, kind).key));
    const m = counts.get(pk) ?? new Map<string, number>();
    counts.set(pk, m);
    m.set(d.key, (m.get(d.key) ?? 0) + d.count);
    labels.set(d.key, { fa: d.labelFa, en: d.labelEn });
  }
  return { counts, labels };
}

const hours = (h: number | null) => (h === null ? null : Math.round(h * 10) / 10);

/** Time to resolution and the citizens' word per dimension value, most requests first. */
export async function resolution(db: Db, groupBy: GroupBy, f: RequestFilter) {
  const rows = await resolutionFigures(db, groupBy, f);
  return {
    rows: rows
      .map((r) => ({
        key: r.key,
        ...labelOf(groupBy, r.key, r.labelFa, r.labelEn),
        requests: r.requests,
        closed: r.closed,
        medianHours: hours(r.medianHours),
        p90Hours: hours(r.p90Hours),
        feedbackAnswered: r.feedbackAnswered,
        feedbackResolvedShare: r.feedbackAnswered ? r.feedbackResolved / r.feedbackAnswered : null,
        // The 100%-feedback figure: of the done or closed requests, how many citizens were asked.
        doneOrClosed: r.doneOrClosed,
        feedbackAsked: r.feedbackAsked,
        feedbackShare: r.doneOrClosed ? r.feedbackAsked / r.doneOrClosed : null,
      }))
      .sort((a, b) => b.requests - a.requests || a.key.localeCompare(b.key)),
  };
}

/** The accountability table: worst first (overdue rate, then overdue now, then received). */
export async function accountability(db: Db, q: UnitQuery) {
  const rows = await unitFigures(db, q);
  return {
    rows: rows
      .map((r) => ({
        unitId: r.unitId,
        unitFa: r.unitFa,
        unitEn: r.unitEn,
        districtId: r.districtId,
        districtFa: r.districtFa,
        districtEn: r.districtEn,
        received: r.received,
        onTime: r.onTime,
        overdueNow: r.overdueNow,
        late: r.late,
        overdueRate: r.received ? r.late / r.received : 0,
        medianDaysOverdue: r.medianDaysOverdue === null ? null : Math.round(r.medianDaysOverdue * 10) / 10,
        returned: r.returned,
        reopened: r.reopened,
        feedbackAnswered: r.feedbackAnswered,
        satisfaction: r.feedbackAnswered ? r.feedbackResolved / r.feedbackAnswered : null,
        // The worklist's filters (GET /requests) that list this row's requests: all of the range, and overdue now.
        drill: { unitId: r.unitId, from: q.from, to: q.to },
        drillOverdue: { unitId: r.unitId, overdue: true },
      }))
      .sort((a, b) => b.overdueRate - a.overdueRate || b.overdueNow - a.overdueNow || b.received - a.received),
  };
}
