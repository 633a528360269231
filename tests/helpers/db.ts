import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createPool, type Db } from '../../src/db/pool.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/shared/logger.ts';

// Each test file gets its own database on the real PostgreSQL (TEST_PG_URL, default the machine's
// local server with trust auth), migrated from scratch, dropped at the end.
const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDb {
  url: string;
  name: string;
  pool: Db;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDb> {
  const name = `cti_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const logger = createLogger('silent');
  await migrate(url.toString(), logger);
  const pool = createPool(url.toString(), logger, 5);
  return {
    url: url.toString(),
    name,
    pool,
    async drop() {
      await pool.end();
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
