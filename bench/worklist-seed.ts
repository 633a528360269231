import { withTransaction, type Db, type DbClient } from '../src/db/pool.ts';
import { seedDemoUsers } from '../src/auth/demo-users.ts';

// Five years of a large city's requests for the worklist benchmark, made by INSERT … SELECT
// generate_series in one statement. The database is kept between runs (run.ts): a comment on it
// says what was loaded, and a run that finds the same size and seed version uses it as it is.

/** Bump when the generator changes: a database loaded by an older one is loaded again. */
const SEED_VERSION = 1;
const YEARS = 5;

// Shares of the categories a city's 137 hears most (per mille-ish weights; the rest weigh 2).
const CATEGORY_WEIGHTS: Record<string, number> = {
  'garbage-collection': 30,
  pothole: 18,
  'street-lights': 14,
  'waste-bins': 12,
  'stray-dogs': 10,
  'construction-debris': 9,
  'street-sweeping': 8,
  'pavement-obstruction': 7,
  'street-vendors': 6,
  'water-wastage': 6,
  'tree-pruning': 5,
  'bus-service': 5,
  'dangerous-pothole': 3,
  'open-manhole': 1,
  'fallen-tree': 1,
  'broken-traffic-light': 1,
  'referral-ignored': 1,
};

// The citizen's words: the category's name, then a place, a time and a remark, each from a short
// list, earlier entries more often (so q has common, middling and rare words to look for).
const PLACES = ['جلوی مدرسه', 'نبش کوچه', 'کنار مسجد', 'روبروی نانوایی', 'داخل پارک', 'کنار ایستگاه اتوبوس',
  'سر چهارراه', 'جلوی بیمارستان', 'پشت بازار', 'کنار پل عابر پیاده', 'جلوی بانک', 'ورودی بن‌بست', 'کنار داروخانه',
  'نزدیک میدان', 'جلوی ساختمان پزشکان', 'کنار زمین فوتبال', 'پشت پمپ بنزین', 'مقابل فرهنگسرا', 'مقابل کلانتری',
  'کنار آرامگاه فردوسی']; // prettier-ignore
const TIMES = ['از دیروز', 'چند روز است', 'از هفته گذشته', 'از صبح امروز', 'هر شب', 'از دو روز پیش',
  'بیش از یک ماه است', 'از عید تا حالا']; // prettier-ignore
const REMARKS = ['و هیچ‌کس رسیدگی نکرده است', 'و برای عابران خطرناک است', 'لطفاً سریع‌تر اقدام کنید',
  'و بوی بد می‌دهد', 'و اهالی محل شاکی هستند', 'و قبلاً هم تماس گرفته‌ام', 'و بچه‌ها آنجا بازی می‌کنند',
  'و ماشین‌ها آسیب می‌بینند', 'و شب‌ها کاملاً تاریک است', 'و سالمندان نمی‌توانند رد شوند',
  'و موتورسوارها زمین خورده‌اند', '']; // prettier-ignore
const STREETS = ['امام رضا', 'احمدآباد', 'سناباد', 'کوهسنگی', 'وکیل‌آباد', 'سجاد', 'دانشگاه', 'خسروی', 'طبرسی',
  'نواب صفوی', 'شیرازی', 'چمران', 'هاشمیه', 'فلسطین', 'آبکوه', 'ملک‌آباد', 'رضاشهر', 'قاسم‌آباد', 'فردوسی', 'معلم']; // prettier-ignore

// Status by age: old requests are mostly closed with a small stuck backlog; this week's are open.
const OLD: Array<[string, number]> = [['closed', 0.9], ['feedback-positive', 0.035], ['feedback-negative', 0.02],
  ['done', 0.03], ['special-follow-up', 0.004], ['in-progress', 0.005], ['referred', 0.004], ['returned', 0.001],
  ['registered', 0.001]]; // prettier-ignore
const MONTH: Array<[string, number]> = [['closed', 0.6], ['done', 0.15], ['feedback-positive', 0.08],
  ['feedback-negative', 0.04], ['in-progress', 0.06], ['referred', 0.04], ['special-follow-up', 0.02],
  ['returned', 0.005], ['registered', 0.005]]; // prettier-ignore
