import type { Db } from '../../../src/db/index.ts';

// More hand-counted rows for analytics-places.test.ts, away from the Azar/Dey month of
// analytics-seed.ts: hotspots in October 2025 (Tehran time) and the feedback figure in September.

/** Metres per degree of latitude, as src/analytics/places-repository.ts buckets them. */
const M_PER_DEGREE = 111_320;
export const RADIUS_M = 150;
const step = RADIUS_M / M_PER_DEGREE;
const cos = Math.cos((36 * Math.PI) / 180); // the whole-degree latitude of 36.3
/** The middle of one grid square near Mashhad, and a point `east` metres east, `north` metres north of it. */
const centre = {
  lat: (Math.floor(36.3 / step) + 0.5) * step,
  lng: ((Math.floor((59.6 * cos) / step) + 0.5) * step) / cos,
};
export const near = (north: number, east: number) => ({
  lat: centre.lat + north / M_PER_DEGREE,
  lng: centre.lng + east / (M_PER_DEGREE * cos),
});

let code = 30000000;
interface Req {
  category: number;
  hood: number | null;
  at: string;
  status?: string;
  point?: { lat: number; lng: number };
  address?: string;
  description?: string;
}
async function request(db: Db, r: Req): Promise<number> {
  code += 1;
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO requests (tracking_code, category_id, neighbourhood_id, description, status, created_at, lat, lng, address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      String(code),
      r.category,
      r.hood,
      r.description ?? 'seeded',
      r.status ?? 'referred',
      `${r.at}:00+03:30`,
      r.point?.lat ?? null,
      r.point?.lng ?? null,
      r.address ?? null,
    ],
  );
  return rows[0]!.id;
}

export interface PlacesSeed {
  /** The three potholes within 20 m of each other, newest first. */
  spot: number[];
  /** The pothole 1 km away. */
  far: number;
  /** The two garbage requests at the centre. */
  garbage: number[];
  /** The three requests at one address written three ways. */
  address: number[];
}

export async function seedPlaces(db: Db, ids: Record<string, number>): Promise<PlacesSeed> {
  const { pothole, garbage, n5, n9 } = ids as Record<string, number>;
  const phone = 'چاله بزرگ، با من تماس بگیرید ۰۹۱۵۱۲۳۴۵۶۷';
  const s1 = await request(db, { category: pothole!, hood: n5!, at: '2025-10-05T10:00', point: near(0, 0) });
  const s2 = await request(db, { category: pothole!, hood: n5!, at: '2025-10-12T10:00', point: near(15, -10) });
  const s3 = await request(db, {
    category: pothole!,
    hood: n5!,
    at: '2025-10-20T10:00',
    point: near(-12, 14),
    description: phone,
  });
  const far = await request(db, { category: pothole!, hood: n5!, at: '2025-10-21T10:00', point: near(1000, 0) });
  const g1 = await request(db, { category: garbage!, hood: n5!, at: '2025-10-06T10:00', point: near(5, 5) });
  const g2 = await request(db, { category: garbage!, hood: n5!, at: '2025-10-07T10:00', point: near(-5, -5) });
  // One address typed three ways: Persian letters, Arabic ي and ك with a doubled space, spaces around.
  const a1 = await request(db, {
    category: garbage!,
    hood: n9!,
    at: '2025-10-08T10:00',
    address: 'خیابان سناباد، کوچه ۱۲',
  });
  const a2 = await request(db, {
    category: garbage!,
    hood: n9!,
    at: '2025-10-09T10:00',
    address: 'خيابان سناباد،  كوچه ۱۲',
  });
  const a3 = await request(db, {
    category: garbage!,
    hood: n9!,
    at: '2025-10-10T10:00',
    address: ' خیابان سناباد، کوچه ۱۲ ',
  });
  // November: an address with a phone number typed into it, three times.
  for (const at of ['2025-11-03T10:00', '2025-11-04T10:00', '2025-11-05T10:00'])
    await request(db, { category: garbage!, hood: n5!, at, address: 'کوچه ۳، تماس ۰۹۱۲ ۳۴۵ ۶۷۸۹' });
  return { spot: [s3, s2, s1], far, garbage: [g2, g1], address: [a3, a2, a1] };
}

/**
 * September 2025: potholes in n5 done (an answered feedback call), closed (an operator's task done),
 * closed (a call unreached, a task still open: not asked), referred (answered, but not done: not
 * counted); garbage in n9 with positive feedback by SMS. Pothole: 2 of 3 asked; garbage: 1 of 1.
 */
export async function seedFeedback(db: Db, ids: Record<string, number>): Promise<void> {
  const { pothole, garbage, n5, n9 } = ids as Record<string, number>;
  const at = '2025-09-10T10:00';
  const done = await request(db, { category: pothole!, hood: n5!, at, status: 'done' });
  const closedAsked = await request(db, { category: pothole!, hood: n5!, at, status: 'closed' });
  const closedNot = await request(db, { category: pothole!, hood: n5!, at, status: 'closed' });
  const referred = await request(db, { category: pothole!, hood: n5!, at, status: 'referred' });
  const sms = await request(db, { category: garbage!, hood: n9!, at, status: 'feedback-positive' });
  const q = (sql: string, p: unknown[]) => db.query(sql, p);
  await q(`INSERT INTO feedback_calls (request_id, kind, state, due_at) VALUES ($1, 'feedback', 'answered', now())`, [
    done,
  ]);
  await q(
    `INSERT INTO feedback_tasks (request_id, kind, reason, done_at) VALUES ($1, 'feedback', 'unreached', now())`,
    [closedAsked],
  );
  await q(`INSERT INTO feedback_calls (request_id, kind, state, due_at) VALUES ($1, 'feedback', 'unreached', now())`, [
    closedNot,
  ]);
  await q(`INSERT INTO feedback_tasks (request_id, kind, reason) VALUES ($1, 'feedback', 'unreached')`, [closedNot]);
  for (const [id, via] of [
    [referred, 'staff'],
    [sms, 'sms'],
  ])
    await q(`INSERT INTO feedback_answers (request_id, kind, via, resolved) VALUES ($1, 'feedback', $2, true)`, [
      id,
      via,
    ]);
}
