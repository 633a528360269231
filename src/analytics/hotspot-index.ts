import type { Db } from '../db/index.ts';
import type { RequestFilter } from './analytics-repository.ts';
import { splitRange } from './histogram-repository.ts';
import {
  builtHotspotMonths,
  candidateHotspots,
  categoryFamily,
  hotspotKeyCategories,
  hotspotMonth,
  windowGroups,
  windowKeyCounts,
} from './hotspot-repository.ts';
import type { HotspotRow } from './places-repository.ts';

// Hotspots over long ranges at the default 150 m. Over five years a city has millions of place
// keys (a category and a 150 m square, or an address) with a handful of requests each, and SQL
// spends seconds grouping them. Here each built month's key counts (migration 031) are held as two
// typed arrays (8 bytes a key and month, ~30 MB for five years of a large city), summed for a range
// in milliseconds; the keys at or above the limit-th count are then read from the database exactly
// as the reference query reads them. Edge days and months not rebuilt yet are counted from the
// facts. Each node holds its own copy, reloading a month when its build time changes.

/** The radius the keys are built at (m). */
export const INDEXED_RADIUS_M = 150;
/** Below this many built months a range is read from the facts (it is fast, and the counting is not). */
const MIN_MONTHS = 3;

interface Month {
  builtAt: string;
  keys: Int32Array;
  n: Int32Array;
}

export class HotspotIndex {
  private readonly months = new Map<string, Month>();
  private categories = new Int32Array(1024);
  private maxKey = 0;
  private syncing: Promise<void> | null = null;

  constructor(private readonly db: Db) {}

  /** The hotspots, or null when this range or filter is not the index's (read them from the facts). */
  async hotspots(
    f: RequestFilter,
    q: { radiusM: number; minCount: number; limit: number },
  ): Promise<HotspotRow[] | null> {
    const plain = f.unitId === null && f.hazard === null && f.districtId === null && f.neighbourhoodIds === null;
    if (q.radiusM !== INDEXED_RADIUS_M || !plain) return null;
    const split = await splitRange(this.db, 0, f.timeZone, f.from, f.to, [0]);
    if (split.periods.length < MIN_MONTHS) return null;
    await this.sync(f.timeZone);
    const months = split.periods.map((p) => p.from);
    const counts = new Int32Array(this.maxKey + 1);
    for (const m of months) {
      const month = this.months.get(m);
      if (!month) return null; // rebuilt since the split: the facts answer this time
      const { keys, n } = month;
      for (let i = 0; i < keys.length; i++) counts[keys[i]!] = counts[keys[i]!]! + n[i]!;
    }
    const allowed = await this.categoryTest(f.categoryId);
    // c0: the limit-th count of the months alone. Adding the windows' requests only raises counts,
    // so the true limit-th is at least c0, and a key ends at c0 or more only if its months hold at
    // least c0 minus the windows' largest group, or (a place no month holds) its window group does.
    const c0 = this.cutoff(counts, allowed, q);
    const windows = await windowGroups(this.db, f, split.factWindows, c0);
    const floor = Math.max(1, c0 - windows.largest);
    const near: number[] = [];
    for (let k = 1; k < counts.length; k++) if (counts[k]! >= floor && allowed(this.categories[k]!)) near.push(k);
    // Their true counts (the windows' requests added): every key at or above the limit-th of those
    // is read; the others are below every key that can be in the answer.
    for (const w of await windowKeyCounts(this.db, f, split.factWindows, near))
      counts[w.keyId] = counts[w.keyId]! + w.n;
    const cut = this.cutoff(counts, allowed, q, near);
    const keyIds = near.filter((k) => counts[k]! >= cut);
    return candidateHotspots(this.db, f, q, { keyIds, months, windows: split.factWindows, big: windows.big });
  }

  /** The limit-th largest count among the keys (all, or those listed) of at least minCount (minCount when fewer). */
  private cutoff(
    counts: Int32Array,
    allowed: (c: number) => boolean,
    q: { minCount: number; limit: number },
    only?: number[],
  ): number {
    const freq = new Map<number, number>();
    const add = (k: number) => {
      const c = counts[k]!;
      if (c >= q.minCount && allowed(this.categories[k]!)) freq.set(c, (freq.get(c) ?? 0) + 1);
    };
    if (only) only.forEach(add);
    else for (let k = 1; k < counts.length; k++) add(k);
    let seen = 0;
    for (const c of [...freq.keys()].sort((a, b) => b - a)) {
      seen += freq.get(c)!;
      if (seen >= q.limit) return c;
    }
    return q.minCount;
  }

  /** A category filter as the reference applies it: the leaf itself or its parent. */
  private async categoryTest(categoryId: number | null): Promise<(c: number) => boolean> {
    if (categoryId === null) return () => true;
    const rows = await categoryFamily(this.db, categoryId);
    const ids = new Set(rows.map((r) => r.id));
    return (c) => ids.has(c);
  }

  /** Months built since the last look are (re)loaded, gone ones dropped; new keys' categories read. */
  sync(timeZone: string): Promise<void> {
    this.syncing ??= this.load(timeZone).finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async load(timeZone: string): Promise<void> {
    const built = await builtHotspotMonths(this.db, timeZone);
    const live = new Set(built.map((b) => b.month));
    for (const m of this.months.keys()) if (!live.has(m)) this.months.delete(m);
    for (const b of built) {
      if (this.months.get(b.month)?.builtAt === b.builtAt) continue;
      const { keys, n } = await hotspotMonth(this.db, b.month);
      this.months.set(b.month, { builtAt: b.builtAt, keys: Int32Array.from(keys), n: Int32Array.from(n) });
    }
    const added = await hotspotKeyCategories(this.db, this.maxKey);
    if (!added.length) return;
    const top = added[added.length - 1]!.id;
    if (top >= this.categories.length) {
      const grown = new Int32Array(Math.max(top + 1, this.categories.length * 2));
      grown.set(this.categories);
      this.categories = grown;
    }
    for (const a of added) this.categories[a.id] = a.category;
    this.maxKey = top;
  }
}

const indexes = new WeakMap<Db, HotspotIndex>();

/** The index of this database's pool (one per app, and per test database). */
export function hotspotIndex(db: Db): HotspotIndex {
  let i = indexes.get(db);
  if (!i) indexes.set(db, (i = new HotspotIndex(db)));
  return i;
}
