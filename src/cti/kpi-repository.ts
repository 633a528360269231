import type { Db } from '../db/index.ts';

export interface KpiQuery {
  /** Either a shift (name + local date) or a time range. */
  shiftName?: string;
  shiftDate?: string;
  from?: Date;
  to?: Date;
  queue?: string;
  serviceLevelSeconds: number;
  /** Abandons shorter than this are reported apart (callers who dialled by mistake). */
  shortAbandonSeconds: number;
}

/** Offered, answered and abandoned counts and the wait of answered calls, over the queried calls. */
export interface CallTotals {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  timedOut: number;
  lostInRestart: number;
  answeredInServiceLevel: number;
  /** Mean wait of answered calls, seconds (0 when none). */
  asa: number;
}

/** Handle time of one operator's answered calls (operatorId null: an interface that is no operator of ours). */
export interface HandledBy {
  operatorId: string | null;
  displayName: string | null;
  answered: number;
  talk: number;
  hold: number;
  wrap: number;
}

/** The WHERE clause of a KPI query and its parameters ($1…$n), shared by both statements. */
function callFilter(q: KpiQuery): { filter: string; params: unknown[] } {
  const where: string[] = ['c.queue IS NOT NULL'];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.shiftName) add('c.shift_name = ?', q.shiftName);
  if (q.shiftDate) add('c.shift_date = ?', q.shiftDate);
  if (q.from) add('c.entered_at >= ?', q.from);
  if (q.to) add('c.entered_at < ?', q.to);
  if (q.queue) add('c.queue = ?', q.queue);
  return { filter: where.join(' AND '), params };
}

export async function callTotals(db: Db, q: KpiQuery): Promise<CallTotals> {
  const { filter, params } = callFilter(q);
  params.push(q.serviceLevelSeconds, q.shortAbandonSeconds);
  const T = `$${params.length - 1}`;
  const S = `$${params.length}`;
  const r = await db.query(
    `SELECT count(*) AS offered,
            count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered,
            count(*) FILTER (WHERE answered_at IS NULL AND end_reason = 'abandoned' AND COALESCE(wait_seconds, 0) >= ${S}) AS abandoned,
            count(*) FILTER (WHERE answered_at IS NULL AND end_reason = 'abandoned' AND COALESCE(wait_seconds, 0) < ${S}) AS short_abandoned,
            count(*) FILTER (WHERE answered_at IS NULL AND end_reason = 'timeout') AS timed_out,
            count(*) FILTER (WHERE end_reason = 'pbx-restart') AS lost_in_restart,
            count(*) FILTER (WHERE answered_at IS NOT NULL AND wait_seconds <= ${T}) AS answered_in_sl,
            avg(wait_seconds) FILTER (WHERE answered_at IS NOT NULL) AS asa
       FROM calls c WHERE ${filter}`,
    params,
  );
  const x = r.rows[0];
  return {
    offered: Number(x.offered),
    answered: Number(x.answered),
    abandoned: Number(x.abandoned),
    shortAbandoned: Number(x.short_abandoned),
    timedOut: Number(x.timed_out),
    lostInRestart: Number(x.lost_in_restart),
    answeredInServiceLevel: Number(x.answered_in_sl),
    asa: Number(x.asa),
  };
}

/**
 * Talk, hold and wrap-up per operator over the answered calls of the query. A call's wrap-up is
 * its (last) operator's first finished wrap-up that began after the answer and by the time the
 * caller left (wrap-up starts when the operator hangs up, before the survey ends the call).
 */
export async function handledByOperator(db: Db, q: KpiQuery): Promise<HandledBy[]> {
  // The filter's parameters only: PostgreSQL refuses unused parameters.
  const { filter, params } = callFilter(q);
  const r = await db.query(
    `SELECT c.operator_id::text AS operator_id, u.display_name, count(*) AS answered,
            COALESCE(sum(c.talk_seconds), 0) AS talk, COALESCE(sum(c.hold_seconds), 0) AS hold, COALESCE(sum(w.secs), 0) AS wrap
       FROM calls c
       LEFT JOIN LATERAL (
         SELECT EXTRACT(EPOCH FROM (i.ended_at - i.started_at)) AS secs
           FROM operator_state_intervals i
          WHERE i.operator_id = c.operator_id AND i.state = 'wrap-up' AND i.ended_at IS NOT NULL
            AND i.started_at >= c.answered_at AND i.started_at <= COALESCE(c.ended_at, now()) + interval '1 minute'
          ORDER BY i.started_at LIMIT 1) w ON true
       LEFT JOIN operators o ON o.id = c.operator_id
       LEFT JOIN users u ON u.id = o.user_id
      WHERE ${filter} AND c.answered_at IS NOT NULL
      GROUP BY c.operator_id, u.display_name ORDER BY count(*) DESC, c.operator_id`,
    params,
  );
  return r.rows.map((row) => ({
    operatorId: row.operator_id,
    displayName: row.display_name,
    answered: Number(row.answered),
    talk: Number(row.talk),
    hold: Number(row.hold),
    wrap: Number(row.wrap),
  }));
}
