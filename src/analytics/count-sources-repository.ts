import type { Db } from '../db/index.ts';

// Where request counts come from, one filter ($1 zone, $2…$3 local days, $4…$8 filters) over each:
// the requests (or their facts), the day roll-up (023) and the Jalali month roll-up (028).

/**
 * The filtered requests with their category, place and unit; `extra` joins more (constant SQL).
 * `table` may be request_facts (migration 028), which has the same key columns and created_at.
 */
export const fromRequests = (
  extra = '',
  table: 'requests' | 'request_facts' = 'requests',
) => `FROM ${table} r ${JOINS} ${extra}
 WHERE r.created_at >= ($2::date::timestamp AT TIME ZONE $1)
   AND r.created_at < (($3::date + 1)::timestamp AT TIME ZONE $1)
   ${FILTERS}`;
export const JOINS = `JOIN categories c ON c.id = r.category_id
  LEFT JOIN neighbourhoods n ON n.id = r.neighbourhood_id
  LEFT JOIN districts d ON d.id = n.district_id
  LEFT JOIN units u ON u.id = r.unit_id`;
export const FILTERS = `AND ($4::int IS NULL OR c.id = $4 OR c.parent_id = $4)
   AND ($5::int IS NULL OR n.district_id = $5)
   AND ($6::int IS NULL OR r.unit_id = $6)
   AND ($7::boolean IS NULL OR r.hazard = $7)
   AND ($8::int[] IS NULL OR r.neighbourhood_id = ANY ($8::int[]))`;

/**
 * Where request counts come from: the requests themselves, or the day roll-up of migration 023
 * (request_daily_counts, aliased r, with the same key columns), whose day is already local.
 */
export interface CountSource {
  from: (extra?: string) => string;
  day: string;
  n: string;
}
export const REQUEST_SOURCE: CountSource = {
  from: fromRequests,
  day: '(r.created_at AT TIME ZONE $1)::date',
  n: 'count(*)',
};
export const ROLLUP_SOURCE: CountSource = {
  // $1 is the roll-up's own zone here (countSource checked it); named so that its type is known.
  from: (extra = '') => `FROM request_daily_counts r ${JOINS} ${extra}
   WHERE $1::text IS NOT NULL AND r.day >= $2::date AND r.day <= $3::date
   ${FILTERS}`,
  day: 'r.day',
  n: 'sum(r.n)',
};

/**
 * The month roll-up of migration 028 (request_monthly_counts, aliased r): whole Jalali months from
 * $2 to $3, which must be a month's first and a month's last day (periods of month, season and year
 * are). Its `day` is the month's first day, which falls in the same period as each day of the month.
 * Layer 0 holds the keys but channel and status, 1 adds the channel, 2 the status.
 */
export const monthSource = (layer: 0 | 1 | 2): CountSource => ({
  from: (extra = '') => `FROM request_monthly_counts r ${JOINS} ${extra}
   WHERE $1::text IS NOT NULL AND r.layer = ${layer} AND r.month >= $2::date AND r.month <= $3::date
   ${FILTERS}`,
  day: 'r.month',
  n: 'sum(r.n)',
});

// The first day of the first whole Jalali month in $2…$3, and the first day after the last one.
const FIRST_WHOLE = `(SELECT CASE WHEN jalali_month_start($2::date) = $2::date THEN $2::date
                                  ELSE jalali_month_start(jalali_month_start($2::date) + 31) END)`;
const AFTER_WHOLE = `(SELECT jalali_month_start($3::date + 1))`;

/**
 * Any range of days from both roll-ups: its whole Jalali months from the month roll-up (layer 0),
 * the days before and after them from the day roll-up (all of them, once, when no month is whole). Keys but channel and status, and no day:
 * for figures over the range as one (heat, top categories).
 */
export const SPAN_SOURCE: CountSource = {
  from: (extra = '') => `FROM (
     SELECT m.category_id, m.neighbourhood_id, m.unit_id, m.hazard, m.n FROM request_monthly_counts m
      WHERE m.layer = 0 AND m.month >= ${FIRST_WHOLE} AND m.month < ${AFTER_WHOLE}
     UNION ALL
     SELECT d.category_id, d.neighbourhood_id, d.unit_id, d.hazard, d.n FROM request_daily_counts d
      WHERE d.day >= $2::date AND d.day <= $3::date AND d.day < ${FIRST_WHOLE}
     UNION ALL
     -- Two index ranges, not the whole range filtered (a year of days is half a million keys).
     SELECT d.category_id, d.neighbourhood_id, d.unit_id, d.hazard, d.n FROM request_daily_counts d
      WHERE d.day >= $2::date AND d.day <= $3::date AND d.day >= ${AFTER_WHOLE} AND d.day >= ${FIRST_WHOLE}) r
   ${JOINS} ${extra}
   WHERE $1::text IS NOT NULL ${FILTERS}`,
  day: 'NULL::date',
  n: 'sum(r.n)',
};

/**
 * The roll-ups while their days are in the zone asked for (`coarse` when given, else the day
 * roll-up), else the requests: exact either way.
 */
export async function countSource(db: Db, timeZone: string, coarse?: CountSource): Promise<CountSource> {
  const { rows } = await db.query<{ z: string }>(`SELECT time_zone AS z FROM analytics_settings`);
  return rows[0]?.z === timeZone ? (coarse ?? ROLLUP_SOURCE) : REQUEST_SOURCE;
}
