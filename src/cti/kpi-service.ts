import type { Db } from '../db/pool.ts';
import type { Kpis } from './queue-types.ts';

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

/**
 * Call-centre KPIs from our call records, with the usual definitions: service level = answered
 * within T ÷ offered (every queued call, short abandons included: they are reported apart, not
 * taken out of the base); ASA = mean wait of answered calls; AHT = (talk + hold +
 * wrap-up) ÷ answered calls; abandonment rate = abandons ÷ (offered − short abandons). Only a
 * caller who hung up while waiting abandoned: Queue() timeouts (`timeout`) and calls lost when
 * Asterisk restarted (`pbx-restart`) are offered calls, counted apart and never as abandons.
 * talk_seconds is stored net of hold, so the three parts never overlap. A call's wrap-up is its
 * (last) operator's first finished wrap-up that began after the answer and by the time the
 * caller left (wrap-up starts when the operator hangs up, before the survey ends the call).
 */
export async function computeKpis(db: Db, q: KpiQuery): Promise<Kpis> {
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
  // The per-operator query uses the filter only: PostgreSQL refuses unused parameters.
  const filterParams = [...params];
  params.push(q.serviceLevelSeconds, q.shortAbandonSeconds);
  const T = `$${params.length - 1}`;
  const S = `$${params.length}`;
  const filter = where.join(' AND ');

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
  // Handle time per operator (NULL: an interface that is no operator of ours); the total is their sum.
  const handled = await db.query(
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
    filterParams,
  );
  const x = r.rows[0];
  const offered = Number(x.offered);
  const short = Number(x.short_abandoned);
  const base = offered - short;
  const answered = Number(x.answered);
  const sum = (k: 'talk' | 'hold' | 'wrap') => handled.rows.reduce((a, row) => a + Number(row[k]), 0);
  const [talk, hold, wrap] = [sum('talk'), sum('hold'), sum('wrap')];
  const per = (v: number) => (answered ? v / answered : null);
  return {
    offered,
    answered,
    abandoned: Number(x.abandoned),
    shortAbandoned: short,
    timedOut: Number(x.timed_out),
    lostInRestart: Number(x.lost_in_restart),
    serviceLevel: offered > 0 ? Number(x.answered_in_sl) / offered : null,
    serviceLevelSeconds: q.serviceLevelSeconds,
    asa: answered ? Number(x.asa) : null,
    aht: per(talk + hold + wrap),
    avgTalk: per(talk),
    avgHold: per(hold),
    avgWrapUp: per(wrap),
    abandonRate: base > 0 ? Number(x.abandoned) / base : null,
    perOperator: handled.rows
      .filter((p) => p.operator_id !== null)
      .map((p) => ({
        operatorId: p.operator_id,
        displayName: p.display_name,
        answered: Number(p.answered),
        talkSeconds: Number(p.talk),
        holdSeconds: Number(p.hold),
        aht: (Number(p.talk) + Number(p.hold) + Number(p.wrap)) / Number(p.answered),
      })),
  };
}
