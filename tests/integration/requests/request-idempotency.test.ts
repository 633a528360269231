import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { login } from '../../helpers/http.ts';
import { waitFor } from '../../helpers/wait.ts';

/**
 * Registration with the desk's Idempotency-Key (one key per draft), over real HTTP against the whole
 * app and PostgreSQL: a repeat gets the first request's answer and makes no second request.
 */
describe('POST /api/v1/requests with an Idempotency-Key', () => {
  let app: TestApp;
  let op1: string;
  let op2: string;
  let pothole: string;

  beforeAll(async () => {
    app = await startTestApp();
    [op1, op2] = await Promise.all([login(app.url, 'operator1'), login(app.url, 'operator2')]);
    const c = await app.db.query<{ id: string }>(`SELECT id::text FROM categories WHERE code = 'pothole'`);
    pothole = c.rows[0]!.id;
  });

  afterAll(async () => {
    await app?.close();
  });

  /** The raw answer: status, the body text exactly as sent, and the parsed body. */
  async function submit(cookie: string, body: unknown, key?: string) {
    const res = await fetch(`${app.url}/api/v1/requests`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', ...(key !== undefined ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> & { error?: never } };
  }

  const body = (description: string) => ({ phone: '09121234567', categoryId: pothole, description });
  const countWith = async (description: string) =>
    Number(
      (await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM requests WHERE description = $1`, [description]))
        .rows[0]!.n,
    );

  it('two concurrent submits with one key make one request, and both get the same answer', async () => {
    const key = 'draft-0f9c2b7e-concurrent';
    const b = body('concurrent pothole on Ferdowsi');
    // Hold the category row so that the first registration stops inside its transaction, after it
    // has claimed the key (its INSERT checks the foreign key): the second then has to meet the claim
    // itself, not the stored answer.
    const blocker = await app.testDb.pool.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM categories WHERE id = $1 FOR UPDATE', [pothole]);
      const both = Promise.all([submit(op1, b, key), submit(op1, b, key)]);
      await waitFor(
        async () => {
          const r = await blocker.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          return Number(r.rows[0]!.n) >= 2;
        },
        10_000,
        'both registrations waiting (one on the category, one on the key)',
      );
      await blocker.query('COMMIT');
      const [a, c] = await both;
      expect(a.status).toBe(201);
      expect(c.status).toBe(201);
      expect(c.text).toBe(a.text);
      expect(a.json.trackingCode).toMatch(/^\d{8}$/);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
    }
    expect(await countWith('concurrent pothole on Ferdowsi')).toBe(1);
  });

  it('a retry after the answer was lost gets the first answer; the key is kept per user', async () => {
    const key = 'draft-5d1e-retry-0001';
    const b = body('retry pothole near the bazaar');
    const first = await submit(op1, b, key);
    const again = await submit(op1, b, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(await countWith('retry pothole near the bazaar')).toBe(1);
    // Another operator's draft that happens to carry the same key is theirs: a request of its own.
    const other = await submit(op2, b, key);
    expect(other.status).toBe(201);
    expect(other.json.trackingCode).not.toBe(first.json.trackingCode);
    expect(await countWith('retry pothole near the bazaar')).toBe(2);
  });

  it('the same key with a different body is refused with 422 naming the request already made', async () => {
    const key = 'draft-77aa-edited';
    const first = await submit(op1, body('edited pothole, first text'), key);
    expect(first.status).toBe(201);
    const edited = await submit(op1, body('edited pothole, second text'), key);
    expect(edited.status).toBe(422);
    expect(edited.json).toEqual({
      error: {
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: expect.stringMatching(/already registered with other content/),
        details: { trackingCode: first.json.trackingCode },
      },
    });
    expect(await countWith('edited pothole, second text')).toBe(0);
    expect(await countWith('edited pothole, first text')).toBe(1);
  });

  it('a refused submit does not use up its key; a malformed key is a 400 and registers nothing', async () => {
    const key = 'draft-9b0c-refused';
    const refused = await submit(op1, body('ab'), key);
    expect(refused.status).toBe(400);
    const fixed = await submit(op1, body('refused first, then fixed'), key);
    expect(fixed.status).toBe(201);
    expect(await countWith('refused first, then fixed')).toBe(1);

    for (const bad of ['short', 'has space in it', 'x'.repeat(101)]) {
      const r = await submit(op1, body(`bad key ${bad.length}`), bad);
      expect(r.status, bad).toBe(400);
      expect(JSON.stringify(r.json)).toMatch(/Idempotency-Key/);
      expect(await countWith(`bad key ${bad.length}`)).toBe(0);
    }
    // Keys older than a week are forgotten once the same user registers with a key again.
    const uid = (await app.db.query<{ id: string }>(`SELECT id::text FROM users WHERE username = 'operator1'`)).rows[0]!
      .id;
    await app.db.query(
      `INSERT INTO request_idempotency (user_id, key, body_hash, created_at) VALUES ($1, 'draft-old-week', 'x', now() - interval '8 days')`,
      [uid],
    );
    await submit(op1, body('after an old key'), 'draft-9b0c-after-old');
    await waitFor(
      async () => (await app.db.query(`SELECT 1 FROM request_idempotency WHERE key = 'draft-old-week'`)).rowCount === 0,
      5000,
      'the week-old key forgotten',
    );
    // Without a key every submit registers (API clients that do not retry).
    await submit(op1, body('no key at all'));
    await submit(op1, body('no key at all'));
    expect(await countWith('no key at all')).toBe(2);
  });
});
