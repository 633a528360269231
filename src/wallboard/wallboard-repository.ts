import type { Db } from '../db/index.ts';
import type { SeriesPoint } from './wallboard-events.ts';

// SQL of the wallboard: the 15-minute series, supervisors' phones, pause allowances, audit rows.

export interface SeriesQuery {
  shiftName: string;
  shiftDate: string;
  /** Bucket origin: the shift's start, so intervals line up with it. */
  origin: Date;
  bucketMinutes: number;
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
}

/** Offered/answered/abandoned per interval, with the same definitions as computeKpis (calls_shift_idx). */
export async function loadSeries(db: Db, q: SeriesQuery): Promise<SeriesPoint[]> {
  const r = await db.query<{
    bucket: Date;
    offered: string;
    answered: string;
    abandoned: string;
    short_abandoned: string;
    answered_in_sl: string;
  }>(
    `SELECT date_bin(make_interval(mins => $3), entered_at, $4::timestamptz) AS bucket,
            count(*) AS offered,
            count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered,
            count(*) FILTER (WHERE answered_at IS NULL AND end_reason = 'abandoned' AND COALESCE(wait_seconds, 0) >= $6) AS abandoned,
            count(*) FILTER (WHERE answered_at IS NULL AND end_reason = 'abandoned' AND COALESCE(wait_seconds, 0) < $6) AS short_abandoned,
            count(*) FILTER (WHERE answered_at IS NOT NULL AND wait_seconds <= $5) AS answered_in_sl
       FROM calls
      WHERE queue IS NOT NULL AND shift_name = $1 AND shift_date = $2
      GROUP BY 1 ORDER BY 1`,
    [q.shiftName, q.shiftDate, q.bucketMinutes, q.origin, q.serviceLevelSeconds, q.shortAbandonSeconds],
  );
  return r.rows.map((x) => ({
    at: x.bucket.toISOString(),
    offered: Number(x.offered),
    answered: Number(x.answered),
    abandoned: Number(x.abandoned),
    shortAbandoned: Number(x.short_abandoned),
    answeredInSl: Number(x.answered_in_sl),
  }));
}

export async function supervisorPhone(db: Db, userId: string): Promise<string | null> {
  const r = await db.query<{ interface: string }>(`SELECT interface FROM supervisor_phones WHERE user_id = $1`, [
    userId,
  ]);
  return r.rows[0]?.interface ?? null;
}

export async function setSupervisorPhone(db: Db, userId: string, iface: string): Promise<void> {
  await db.query(
    `INSERT INTO supervisor_phones (user_id, interface) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET interface = EXCLUDED.interface, updated_at = now()`,
    [userId, iface],
  );
}

/** Embedded demo mode: supervisors and admins listen from the emulator's phone 2001 unless set otherwise. */
export async function seedDemoSupervisorPhones(db: Db, iface: string): Promise<void> {
  await db.query(
    `INSERT INTO supervisor_phones (user_id, interface)
     SELECT id, $1 FROM users WHERE role IN ('supervisor', 'admin') ON CONFLICT (user_id) DO NOTHING`,
    [iface],
  );
}

export async function pauseAllowances(db: Db): Promise<Record<string, number>> {
  const r = await db.query<{ reason: string; minutes: number }>(
    `SELECT reason, minutes FROM pause_allowances ORDER BY reason`,
  );
  return Object.fromEntries(r.rows.map((x) => [x.reason, x.minutes]));
}

export async function setPauseAllowance(db: Db, reason: string, minutes: number): Promise<void> {
  await db.query(
    `INSERT INTO pause_allowances (reason, minutes) VALUES ($1, $2)
     ON CONFLICT (reason) DO UPDATE SET minutes = EXCLUDED.minutes, updated_at = now()`,
    [reason, minutes],
  );
}
