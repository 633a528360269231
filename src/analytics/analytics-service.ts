import {
  jalaliPeriodOf,
  jalaliPeriodsBetween,
  lastYearJalaliPeriod,
  previousJalaliPeriod,
  type JalaliPeriod,
  type JalaliPeriodKind,
} from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import {
  dailyCounts,
  resolutionTimes,
  unitAccountability,
  type DayCount,
  type GroupBy,
  type RequestFilter,
} from './analytics-repository.ts';
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
  const from = wanted.reduce((m, p) => (p.start < m ? p.start : m), periods[0]!.start);
  const to = periods[periods.length - 1]!.end;
  const days = await dailyCounts(db, groupBy, { ...f, from, to });
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
  return { rows, totals: { count: sum('count'), previous: sum('previous'), lastYear: sum('lastYear') } };
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
  const rows = await resolutionTimes(db, groupBy, f);
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
      }))
      .sort((a, b) => b.requests - a.requests || a.key.localeCompare(b.key)),
  };
}

/** The accountability table: worst first (overdue rate, then overdue now, then received). */
export async function accountability(db: Db, q: { timeZone: string; from: string; to: string; now: Date }) {
  const rows = await unitAccountability(db, q);
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
      }))
      .sort((a, b) => b.overdueRate - a.overdueRate || b.overdueNow - a.overdueNow || b.received - a.received),
  };
}
