import type { Db } from '../db/index.ts';
import { listQuestions, type QuestionVersion } from './survey-admin-repository.ts';

/** A question as the IVR asks it: the admin's view of one version, less the bookkeeping. */
export type SurveyQuestion = Omit<QuestionVersion, 'active' | 'createdAt'>;

export type ResponseStatus = 'offered' | 'partial' | 'complete' | 'no-answer';

/** The questions in force now: the newest active version of each code, in order. Read per survey, so admin edits apply without a restart. */
export async function activeQuestions(db: Db): Promise<SurveyQuestion[]> {
  return (await listQuestions(db, { history: false }))
    .filter((q) => q.active)
    .map(({ active: _a, createdAt: _c, ...q }) => q);
}

/**
 * One response per call; offering the survey again (ARI resync after a reconnect, another node
 * taking the call over) reuses it. `finished`: it was already given its final status.
 */
export async function openResponse(
  db: Db,
  r: { callId: string; operatorId: string | null; shiftName: string; shiftDate: string; flags: string[] },
): Promise<{ id: string; answered: string[]; finished: boolean }> {
  const row = await db.query<{ id: string; finished: boolean }>(
    `INSERT INTO survey_responses (call_id, operator_id, status, flags, shift_name, shift_date)
     VALUES ($1, $2, 'offered', $3, $4, $5)
     ON CONFLICT (call_id) DO UPDATE SET flags = (SELECT COALESCE(array_agg(DISTINCT f), '{}') FROM unnest(survey_responses.flags || EXCLUDED.flags) f)
     RETURNING id::text, finished_at IS NOT NULL AS finished`,
    [r.callId, r.operatorId, r.flags, r.shiftName, r.shiftDate],
  );
  const { id, finished } = row.rows[0]!;
  const ans = await db.query<{ question_id: string }>(
    `SELECT question_id::text FROM survey_answers WHERE response_id = $1`,
    [id],
  );
  return { id, answered: ans.rows.map((a) => a.question_id), finished };
}

/** Who a call's open response rates, as the node that opened it decided; null when none was opened. */
export async function responseOfCall(
  db: Db,
  callId: string,
): Promise<{ operatorId: string | null; shiftName: string; shiftDate: string; flags: string[] } | null> {
  const r = await db.query<{ operator_id: string | null; shift_name: string; shift_date: string; flags: string[] }>(
    `SELECT operator_id::text, shift_name, shift_date::text, flags FROM survey_responses WHERE call_id = $1`,
    [callId],
  );
  const row = r.rows[0];
  return row
    ? { operatorId: row.operator_id, shiftName: row.shift_name, shiftDate: row.shift_date, flags: row.flags }
    : null;
}

export async function finishResponse(
  db: Db,
  responseId: string,
  status: ResponseStatus,
  extraFlags: string[] = [],
): Promise<void> {
  await db.query(
    `UPDATE survey_responses SET status = $2, finished_at = now(),
            flags = (SELECT COALESCE(array_agg(DISTINCT f), '{}') FROM unnest(flags || $3::text[]) f)
      WHERE id = $1`,
    [responseId, status, extraFlags],
  );
}

/**
 * Answers in one multi-row statement (one commit): an answer given twice keeps the first, and a
 * response with an answer is at least 'partial'.
 */
export async function insertAnswers(
  db: Db,
  answers: Array<{ responseId: string; questionId: string; digit: string; value: number }>,
): Promise<void> {
  await db.query(
    `WITH a AS (
       INSERT INTO survey_answers (response_id, question_id, digit, value)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[])
       ON CONFLICT (response_id, question_id) DO NOTHING RETURNING 1)
     UPDATE survey_responses SET status = 'partial' WHERE id = ANY($1::bigint[]) AND status = 'offered'`,
    [
      answers.map((a) => a.responseId),
      answers.map((a) => a.questionId),
      answers.map((a) => a.digit),
      answers.map((a) => a.value),
    ],
  );
}
