import { createHash, randomBytes } from 'node:crypto';
import { withTransaction, type Db, type DbClient } from '../src/db/pool.ts';

// Bulk data for the screen_pop benchmark: the operators and supervisors who hold sockets (with
// sessions made directly, no argon2 logins) and a city's years of history that the pop reads:
// citizens, requests with their reporters, past calls with survey answers. All INSERT … SELECT
// generate_series, so 300,000 requests take seconds.

export interface SeedSizes {
  desks: number;
  wallboards: number;
  citizens: number;
  requests: number;
  calls: number;
}

export interface Seeded {
  /** Cookie headers of the desks' operators, with their phone extensions. */
  desks: Array<{ operatorId: string; extension: string; cookie: string }>;
  /** Cookie headers of the supervisors watching the wallboard. */
  wallboards: string[];
}

/** Extension of bench desk i: 3001, 3002, … (the demo's 1001–1004 stay as they are). */
export const benchExtension = (i: number) => String(3001 + i);

/** Phone of seeded citizen k (0-based), national form: 0912 000 0001 … */
export const citizenPhone = (k: number) => `0912${String(k + 1).padStart(7, '0')}`;

async function session(db: Db, userId: string): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')`, [
    createHash('sha256').update(token).digest('hex'),
    userId,
  ]);
  return `cti137_session=${token}`;
}

export async function seedPeople(db: Db, s: SeedSizes): Promise<Seeded> {
  const ops = await db.query<{ user_id: string; operator_id: string; extension: string }>(
    `WITH u AS (
       INSERT INTO users (username, display_name, password_hash, role)
       SELECT 'bench-op' || g, 'اپراتور ' || g, 'no-login', 'operator' FROM generate_series(1, $1) g
       RETURNING id, username)
     INSERT INTO operators (user_id, extension, interface)
     SELECT u.id, (3000 + substr(u.username, 9)::int)::text, 'PJSIP/' || (3000 + substr(u.username, 9)::int)
       FROM u
     RETURNING user_id::text, id::text AS operator_id, extension`,
    [s.desks],
  );
  const sups = await db.query<{ id: string }>(
    `INSERT INTO users (username, display_name, password_hash, role)
     SELECT 'bench-sup' || g, 'سرپرست ' || g, 'no-login', 'supervisor' FROM generate_series(1, $1) g RETURNING id::text`,
    [s.wallboards],
  );
  const desks = await Promise.all(
    ops.rows.map(async (o) => ({
      operatorId: o.operator_id,
      extension: o.extension,
      cookie: await session(db, o.user_id),
    })),
  );
  const wallboards = await Promise.all(sups.rows.map((u) => session(db, u.id)));
  return { desks, wallboards };
}

/**
 * Citizens, requests (+ reporters), past calls (+ survey answers); returns seconds taken. One
 * transaction with foreign-key triggers off when the role may (a superuser, as the bench's
 * scratch database has): the rows are consistent by construction, and per-row FK checks would
 * take most of a minute.
 */
