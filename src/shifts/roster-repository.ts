import type { ShiftRef } from '../calendar/index.ts';
import { recordAudit, withTransaction, type Db } from '../db/index.ts';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface RosterEntry {
  operatorId: string;
  shift: string;
  /** null: every day of the week. */
  weekday: Weekday | null;
  /** YYYY-MM-DD, null: open-ended. */
  from: string | null;
  to: string | null;
}

export interface RosterRow extends RosterEntry {
  id: string;
  username: string;
  displayName: string;
}

/** The weekday of a calendar date (the date is already the centre's local date). */
export const weekdayOf = (date: string): Weekday => WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!;

/** Roster rows, all of them or those that apply on a date (and shift). */
export async function listRoster(db: Db, f: { date?: string; shift?: string } = {}): Promise<RosterRow[]> {
  const r = await db.query<{
    id: string;
    operator_id: string;
    username: string;
    display_name: string;
    shift_name: string;
    weekday: Weekday | null;
    date_from: string | null;
    date_to: string | null;
  }>(
    `SELECT r.id::text, r.operator_id::text, u.username, u.display_name, r.shift_name, r.weekday,
            to_char(r.date_from, 'YYYY-MM-DD') AS date_from, to_char(r.date_to, 'YYYY-MM-DD') AS date_to
       FROM roster r JOIN operators o ON o.id = r.operator_id JOIN users u ON u.id = o.user_id
      WHERE ($1::date IS NULL OR ((r.weekday IS NULL OR r.weekday = $2) AND (r.date_from IS NULL OR r.date_from <= $1) AND (r.date_to IS NULL OR r.date_to >= $1)))
        AND ($3::text IS NULL OR r.shift_name = $3)
      ORDER BY r.shift_name, u.username, r.id`,
    [f.date ?? null, f.date ? weekdayOf(f.date) : null, f.shift ?? null],
  );
  return r.rows.map((x) => ({
    id: x.id,
    operatorId: x.operator_id,
    username: x.username,
    displayName: x.display_name,
    shift: x.shift_name,
    weekday: x.weekday,
    from: x.date_from,
    to: x.date_to,
  }));
}

/** Who should be in the queue in a shift: its roster rows' operators; null when the roster is empty (nobody is marked absent then). */
export async function rosterOf(db: Db, ref: ShiftRef): Promise<string[] | null> {
  const rows = await listRoster(db, { date: ref.date, shift: ref.name });
  if (rows.length) return rows.map((r) => r.operatorId);
  return (await listRoster(db)).length ? [] : null;
}

/** Replace the whole roster in one transaction (the editor sends the full table). */
export async function replaceRoster(db: Db, entries: RosterEntry[], byUserId: string): Promise<void> {
  await withTransaction(db, async (c) => {
    await c.query('DELETE FROM roster');
    if (entries.length) {
      await c.query(
        `INSERT INTO roster (operator_id, shift_name, weekday, date_from, date_to)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::date[], $5::date[])`,
        [
          entries.map((e) => e.operatorId),
          entries.map((e) => e.shift),
          entries.map((e) => e.weekday),
          entries.map((e) => e.from),
          entries.map((e) => e.to),
        ],
      );
    }
    await recordAudit(c, byUserId, 'roster-replace', 'roster', { entries: entries.length });
  });
}

/** Operator ids among `ids` that do not exist. */
export async function unknownOperators(db: Db, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const r = await db.query<{ id: string }>(`SELECT id::text FROM operators WHERE id = ANY($1::bigint[])`, [ids]);
  const known = new Set(r.rows.map((x) => x.id));
  return [...new Set(ids)].filter((id) => !known.has(id));
}

// Demo mode: operators 1 and 2 in the morning, 3 in the evening, 4 at night, every day.
const DEMO_ROSTER: Array<[string, string]> = [
  ['operator1', 'morning'],
  ['operator2', 'morning'],
  ['operator3', 'evening'],
  ['operator4', 'night'],
];

/** Seed the demo roster once (an empty roster only), for the shifts that exist in the config. */
export async function seedDemoRoster(db: Db, shiftNames: readonly string[]): Promise<void> {
  const rows = DEMO_ROSTER.filter(([, shift]) => shiftNames.includes(shift));
  await db.query(
    `INSERT INTO roster (operator_id, shift_name)
     SELECT o.id, d.shift FROM unnest($1::text[], $2::text[]) AS d(username, shift)
       JOIN users u ON u.username = d.username JOIN operators o ON o.user_id = u.id
      WHERE NOT EXISTS (SELECT 1 FROM roster)`,
    [rows.map((r) => r[0]), rows.map((r) => r[1])],
  );
}
