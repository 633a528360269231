import type { Db } from '../../../src/db/index.ts';

// The hand-counted stretch around the Jalali month boundary Azar/Dey 1404 that analytics.test.ts
// checks: eight requests, eight referrals, two feedback answers and a special follow-up, in Tehran
// time (+03:30). `ids` holds the categories, units and neighbourhoods by short name.

let db: Db;
let ids: Record<string, number>;
const q = <T>(sql: string, params: unknown[] = []) => db.query(sql, params).then((r) => r.rows as T[]);
const t = (local: string) => `${local}:00+03:30`;

let code = 20000000;
async function request(category: string, place: 'n5' | 'n9', createdLocal: string): Promise<number> {
  code += 1;
  const [r] = await q<{ id: number }>(
    `INSERT INTO requests (tracking_code, category_id, neighbourhood_id, description, status, created_at)
     VALUES ($1, $2, $3, 'seeded', 'referred', $4) RETURNING id`,
    [String(code), ids[category], ids[place], t(createdLocal)],
  );
  return r!.id;
}

interface Ref {
  unit: string;
  referred: string;
  deadline: string;
  done?: string;
  ended?: string;
  outcome?: string;
}
async function referral(requestId: number, r: Ref): Promise<void> {
  const ended = r.ended ?? r.done;
  await q(
    `INSERT INTO referrals (request_id, unit_id, referred_at, deadline_at, deadline_hours, deadline_basis, done_at,
                            ended_at, outcome)
     VALUES ($1, $2, $3, $4, 24, 'working', $5, $6, $7)`,
    [
      requestId,
      ids[r.unit],
      t(r.referred),
      t(r.deadline),
      r.done ? t(r.done) : null,
      ended ? t(ended) : null,
      ended ? (r.outcome ?? 'done') : null,
    ],
  );
}
const feedback = (requestId: number, at: string, resolved: boolean) =>
  q(`INSERT INTO feedback_answers (request_id, kind, via, resolved, at) VALUES ($1, 'feedback', 'staff', $2, $3)`, [
    requestId,
    resolved,
    t(at),
  ]);

export async function seedAnalyticsMonth(pool: Db, known: Record<string, number>): Promise<void> {
  db = pool;
  ids = known;
  // #1 at 23:50 on 30 Azar (20:20 UTC), #2 twenty minutes later on 1 Dey: the zone decides the month.
  const r1 = await request('pothole', 'n5', '2025-12-21T23:50');
  const r2 = await request('pothole', 'n5', '2025-12-22T00:10');
  const r3 = await request('pothole', 'n9', '2025-12-20T10:00'); // Saturday 29 Azar
  const r4 = await request('garbage', 'n5', '2025-12-27T09:00'); // Saturday 6 Dey: a new week
  const r5 = await request('garbage', 'n5', '2025-12-26T21:00'); // Friday 5 Dey: the week before
  const r6 = await request('pothole', 'n5', '2024-12-25T10:00'); // 5 Dey 1403: last year
  const r7 = await request('garbage', 'n9', '2025-12-01T10:00'); // 10 Azar
  const r8 = await request('pothole', 'n5', '2025-11-21T10:00'); // 30 Aban: the month before Azar
  // roads of district 5: one on time, one done 2 days late, one overdue now, one done 4 days late.
  await referral(r1, {
    unit: 'roads5',
    referred: '2025-12-22T08:00',
    deadline: '2025-12-25T08:00',
    done: '2025-12-23T23:50',
  });
  await referral(r2, {
    unit: 'roads5',
    referred: '2025-12-22T08:10',
    deadline: '2025-12-24T00:10',
    done: '2025-12-26T00:10',
  });
  await referral(r3, { unit: 'roads5', referred: '2025-12-20T12:00', deadline: '2025-12-21T12:00' });
  await referral(r8, {
    unit: 'roads5',
    referred: '2025-11-23T10:00',
    deadline: '2025-11-24T10:00',
    done: '2025-11-28T10:00',
  });
  await referral(r6, { unit: 'roads5', referred: '2024-12-25T11:00', deadline: '2024-12-26T11:00' }); // out of range
  // waste of district 5: one returned as "not ours", one on time.
  await referral(r4, {
    unit: 'waste5',
    referred: '2025-12-27T10:00',
    deadline: '2025-12-30T10:00',
    ended: '2025-12-27T12:00',
    outcome: 'returned',
  });
  await referral(r5, {
    unit: 'waste5',
    referred: '2025-12-27T10:00',
    deadline: '2025-12-29T10:00',
    done: '2025-12-28T09:00',
  });
  // roads of district 9: its only referral is overdue now.
  await referral(r7, { unit: 'roads9', referred: '2025-12-01T10:00', deadline: '2025-12-02T10:00' });
  await feedback(r1, '2025-12-26T10:00', true);
  await feedback(r2, '2025-12-27T10:00', false);
  await q(`INSERT INTO request_events (request_id, kind, at) VALUES ($1, 'special-follow-up', $2)`, [
    r2,
    t('2025-12-28T10:00'),
  ]);
}
