// The wallboard's picture: the snapshot, with every later update applied on top. Views redraw
// at most every RENDER_GAP_MS (a burst of updates costs one render), plus a one-second tick for
// the running clocks, which needs no message from the server.
import { syncServerTime } from './clock.ts';
import type { OperatorRow, WallboardSnapshot, WallboardUpdate } from './types.ts';

export type Connection = 'connecting' | 'online' | 'offline';
type Listener = (s: WallboardStore) => void;

const RENDER_GAP_MS = 250;

export class WallboardStore {
  picture: WallboardSnapshot | null = null;
  connection: Connection = 'connecting';
  /** Updates applied since the page opened (tests read it from the DOM). */
  applied = 0;
  private readonly listeners = new Set<Listener>();
  private scheduled = false;
  private lastRender = 0;

  subscribe(fn: Listener): void {
    this.listeners.add(fn);
  }

  snapshot(s: WallboardSnapshot): void {
    this.picture = s;
    syncServerTime(s.serverTime);
    this.schedule();
  }

  /** Apply an update; an older one (seq not above the picture's) is stale and dropped. */
  update(u: WallboardUpdate): void {
    const p = this.picture;
    if (!p || u.seq <= p.seq) return;
    p.seq = u.seq;
    syncServerTime(u.serverTime);
    if (u.shift) p.shift = u.shift;
    if (u.queues) p.queues = u.queues;
    if (u.kpis) p.kpis = u.kpis;
    if (u.series) p.series = u.series;
    if (u.pauseAllowances) p.settings = { ...p.settings, pauseAllowances: u.pauseAllowances };
    if (u.operators) p.operators = mergeRows(p.operators, u.operators.rows, u.operators.removed);
    this.applied += 1;
    this.schedule();
  }

  setConnection(c: Connection): void {
    this.connection = c;
    this.schedule();
  }

  /** Redraw soon: on the next frame, and no sooner than the render gap after the last one. */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = Math.max(0, this.lastRender + RENDER_GAP_MS - performance.now());
    setTimeout(() => requestAnimationFrame(() => this.render()), wait);
  }

  private render(): void {
    this.scheduled = false;
    this.lastRender = performance.now();
    for (const fn of this.listeners) fn(this);
  }
}

function mergeRows(rows: OperatorRow[], changed: OperatorRow[], removed: string[]): OperatorRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of removed) byId.delete(id);
  for (const r of changed) byId.set(r.id, r);
  return [...byId.values()];
}
