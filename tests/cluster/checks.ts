// What "exactly once" means in the cluster tests, held against the PBX's own record of rings and
// against what the desks received: the problems found, as lines a failing assertion prints.
import type { Db } from '../../src/db/index.ts';
import type { PbxWatch } from './call-driver.ts';
import { popsFor, type Desk } from './desks.ts';

const count = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

/** Each ring of a phone popped exactly once on that operator's desk, and no pop without a ring. */
export function popProblems(watch: PbxWatch, desks: Desk[]): string[] {
  const deskOf = new Map(desks.map((d) => [`PJSIP/${d.extension}`, d]));
  const rings = new Map<string, number>();
  for (const r of watch.rings) count(rings, `${r.iface}|${r.linkedid}`);
  const problems: string[] = [];
  for (const [key, n] of rings) {
    const [iface, linkedid] = key.split('|') as [string, string];
    const desk = deskOf.get(iface);
    if (!desk) continue; // a phone with no desk open in this test
    const pops = popsFor(desk, linkedid);
    if (pops !== n) problems.push(`${linkedid} rang ${iface} ${n}x, popped ${pops}x`);
  }
  for (const d of desks)
    for (const p of d.pops)
      if (!rings.has(`PJSIP/${d.extension}|${p.linkedid}`))
        problems.push(`${d.username}: pop of ${p.linkedid} without a ring`);
  return problems;
}

/**
 * One audit row per view: per user and call, as many `screen-pop` rows as pops the desks got,
 * and as many `screen-pop-resync` rows as resyncs that handed a known caller's history back.
 */
export async function auditProblems(db: Db, desks: Desk[]): Promise<string[]> {
  const rows = await db.query<{ action: string; user_id: string; linkedid: string; n: number }>(
    `SELECT action, user_id::text, details->>'linkedid' AS linkedid, count(*)::int AS n FROM audit_log
      WHERE action IN ('screen-pop', 'screen-pop-resync') GROUP BY 1, 2, 3`,
  );
  const stored = new Map(rows.rows.map((r) => [`${r.action}|${r.user_id}|${r.linkedid}`, r.n]));
  const seen = new Map<string, number>();
  for (const d of desks) {
    for (const p of d.pops) count(seen, `screen-pop|${d.userId}|${p.linkedid}`);
    for (const r of d.resyncs) {
      const cur = r.ok ? r.data.currentCall : null;
      if (cur?.caller.citizenId) count(seen, `screen-pop-resync|${d.userId}|${cur.linkedid}`);
    }
  }
  const problems: string[] = [];
  for (const k of new Set([...stored.keys(), ...seen.keys()]))
    if ((stored.get(k) ?? 0) !== (seen.get(k) ?? 0))
      problems.push(`${k}: ${stored.get(k) ?? 0} audit rows for ${seen.get(k) ?? 0} views`);
  return problems;
}

export interface CallsTally {
  /** Rows of the calls given, distinct calls among them, closed ones, answered ones. */
  rows: number;
  linkedids: number;
  ended: number;
  answered: number;
  /** Every row of the table (nothing recorded beside the calls placed). */
  total: number;
}

/** The calls table, for the calls given (by Linkedid) and in all. */
export async function callsTally(db: Db, linkedids: string[]): Promise<CallsTally> {
  const r = await db.query<CallsTally>(
    `SELECT count(*) FILTER (WHERE linkedid = ANY($1))::int AS rows,
            count(DISTINCT linkedid) FILTER (WHERE linkedid = ANY($1))::int AS linkedids,
            count(ended_at) FILTER (WHERE linkedid = ANY($1))::int AS ended,
            count(answered_at) FILTER (WHERE linkedid = ANY($1))::int AS answered,
            count(*)::int AS total
       FROM calls`,
    [linkedids],
  );
  return r.rows[0]!;
}

/** The call records of these calls once the recorder has closed them (it writes behind the live state). */
export async function closedCalls(db: Db, linkedids: string[]): Promise<CallsTally> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const last = await callsTally(db, linkedids);
    if (last.ended === linkedids.length || Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
}