export async function seedHistory(db: Db, s: SeedSizes): Promise<number> {
  const t0 = performance.now();
  await withTransaction(db, async (c) => {
    await c.query(`SAVEPOINT fk`);
    await c.query(`SET LOCAL session_replication_role = replica`).catch(() => c.query(`ROLLBACK TO SAVEPOINT fk`));
    // Secondary indexes are built once after the load (a sort) instead of row by row; the saved
    // definitions are put back exactly, whatever migrations have added.
    const idx = await c.query<{ indexdef: string; name: string }>(
      `SELECT i.indexdef, quote_ident(i.indexname) AS name FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename IN ('requests', 'request_reporters', 'calls', 'survey_responses')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
    );
    for (const i of idx.rows) await c.query(`DROP INDEX ${i.name}`);
    await insertHistory(c, s);
    for (const i of idx.rows) await c.query(i.indexdef);
  });
  await db.query(`ANALYZE`);
  return (performance.now() - t0) / 1000;
}

async function insertHistory(db: DbClient, s: SeedSizes): Promise<void> {
  await db.query(
    `INSERT INTO citizens (phone_e164, created_at)
     SELECT '+98912' || lpad(g::text, 7, '0'), now() - (g % 1000) * interval '1 day' FROM generate_series(1, $1) g`,
    [s.citizens],
  );
  // Spread over citizens (each has about requests/citizens of them), categories, neighbourhoods
  // and two years; most are closed, as in a centre that has run for a while.
  await db.query(
    `WITH cat AS (SELECT array_agg(id ORDER BY id) AS ids FROM categories WHERE parent_id IS NOT NULL),
          hood AS (SELECT array_agg(id ORDER BY id) AS ids FROM neighbourhoods),
          base AS (SELECT min(id) AS first FROM citizens),
          src AS (
            SELECT g, cat.ids[1 + g % cardinality(cat.ids)] AS category_id, hood.ids[1 + (g / 7) % cardinality(hood.ids)] AS hood_id,
                   base.first + (g::bigint * 7919) % $2 AS citizen_id, now() - (g % 730) * interval '1 day' - (g % 24) * interval '1 hour' AS at
              FROM generate_series(1, $1) g, cat, hood, base)
     INSERT INTO requests (tracking_code, citizen_id, category_id, unit_id, neighbourhood_id, description, status,
                           created_at, deadline_at, referred_at, closed_at)
     SELECT (10000000 + s.g)::text, s.citizen_id, s.category_id, c.unit_id, s.hood_id,
            'درخواست شماره ' || s.g || ': شرح مشکل به روایت شهروند',
            CASE WHEN s.g % 10 < 7 THEN 'closed' WHEN s.g % 10 < 9 THEN 'referred' ELSE 'registered' END,
            s.at, s.at + c.deadline_hours * interval '1 hour',
            CASE WHEN s.g % 10 < 9 THEN s.at END,
            CASE WHEN s.g % 10 < 7 THEN s.at + interval '3 days' END
       FROM src s JOIN categories c ON c.id = s.category_id`,
    [s.requests, s.citizens],
  );
  await db.query(
    `INSERT INTO request_reporters (request_id, citizen_id, created_at) SELECT id, citizen_id, created_at FROM requests`,
  );
  await db.query(
    `WITH ops AS (SELECT array_agg(id ORDER BY id) AS ids FROM operators), base AS (SELECT min(id) AS first FROM citizens)
     INSERT INTO calls (server_id, linkedid, caller_phone, citizen_id, entered_at, answered_at, ended_at, operator_id,
                        end_reason, talk_seconds, shift_name, shift_date)
     SELECT 'seed', 'seed.' || g, c.phone_e164, c.id, at, at + interval '20 seconds', at + interval '3 minutes',
            ops.ids[1 + g % cardinality(ops.ids)], 'agent', 160, 'morning', at::date
       FROM generate_series(1, $1) g CROSS JOIN ops CROSS JOIN base
       CROSS JOIN LATERAL (SELECT now() - (g % 730) * interval '1 day' AS at) t
       JOIN citizens c ON c.id = base.first + (g::bigint * 104729) % $2`,
    [s.calls, s.citizens],
  );
  // A third of the calls were scored by the caller on the keypad.
  await db.query(
    `INSERT INTO survey_responses (call_id, operator_id, status, shift_name, shift_date, started_at, finished_at)
     SELECT id, operator_id, 'complete', shift_name, shift_date, ended_at, ended_at + interval '30 seconds' FROM calls WHERE id % 3 = 0`,
  );
  await db.query(
    `INSERT INTO survey_answers (response_id, question_id, digit, value, answered_at)
     SELECT r.id, q.id, (1 + r.id % 5)::text, 1 + r.id % 5, r.finished_at
       FROM survey_responses r, (SELECT id FROM survey_questions WHERE scored ORDER BY position LIMIT 1) q`,
  );
}
