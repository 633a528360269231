// Percentiles read off the month histograms of migration 031. A bucket b holds durations whose
// minutes m satisfy 2^(b/8) ≤ m + 1 < 2^((b+1)/8): 8 buckets per doubling, each about 9 % wide,
// the same function as SQL's analytics_bucket(hours).

const PER_DOUBLING = 8;

/** The bucket of a duration in hours (as analytics_bucket in SQL). */
export function bucketOf(hours: number): number {
  return Math.floor(Math.log(Math.max(hours, 0) * 60 + 1) * (PER_DOUBLING / Math.LN2));
}

/** The hours at a bucket's lower edge. */
export function bucketStartHours(bucket: number): number {
  return (2 ** (bucket / PER_DOUBLING) - 1) / 60;
}

export interface Bin {
  bucket: number;
  n: number;
}

/**
 * percentile_cont(p) as PostgreSQL computes it over the sorted values (position p·(N−1), linear
 * between the two values around it), with each bucket's values taken as evenly spread across it.
 * Null when there are no values.
 */
export function percentileOf(bins: readonly Bin[], p: number): number | null {
  const sorted = bins.filter((b) => b.n > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((s, b) => s + b.n, 0);
  if (total === 0) return null;
  const pos = p * (total - 1);
  const below = Math.floor(pos);
  const lo = valueAt(sorted, below);
  const hi = pos > below ? valueAt(sorted, below + 1) : lo;
  return lo + (pos - below) * (hi - lo);
}

/** The rank-th smallest value (0-based): the bucket holding it, and its place inside it. */
function valueAt(sorted: readonly Bin[], rank: number): number {
  let before = 0;
  for (const b of sorted) {
    if (rank < before + b.n) {
      const start = bucketStartHours(b.bucket);
      const end = bucketStartHours(b.bucket + 1);
      return start + ((rank - before + 0.5) / b.n) * (end - start);
    }
    before += b.n;
  }
  const last = sorted[sorted.length - 1]!;
  return bucketStartHours(last.bucket + 1);
}
