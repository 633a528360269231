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
 * within T ÷ (offered − short abandons); ASA = mean wait of answered calls; AHT = talk + hold +
 * wrap-up per answered call; abandonment rate = abandons ÷ (offered − short abandons).
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
  // The wrap-up and per-operator queries use the filter only: PostgreSQL refuses unused parameters.
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
            count(*) FILTER (WHERE answered_at IS NOT NULL AND wait_seconds <= ${T}) AS answered_in_sl,
            avg(wait_seconds) FILTER (WHERE answered_at IS NOT NULL) AS asa,
            avg(talk_seconds) FILTER (WHERE answered_at IS NOT NULL) AS talk
       FROM calls c WHERE ${filter}`,
    params,
  );
  const wrap = await db.query(
    `SELECT c.operator_id, avg(EXTRACT(EPOCH FROM (w.ended_at - w.started_at))) AS wrap
       FROM calls c JOIN operator_state_intervals w
         ON w.operator_id = c.operator_id AND w.state = 'wrap-up' AND w.ended_at IS NOT NULL
        AND w.started_at >= c.answered_at AND w.started_at < COALESCE(c.ended_at, c.answered_at) + interval '1 hour'
      WHERE ${filter} AND c.answered_at IS NOT NULL
      GROUP BY c.operator_id`,
    filterParams,
  );
  const per = await db.query(
    `SELECT c.operator_id::text AS operator_id, u.display_name, count(*) AS answered,
            COALESCE(sum(c.talk_seconds), 0) AS talk, avg(c.talk_seconds) AS aht_talk
       FROM calls c JOIN operators o ON o.id = c.operator_id JOIN users u ON u.id = o.user_id
      WHERE ${filter} AND c.answered_at IS NOT NULL
      GROUP BY c.operator_id, u.display_name ORDER BY count(*) DESC`,
    filterParams,
  );
  const x = r.rows[0];
  const offered = Number(x.offered);
  const short = Number(x.short_abandoned);
  const base = offered - short;
  const wrapBy = new Map<string, number>(wrap.rows.map((w) => [String(w.operator_id), Number(w.wrap)]));
  const wrapAll = wrap.rows.length ? [...wrapBy.values()].reduce((a, b) => a + b, 0) / wrapBy.size : 0;
  const answered = Number(x.answered);
  return {
    offered,
    answered,
    abandoned: Number(x.abandoned),
    shortAbandoned: short,
    serviceLevel: base > 0 ? Number(x.answered_in_sl) / base : null,
    serviceLevelSeconds: q.serviceLevelSeconds,
    asa: answered ? Number(x.asa) : null,
    aht: answered ? Number(x.talk ?? 0) + wrapAll : null,
    abandonRate: base > 0 ? Number(x.abandoned) / base : null,
    perOperator: per.rows.map((p) => ({
      operatorId: p.operator_id,
      displayName: p.display_name,
      answered: Number(p.answered),
      talkSeconds: Number(p.talk),
      aht: p.aht_talk === null ? null : Number(p.aht_talk) + (wrapBy.get(p.operator_id) ?? 0),
    })),
  };
}
