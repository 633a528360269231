import argon2 from 'argon2';
import { afterAll, describe, expect, it } from 'vitest';
import { DemoRefusedError } from '../../../src/auth/demo-users.ts';
import { upsertOperator, upsertUser } from '../../../src/auth/auth-repository.ts';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';
import { startTestApp } from '../../helpers/app.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { login } from '../../helpers/http.ts';

// Issue 11, security 1: the demo (emulator, demo users with a known password) never touches a
// database that was not made for it, and never changes a user that exists.

const users = async (db: TestDb) =>
  (await db.pool.query<{ username: string }>(`SELECT username FROM users ORDER BY username`)).rows.map(
    (r) => r.username,
  );
const hashOf = async (db: TestDb, username: string) =>
  (await db.pool.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE username = $1`, [username]))
    .rows[0]!.password_hash;

describe('demo mode guard', () => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });
  const freshDb = async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    return db;
  };

  it('will not start the demo on DATABASE_URL unless DEMO=on, nor DEMO=on with a real Asterisk', () => {
    const env = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/cti' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/DEMO=on/);
    expect(loadConfig({ ...env, DEMO: 'on' }).demo).toBe(true);
    const real = { ASTERISK_AMI_URL: 'ami://a:b@pbx:5038', ASTERISK_ARI_URL: 'http://a:b@pbx:8088' };
    expect(loadConfig({ ...env, ...real }).asterisk).toHaveLength(1);
    expect(() => loadConfig({ ...env, ...real, DEMO: 'on' })).toThrow(/DEMO/);
    // Embedded PostgreSQL (no DATABASE_URL) is made for the demo: no setting needed.
    expect(loadConfig({}).demo).toBe(false);
  });

  it('refuses DEMO=on on a database with real users: nothing changed, no demo user, no emulator', async () => {
    const db = await freshDb();
    const realHash = await argon2.hash('the-real-admin-password');
    const adminId = await upsertUser(db.pool, {
      username: 'admin',
      displayName: 'مدیر واقعی',
      role: 'admin',
      passwordHash: realHash,
    });
    const zahra = await upsertUser(db.pool, {
      username: 'z.ahmadi',
      displayName: 'زهرا',
      role: 'operator',
      passwordHash: realHash,
    });
    await upsertOperator(db.pool, zahra, '1001', 'PJSIP/1001');
    const err = await startTestApp({}, { db, keepDb: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DemoRefusedError);
    expect((err as Error).message).toMatch(/already has users/);
    expect(await users(db)).toEqual(['admin', 'z.ahmadi']);
    expect(await hashOf(db, 'admin')).toBe(realHash);
    expect(adminId).toBeTruthy();
    const marks = await db.pool.query(`SELECT 1 FROM demo_database`);
    expect(marks.rowCount).toBe(0);
    // The emulator never ran against it: no call, no operator interval was written.
    expect((await db.pool.query(`SELECT 1 FROM calls`)).rowCount).toBe(0);
    expect((await db.pool.query(`SELECT 1 FROM operator_state_intervals`)).rowCount).toBe(0);
  });

  it('seeds an empty database once; a restart never resets a changed password, nor half-makes a user', async () => {
    const db = await freshDb();
    let app = await startTestApp({}, { db, keepDb: true });
    expect(app.demoUsers!.map((u) => u.username)).toEqual([
      'operator1',
      'operator2',
      'operator3',
      'operator4',
      'supervisor1',
      'admin',
      'unit-roads5',
      'unit-waste5',
      'manager-roads5',
      'manager1',
      'council1',
    ]);
    await login(app.url, 'admin');
    await app.close();

    // The demo's admin changed the password; operator2 left and 1002 went to someone new.
    const changed = await argon2.hash('changed-by-the-admin');
    await db.pool.query(`UPDATE users SET password_hash = $1 WHERE username = 'admin'`, [changed]);
    await db.pool.query(`DELETE FROM users WHERE username = 'operator2'`);
    const newcomer = await upsertUser(db.pool, {
      username: 'newcomer',
      displayName: 'تازه',
      role: 'operator',
      passwordHash: changed,
    });
    await upsertOperator(db.pool, newcomer, '1002', 'PJSIP/1002');

    app = await startTestApp({}, { db, keepDb: true });
    try {
      expect(await hashOf(db, 'admin')).toBe(changed);
      await expect(login(app.url, 'admin')).rejects.toThrow(/401/);
      await login(app.url, 'admin', 'changed-by-the-admin');
      expect(app.demoUsers!.map((u) => u.username)).not.toContain('operator2');
      expect(await users(db)).not.toContain('operator2');
      const owner = await db.pool.query<{ username: string }>(
        `SELECT u.username FROM operators o JOIN users u ON u.id = o.user_id WHERE o.extension = '1002'`,
      );
      expect(owner.rows.map((r) => r.username)).toEqual(['newcomer']);
    } finally {
      await app.close();
    }
  });
});
