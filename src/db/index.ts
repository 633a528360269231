// PostgreSQL: the pool (with clients that survive a dropped connection), transactions, schema
// migrations, the embedded server of `npm start`, and the one audit_log writer.
export {
  createPool,
  withTransaction,
  waitForDatabase,
  pingDatabase,
  isTransientDbError,
  ResilientClient,
  type Db,
  type DbClient,
} from './pool.ts';
export { migrate, MIGRATIONS_DIR } from './migrate.ts';
export { startEmbeddedPostgres, type EmbeddedDb, type EmbeddedState } from './embedded.ts';
export { recordAudit } from './audit-repository.ts';
export { retryWhileDbDown, DB_RETRY_DELAYS_MS, type DbRetryOptions } from './retry.ts';
