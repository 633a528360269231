import type { Db } from '../db/index.ts';
import type { Logger } from '../shared/index.ts';
import { refreshHistograms } from './histogram-repository.ts';

// Rebuilds the month histograms of the months whose facts changed (migration 031), every
// `seconds`, on every node: the database lets one refresh run at a time (an advisory lock), so
// nodes never double the work, and a node that stops leaves its marks for the next. Until a month
// is rebuilt its figures are read from the facts, so the interval bounds cost, never staleness.

/** Months rebuilt per statement: a refresh stays short however many months wait. */
const BATCH = 6;

export function startHistogramRefresher(
  db: Db,
  logger: Logger,
  seconds: number,
  /** After each refresh (warms what reads the histograms, e.g. the hotspot index). */
  refreshed: () => Promise<void> = async () => undefined,
): () => void {
  if (seconds <= 0) return () => undefined;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let failing = false;
  const tick = async () => {
    try {
      let built = 0;
      for (let n = BATCH; n === BATCH && !stopped; built += n) n = await refreshHistograms(db, BATCH);
      if (built) logger.debug({ months: built }, 'analytics histograms rebuilt');
      await refreshed();
      if (failing) logger.info('analytics histograms refresh works again');
      failing = false;
    } catch (err) {
      // The database away: the marks wait, and the figures come from the facts meanwhile.
      if (!failing) logger.warn({ err: (err as Error).message }, 'analytics histograms not refreshed; retrying');
      failing = true;
    }
    if (!stopped) timer = setTimeout(() => void tick(), seconds * 1000);
  };
  timer = setTimeout(() => void tick(), Math.min(seconds, 5) * 1000);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
