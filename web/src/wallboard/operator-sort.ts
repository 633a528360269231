// Sorting and filtering the operators grid (pure, unit-tested): the supervisor's eye goes first
// to who is ringing or over their pause, so the default order puts live work first and the
// logged-out at the bottom.
import type { OperatorRow } from './types.ts';
import { alertsOf } from './alerts.ts';
import { secondsSince } from './clock.ts';

export type SortKey = 'name' | 'state' | 'time' | 'handled' | 'aht' | 'score';
export type FilterKey =
  'all' | 'active' | 'alerts' | 'ready' | 'ringing' | 'talking' | 'wrap-up' | 'paused' | 'logged-out';

export interface GridView {
  sort: SortKey;
  /** true: the natural order of the key is reversed (the header was clicked twice). */
  desc: boolean;
  filter: FilterKey;
  query: string;
}

export const DEFAULT_VIEW: GridView = { sort: 'state', desc: false, filter: 'all', query: '' };

const STATE_ORDER: Record<string, number> = {
  ringing: 0,
  talking: 1,
  paused: 2,
  'wrap-up': 3,
  ready: 4,
  'logged-out': 5,
};

function compare(a: OperatorRow, b: OperatorRow, key: SortKey, now: number): number {
  const nulls = (x: number | null, y: number | null) => (x === null ? (y === null ? 0 : 1) : y === null ? -1 : 0);
  switch (key) {
    case 'name':
      return a.displayName.localeCompare(b.displayName, 'fa');
    case 'state':
      // Then the longest in that state first: the pause that has gone on longest is the one to see.
      return (
        (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9) ||
        secondsSince(b.since, now) - secondsSince(a.since, now)
      );
    case 'time':
      return secondsSince(b.since, now) - secondsSince(a.since, now);
    case 'handled':
      return b.handled - a.handled;
    case 'aht':
      return nulls(a.aht, b.aht) || (b.aht ?? 0) - (a.aht ?? 0);
    case 'score':
      // The ranking first (rank 1 on top), then the unranked by score: too few responses to compare fairly.
      return (
        Number(b.scoreRanked) - Number(a.scoreRanked) ||
        (a.scoreRank ?? 0) - (b.scoreRank ?? 0) ||
        nulls(a.score, b.score) ||
        (b.score ?? 0) - (a.score ?? 0)
      );
  }
}

export function matches(row: OperatorRow, view: GridView, now: number): boolean {
  const q = view.query.trim().toLowerCase();
  if (q && !row.displayName.toLowerCase().includes(q) && !row.extension.includes(q)) return false;
  switch (view.filter) {
    case 'all':
      return true;
    case 'active':
      return row.state !== 'logged-out' || row.absent;
    case 'alerts':
      return alertsOf(row, now).length > 0;
    default:
      return row.state === view.filter;
  }
}

export function arrange(rows: OperatorRow[], view: GridView, now: number): OperatorRow[] {
  const sign = view.desc ? -1 : 1;
  return rows
    .filter((r) => matches(r, view, now))
    .sort(
      (a, b) =>
        sign * compare(a, b, view.sort, now) ||
        a.displayName.localeCompare(b.displayName, 'fa') ||
        a.id.localeCompare(b.id),
    );
}
