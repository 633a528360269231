import type { Queryable } from './citizen-repository.ts';
import type { FeedbackSummary } from './request-types.ts';

// The feedback tables (migration 021, written by src/feedback) read for a request's detail: every
// dialling attempt and every answer, oldest first, and where asking the citizen stands now.

export async function feedbackSummary(db: Queryable, requestId: string): Promise<FeedbackSummary> {
  const r = await db.query<{
    at: Date;
    kind: string;
    outcome: string;
    answer: string | null;
    rating: number | null;
    via: string;
  }>(
    `SELECT a.at, c.kind, a.outcome, NULL AS answer, NULL::int AS rating, 'call' AS via
       FROM feedback_attempts a JOIN feedback_calls c ON c.id = a.feedback_call_id
      WHERE a.request_id = $1
     UNION ALL
     SELECT at, kind, 'answer', CASE WHEN resolved THEN 'resolved' ELSE 'not-resolved' END, rating, via
       FROM feedback_answers WHERE request_id = $1
     ORDER BY at`,
    [requestId],
  );
  const s = await db.query<{
    task: boolean;
    call_state: string | null;
    call_at: Date | null;
    answer_at: Date | null;
    resolved: boolean | null;
  }>(
    `SELECT EXISTS (SELECT 1 FROM feedback_tasks WHERE request_id = $1 AND done_at IS NULL) AS task,
            c.state AS call_state, c.created_at AS call_at, a.at AS answer_at, a.resolved
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT state, created_at FROM feedback_calls WHERE request_id = $1 ORDER BY id DESC LIMIT 1) c ON true
       LEFT JOIN LATERAL (SELECT at, resolved FROM feedback_answers WHERE request_id = $1 ORDER BY id DESC LIMIT 1) a ON true`,
    [requestId],
  );
  const x = s.rows[0]!;
  const answeredSinceCall = x.answer_at !== null && (x.call_at === null || x.answer_at >= x.call_at);
  let outcome: FeedbackSummary['outcome'] = null;
  if (x.task) outcome = 'unreached';
  else if (answeredSinceCall) outcome = x.resolved ? 'resolved' : 'not-resolved';
  else if (x.call_state === 'scheduled') outcome = 'pending';
  else if (x.call_state === 'unreached') outcome = 'unreached';
  else if (x.answer_at !== null) outcome = x.resolved ? 'resolved' : 'not-resolved';
  return {
    attempts: r.rows.map((a) => ({
      at: a.at.toISOString(),
      kind: a.kind as FeedbackSummary['attempts'][number]['kind'],
      outcome: a.outcome,
      answer: a.answer as 'resolved' | 'not-resolved' | null,
      rating: a.rating,
      via: a.via,
    })),
    outcome,
  };
}
