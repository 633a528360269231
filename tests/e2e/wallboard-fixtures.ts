// History for the wallboard's browser tests: call records spread over the current shift so far
// and the same shift last week, so the KPIs, the comparison and the chart have something to show.
// Deterministic (a seeded generator), so screenshots compare run to run.
import type { TestApp } from '../helpers/app.ts';
import { addDays, shiftWindow } from '../../src/calendar/index.ts';
import { loadConfig } from '../../src/config/config.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export async function seedCallHistory(app: TestApp, opts: { maxPerInterval?: number } = {}): Promise<number> {
  const cfg = loadConfig({});
  const now = Date.now();
  const shift = app.shiftFor(now);
  const ops = (await app.db.query<{ id: string }>(`SELECT id::text FROM operators ORDER BY id`)).rows.map((r) => r.id);
  const rand = rng(137);
  let n = 0;
  for (const [ref, until] of [
    [shift, now - 60_000],
    [{ name: shift.name, date: addDays(shift.date, -7) }, Number.POSITIVE_INFINITY],
  ] as const) {
    const win = shiftWindow(ref, cfg.shifts, cfg.timezone);
    const rows: unknown[][] = [];
    for (let t = win.from; t < Math.min(win.to, until); t += 15 * 60_000) {
      const count = 2 + Math.floor(rand() * (opts.maxPerInterval ?? 9));
      for (let i = 0; i < count; i++) {
        const entered = t + Math.floor(rand() * 14 * 60_000);
        if (entered > until) continue;
        const wait = Math.floor(rand() ** 2 * 70);
        const abandoned = rand() < 0.12;
        const talk = 40 + Math.floor(rand() * 200);
        const hazard = rand() < 0.06;
        rows.push([
          `seed-${ref.date}-${entered}-${i}`,
          new Date(entered),
          hazard ? 'q137hazard' : 'q137',
          abandoned ? null : new Date(entered + wait * 1000),
          new Date(entered + (wait + (abandoned ? 0 : talk)) * 1000),
          abandoned ? 'abandoned' : 'completed',
          wait,
          abandoned ? null : talk,
          ref.name,
          ref.date,
          abandoned ? null : ops[Math.floor(rand() * ops.length)],
          hazard,
        ]);
      }
    }
    for (const r of rows) {
      await app.db.query(
        `INSERT INTO calls (server_id, linkedid, entered_at, queue, answered_at, ended_at, end_reason, wait_seconds, talk_seconds, shift_name, shift_date, operator_id, hazard, caller_phone)
         VALUES ('seed', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '+989121112233')`,
        r,
      );
    }
    n += rows.length;
  }
  return n;
}
