// PostgreSQL: the pool (with clients that survive a dropped connection), transactions, schema
// migrations, the embedded server of `npm start`, and the one audit_log writer.
export {
  createPool,
  withTransaction,
  waitForDatabase,
  pingDatabase,
  ResilientClient,
  type Db,
  type DbClient,
} from './pool.ts';
export { migrate, MIGRATIONS_DIR } from './migrate.ts';
export { startEmbeddedPostgres, type EmbeddedDb } from './embedded.ts';
export { recordAudit } from './audit-repository.ts';