const WEEK: Array<[string, number]> = [['referred', 0.35], ['in-progress', 0.25], ['done', 0.15], ['closed', 0.15],
  ['registered', 0.05], ['special-follow-up', 0.03], ['returned', 0.02]]; // prettier-ignore

function statusCase(shares: Array<[string, number]>): string {
  let cum = 0;
  const arms = shares.map(([s, p]) => `WHEN r_status < ${(cum += p).toFixed(4)} THEN '${s}'`);
  return `CASE ${arms.join(' ')} ELSE '${shares[0]![0]}' END`;
}

const mark = (requests: number) => `cti137 worklist bench: requests=${requests} years=${YEARS} seed=${SEED_VERSION}`;

export interface WorklistSeed {
  requests: number;
  /** Seconds the load took; null when the kept database already held it. */
  seedSeconds: number | null;
}

/** Loads `requests` requests unless the (kept) database already holds exactly this load. */
export async function seedWorklist(db: Db, requests: number): Promise<WorklistSeed> {
  await seedDemoUsers(db, 'demo137'); // first, while it has no other users: the app runs it as a demo
  const comment = await db.query<{ c: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = current_database()`,
  );
  if (comment.rows[0]?.c === mark(requests)) {
    // Fresh statistics, as autovacuum keeps them on a live database (a migration may have come since).
    await db.query(`ANALYZE`);
    return { requests, seedSeconds: null };
  }
  const t0 = performance.now();
  await withTransaction(db, async (c) => {
    await c.query(`TRUNCATE requests CASCADE`);
    // Foreign-key triggers off (the rows are consistent by construction) and indexes built once
    // after the load, as screen-pop-seed.ts does; the saved definitions are put back exactly.
    await c.query(`SET LOCAL session_replication_role = replica`);
    await c.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    const idx = await c.query<{ indexdef: string; name: string }>(
      `SELECT i.indexdef, quote_ident(i.indexname) AS name FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = 'requests'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
    );
    for (const i of idx.rows) await c.query(`DROP INDEX ${i.name}`);
    await insertRequests(c, requests);
    for (const i of idx.rows) await c.query(i.indexdef);
    await c.query(`SELECT setval(pg_get_serial_sequence('requests', 'id'), (SELECT max(id) FROM requests))`);
    await c.query(
      `DO $$ BEGIN EXECUTE format('COMMENT ON DATABASE %I IS %L', current_database(), '${mark(requests)}'); END $$`,
    );
  });
  await db.query(`VACUUM (ANALYZE)`);
  return { requests, seedSeconds: (performance.now() - t0) / 1000 };
}

