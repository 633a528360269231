import type { Db } from '../src/db/pool.ts';

export interface BenchContext {
  db: Db;
  dbUrl: string;
}
