// A varied seed for comparing the analytics' fast forms with their references: requests over a
// year and a half (several referrals each, returns, feedback answers with equal times, reopens,
// special follow-ups, asked-by-hand tasks, points and typed addresses).

export type Query = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

/** Four hundred requests over a year and a half, with referrals and answers (setseed: the same each run). */
export async function seedVaried(q: Query): Promise<void> {
  await q(`SELECT setseed(0.137)`);
  await q(
    `WITH c AS (SELECT array_agg(id ORDER BY id) a FROM categories), n AS (SELECT array_agg(id ORDER BY id) a FROM neighbourhoods),
          u AS (SELECT array_agg(id ORDER BY id) a FROM units)
     INSERT INTO requests (tracking_code, category_id, neighbourhood_id, unit_id, description, hazard, channel, status,
                           created_at, closed_at, lat, lng, address)
     SELECT (30000000 + g)::text, c.a[1 + floor(random() * cardinality(c.a))::int],
            CASE WHEN random() < 0.1 THEN NULL ELSE n.a[1 + floor(random() * cardinality(n.a))::int] END,
            CASE WHEN random() < 0.2 THEN NULL ELSE u.a[1 + floor(random() * cardinality(u.a))::int] END,
            'rollup', random() < 0.2, (ARRAY['phone', 'sms', 'web', 'app'])[1 + floor(random() * 4)::int],
            s.st, s.at, CASE WHEN s.st = 'closed' THEN s.at + random() * interval '30 days' END,
            -- A point in a few hundred metres for some, a typed address (Arabic letters, extra spaces, blank) for others.
            CASE WHEN s.pt < 0.4 THEN 36.3 + random() * 0.004 END, CASE WHEN s.pt < 0.4 THEN 59.6 + random() * 0.004 END,
            CASE WHEN s.pt >= 0.4 THEN (ARRAY['خیابان سناباد، کوچه ۵', 'خيابان  سناباد، كوچه ۵', ' ', 'خیابان فلسطین'])
                                       [1 + floor(random() * 4)::int] END
       FROM generate_series(1, 400) g, c, n, u,
            LATERAL (SELECT (ARRAY['registered', 'referred', 'in-progress', 'done', 'feedback-positive',
                                   'feedback-negative', 'special-follow-up', 'closed'])[1 + floor(random() * 8 + g * 0)::int] AS st,
                            timestamptz '2025-05-01 00:00+00' + random() * interval '540 days' AS at,
                            random() + g * 0 AS pt) s`,
  );
  await referrals(q, `r.unit_id IS NOT NULL`, 'first');
  await referrals(
    q,
    `random() < 0.4 AND NOT EXISTS (SELECT 1 FROM referrals o WHERE o.request_id = r.id AND o.ended_at IS NULL)`,
    'second',
  );
  await answers(q);
}

/** One referral per chosen request: done on time or late, returned, or still open (only if none is). */
export async function referrals(q: Query, where: string, which: string): Promise<void> {
  await q(
    `WITH u AS (SELECT array_agg(id ORDER BY id) a FROM units)
     INSERT INTO referrals (request_id, unit_id, referred_at, deadline_at, deadline_hours, deadline_basis, done_at,
                            ended_at, outcome)
     SELECT x.id, x.unit, x.ref, x.ref + x.span, 24, 'working', x.done,
            CASE WHEN x.kind = 'open' THEN NULL ELSE COALESCE(x.done, x.ref + interval '2 hours') END,
            CASE WHEN x.kind = 'open' THEN NULL WHEN x.done IS NULL THEN 'returned' ELSE 'done' END
       FROM (SELECT r.id, COALESCE(r.unit_id, u.a[1]) AS unit, k.kind, k.ref, k.span,
                    CASE WHEN k.kind = 'done' THEN k.ref + (0.2 + random() * 1.4) * k.span END AS done
               FROM requests r, u,
                    LATERAL (SELECT CASE WHEN random() < 0.55 THEN 'done' WHEN random() < 0.5 THEN 'returned'
                                         WHEN '${which}' = 'second' OR random() < 0.5 THEN 'open' ELSE 'returned' END AS kind,
                                    r.created_at + interval '1 hour' * (1 + random() * 48)
                                      + CASE WHEN '${which}' = 'second' THEN interval '40 days' ELSE interval '0' END AS ref,
                                    interval '1 day' * (1 + floor(random() * 5)) AS span) k
              WHERE ${where}) x`,
  );
}

/** Feedback and closure answers (some at the same moment, so the id decides), reopens, calls, tasks, events. */
async function answers(q: Query): Promise<void> {
  await q(
    `INSERT INTO feedback_answers (request_id, kind, via, resolved, at)
     SELECT r.id, (ARRAY['feedback', 'feedback', 'closure', 'reopen'])[1 + floor(random() * 4)::int], 'staff',
            random() < 0.6, r.created_at + interval '1 day' * floor(random() * 60)
       FROM requests r, generate_series(1, 3) k WHERE random() < 0.45`,
  );
  await q(
    `INSERT INTO feedback_calls (request_id, kind, state, due_at)
     SELECT r.id, 'feedback', (ARRAY['answered', 'unreached', 'cancelled'])[1 + floor(random() * 3)::int], r.created_at
       FROM requests r WHERE random() < 0.3`,
  );
  await q(
    `INSERT INTO feedback_tasks (request_id, kind, reason, created_at, done_at)
     SELECT r.id, 'feedback', 'unreached', r.created_at, CASE WHEN random() < 0.5 THEN r.created_at + interval '2 days' END
       FROM requests r WHERE random() < 0.2`,
  );
  await q(
    `INSERT INTO request_events (request_id, kind, at)
     SELECT r.id, 'special-follow-up', r.created_at + interval '1 day' * floor(random() * 90)
       FROM requests r WHERE random() < 0.15`,
  );
}
