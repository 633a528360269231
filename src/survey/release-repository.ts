import type { DbClient } from '../db/index.ts';
import type { ReleasedFigures } from './score-types.ts';

/** A row of survey_score_releases: an operator's figures as released, up to a shift's start. */
export interface ReleaseRow {
  cutoff_date: string;
  cutoff_shift: string;
  released_at: Date;
  figures: ReleasedFigures;
}

const RETURNED = `to_char(cutoff_date, 'YYYY-MM-DD') AS cutoff_date, cutoff_shift, released_at, figures`;

/** Serialises releases of one operator until the transaction ends: two requests never both release. */
export async function lockReleases(c: DbClient, operatorId: string): Promise<void> {
  await c.query(`SELECT pg_advisory_xact_lock(hashtext('survey_release:' || $1))`, [operatorId]);
}

/** The operator's newest release, if any. */
export async function lastRelease(c: DbClient, operatorId: string): Promise<ReleaseRow | undefined> {
  const r = await c.query<ReleaseRow>(
    `SELECT ${RETURNED} FROM survey_score_releases WHERE operator_id = $1 ORDER BY id DESC LIMIT 1`,
    [operatorId],
  );
  return r.rows[0];
}

/** Records a new release of the operator's figures, for the closed shifts before `cutoff`. */
export async function insertRelease(
  c: DbClient,
  operatorId: string,
  cutoff: { date: string; name: string },
  at: Date,
  figures: ReleasedFigures,
): Promise<ReleaseRow | undefined> {
  const r = await c.query<ReleaseRow>(
    `INSERT INTO survey_score_releases (operator_id, cutoff_date, cutoff_shift, released_at, figures)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${RETURNED}`,
    [operatorId, cutoff.date, cutoff.name, at, JSON.stringify(figures)],
  );
  return r.rows[0];
}
