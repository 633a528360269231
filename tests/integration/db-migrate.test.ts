import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '../helpers/db.ts';

describe('migrations', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('creates the core tables and seeds the default survey questions', async () => {
    const r = await db.pool.query(`SELECT code, version FROM survey_questions ORDER BY position`);
    expect(r.rows).toEqual([
      { code: 'courtesy', version: 1 },
      { code: 'registered', version: 1 },
    ]);
  });
});