async function insertRequests(c: DbClient, n: number): Promise<void> {
  await c.query(`SELECT setseed(0.137)`);
  const weights = Object.entries(CATEGORY_WEIGHTS);
  // Rows in creation order (ids grow with time, as in a real table); the rate grows threefold
  // over the years: with density 1 + 2t on t ∈ [0, 1], row g of n is at t = (√(1 + 8g/n) − 1) / 2.
  await c.query(
    `WITH w AS (SELECT * FROM unnest($2::text[], $3::int[]) AS w(code, weight)),
          cats AS (SELECT array_agg(c.id) AS ids FROM categories c LEFT JOIN w ON w.code = c.code
                     CROSS JOIN LATERAL generate_series(1, coalesce(w.weight, 2)) WHERE c.parent_id IS NOT NULL),
          hoods AS (SELECT array_agg(n.id) AS ids FROM neighbourhoods n CROSS JOIN LATERAL generate_series(1, 1 + (n.id * 7) % 5)),
          src AS (
            SELECT g, random() AS r_status, random() AS r_chan, random() AS r_misc, random() AS r_addr,
                   now() - (1 - (sqrt(1 + 8 * g::float8 / $1) - 1) / 2) * interval '${YEARS * 365.25} days' AS at,
                   cats.ids[1 + floor(random() * cardinality(cats.ids))::int] AS category_id,
                   CASE WHEN random() < 0.05 THEN NULL ELSE hoods.ids[1 + floor(random() * cardinality(hoods.ids))::int] END AS hood_id,
                   $4::text[] AS places, $5::text[] AS times, $6::text[] AS remarks, $7::text[] AS streets,
                   floor(random() ^ 2 * cardinality($4::text[]))::int AS i_place, floor(random() ^ 1.5 * cardinality($5::text[]))::int AS i_time,
                   floor(random() ^ 2 * cardinality($6::text[]))::int AS i_remark, floor(random() ^ 1.5 * cardinality($7::text[]))::int AS i_street
              FROM generate_series(1, $1) g, cats, hoods),
          aged AS (
            SELECT s.*, CASE WHEN s.at > now() - interval '7 days' THEN ${statusCase(WEEK)}
                             WHEN s.at > now() - interval '60 days' THEN ${statusCase(MONTH)}
                             ELSE ${statusCase(OLD)} END AS status
              FROM src s)
     INSERT INTO requests (tracking_code, category_id, unit_id, neighbourhood_id, address, lat, lng, description, hazard,
                           status, channel, created_at, deadline_at, referred_at, closed_at, reporters)
     SELECT (10000000 + a.g)::text, a.category_id,
            CASE WHEN a.status <> 'registered' THEN coalesce(rd.unit_id, rc.unit_id, c.unit_id) END,
            a.hood_id,
            CASE WHEN a.r_addr < 0.7 THEN 'خیابان ' || a.streets[1 + a.i_street] || '، کوچه ' ||
                 translate((1 + a.g % 60)::text, '0123456789', '۰۱۲۳۴۵۶۷۸۹') || '، پلاک ' || (1 + a.g % 200) END,
            CASE WHEN a.r_addr < 0.4 THEN 36.25 + a.r_addr * 0.3 END, CASE WHEN a.r_addr < 0.4 THEN 59.5 + a.r_misc * 0.2 END,
            -- One in ten typed on an Arabic keyboard layout (ي, ك): q must find them too.
            CASE WHEN a.r_misc < 0.1 THEN translate(d.text, 'یک', 'يك') ELSE d.text END,
            c.hazard OR a.r_misc BETWEEN 0.1 AND 0.11, a.status,
            CASE WHEN a.r_chan < 0.82 THEN 'phone' WHEN a.r_chan < 0.88 THEN 'app' WHEN a.r_chan < 0.92 THEN 'web'
                 WHEN a.r_chan < 0.96 THEN 'sms' WHEN a.r_chan < 0.98 THEN 'email' WHEN a.r_chan < 0.99 THEN 'meeting' ELSE 'post' END,
            a.at,
            CASE WHEN a.status <> 'registered' THEN a.at + c.deadline_hours * CASE WHEN c.hazard THEN 1 ELSE 2 END * interval '1 hour' END,
            CASE WHEN a.status <> 'registered' THEN a.at + interval '3 minutes' END,
            CASE WHEN a.status = 'closed' THEN least(now(), a.at + (1 + a.r_misc * 12) * interval '1 day') END,
            CASE WHEN a.r_misc > 0.9 THEN 2 + floor((a.r_misc - 0.9) * 40)::int ELSE 1 END
       FROM aged a
       JOIN categories c ON c.id = a.category_id
       LEFT JOIN neighbourhoods n ON n.id = a.hood_id
       LEFT JOIN unit_routes rd ON rd.category_id = a.category_id AND rd.district_id = n.district_id
       LEFT JOIN unit_routes rc ON rc.category_id = a.category_id AND rc.district_id IS NULL
       CROSS JOIN LATERAL (SELECT rtrim(c.name_fa || ' ' || a.places[1 + a.i_place] || ' ' || a.times[1 + a.i_time] || ' ' ||
                                        a.remarks[1 + a.i_remark]) AS text) d
      ORDER BY a.g`,
    [n, weights.map(([k]) => k), weights.map(([, v]) => v), PLACES, TIMES, REMARKS, STREETS],
  );
}
