import type { Db } from '../db/index.ts';

/**
 * Recounts the day roll-up in this zone when it holds another (a centre outside Tehran, or a
 * changed TZ_CENTRE); until then the figures come from the requests themselves, exact but slower.
 * True when a rebuild ran.
 */
export async function alignRollupZone(db: Db, timeZone: string): Promise<boolean> {
  const { rows } = await db.query<{ z: string }>(`SELECT time_zone AS z FROM analytics_settings`);
  if (rows[0]?.z === timeZone) return false;
  await db.query(`SELECT analytics_rollup_rebuild($1)`, [timeZone]);
  return true;
}
