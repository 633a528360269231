import type { Db } from '../db/index.ts';
import {
  resolutionTimes,
  unitAccountability,
  type GroupBy,
  type RequestFilter,
  type ResolutionRow,
  type UnitAccountabilityRow,
  type UnitQuery,
} from './analytics-repository.ts';
import { percentileOf, type Bin } from './histogram.ts';
import { resolutionBins, resolutionLayer, splitRange } from './histogram-repository.ts';
import { unitBins } from './unit-histogram-repository.ts';

// The resolution and unit figures, from the month histograms where the range holds built months
// (percentiles within one bucket, 9 %; counts exact), else exactly from the facts (a range inside two
// months, a zone the histograms are not in, a council's figures grouped by channel or status).

/** Time to resolution and the citizens' word per grouping value. */
export async function resolutionFigures(db: Db, groupBy: GroupBy, f: RequestFilter): Promise<ResolutionRow[]> {
  const layer = resolutionLayer(groupBy, f);
  const split = layer === null ? null : await splitRange(db, 0, f.timeZone, f.from, f.to);
  if (layer === null || !split?.periods.length) return resolutionTimes(db, groupBy, f);
  const bins = await resolutionBins(db, groupBy, f, layer, split);
  const byKey = new Map<string, { row: ResolutionRow; bins: Bin[] }>();
  for (const b of bins) {
    let e = byKey.get(b.key);
    if (!e) {
      const row: ResolutionRow = {
        key: b.key,
        labelFa: b.labelFa,
        labelEn: b.labelEn,
        requests: 0,
        closed: 0,
        medianHours: null,
        p90Hours: null,
        feedbackAnswered: 0,
        feedbackResolved: 0,
        doneOrClosed: 0,
        feedbackAsked: 0,
      };
      byKey.set(b.key, (e = { row, bins: [] }));
    }
    e.row.requests += b.n;
    e.row.feedbackAnswered += b.answered;
    e.row.feedbackResolved += b.resolved;
    e.row.doneOrClosed += b.doneOrClosed;
    e.row.feedbackAsked += b.asked;
    if (b.bucket !== null) {
      e.row.closed += b.n;
      e.bins.push({ bucket: b.bucket, n: b.n });
    }
  }
  return [...byKey.values()].map(({ row, bins: hist }) => ({
    ...row,
    medianHours: percentileOf(hist, 0.5),
    p90Hours: percentileOf(hist, 0.9),
  }));
}

/** The accountability table's rows (the service ranks them). */
export async function unitFigures(db: Db, q: UnitQuery): Promise<UnitAccountabilityRow[]> {
  const split = await splitRange(db, 1, q.timeZone, q.from, q.to);
  if (!split.periods.length) return unitAccountability(db, q);
  const byUnit = new Map<number, { row: UnitAccountabilityRow; bins: Bin[] }>();
  for (const b of await unitBins(db, q, split)) {
    let e = byUnit.get(b.unitId);
    if (!e) {
      const { bucket: _bucket, ...first } = b;
      const row: UnitAccountabilityRow = {
        ...first,
        received: 0,
        onTime: 0,
        overdueNow: 0,
        late: 0,
        medianDaysOverdue: null,
        returned: 0,
        reopened: 0,
        feedbackAnswered: 0,
        feedbackResolved: 0,
      };
      byUnit.set(b.unitId, (e = { row, bins: [] }));
    }
    const r = e.row;
    r.received += b.received;
    r.onTime += b.onTime;
    r.overdueNow += b.overdueNow;
    r.late += b.late;
    r.returned += b.returned;
    r.reopened += b.reopened;
    r.feedbackAnswered += b.feedbackAnswered;
    r.feedbackResolved += b.feedbackResolved;
    if (b.bucket !== null && b.late > 0) e.bins.push({ bucket: b.bucket, n: b.late });
  }
  return [...byUnit.values()].map(({ row, bins }) => {
    const hours = percentileOf(bins, 0.5);
    return { ...row, medianDaysOverdue: hours === null ? null : hours / 24 };
  });
}
