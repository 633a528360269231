// `npm run user:create` against a real PostgreSQL: the city's manager and a neighbourhood council
// member (with their neighbourhoods in council_neighbourhoods, ids in Latin or Persian digits), the
// refusals that come before anything is written, and a council member made manager losing them.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '../helpers/db.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('user:create for managers and council members', () => {
  let db: TestDb;
  let hoods: number[] = [];

  /** Runs the script as an operator of the system would, the password on standard input's place (CTI_PASSWORD). */
  const run = (...args: string[]) =>
    promisify(execFile)(`${ROOT}node_modules/.bin/tsx`, ['scripts/create-user.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, CTI_PASSWORD: 'a-long-password' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  const userRow = async (username: string) =>
    (
      await db.pool.query<{ role: string; hoods: number[] }>(
        `SELECT u.role, ARRAY(SELECT c.neighbourhood_id FROM council_neighbourhoods c
                               WHERE c.user_id = u.id ORDER BY 1) AS hoods
           FROM users u WHERE u.username = $1`,
        [username],
      )
    ).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    const r = await db.pool.query<{ id: number }>(
      `SELECT n.id FROM neighbourhoods n JOIN districts d ON d.id = n.district_id
        WHERE d.name_en = 'District 5' ORDER BY n.id LIMIT 2`,
    );
    hoods = r.rows.map((x) => x.id);
    expect(hoods).toHaveLength(2);
  }, 60_000);
  afterAll(async () => db?.drop());

  it('creates the city manager', async () => {
    const r = await run('--username', 'mgr.city', '--display-name', 'مدیر شهری', '--role', 'manager');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/user mgr\.city \(manager, id \d+\) is ready to sign in/);
    expect(await userRow('mgr.city')).toEqual({ role: 'manager', hoods: [] });
  });

  it('creates a council member with their neighbourhoods, typed in Persian digits', async () => {
    const typed = hoods.map((n) => String(n).replace(/\d/g, (c) => '۰۱۲۳۴۵۶۷۸۹'[Number(c)]!)).join('، ');
    const r = await run(
      '--username',
      'shora5',
      '--display-name',
      'شورای محله',
      '--role',
      'council',
      '--neighbourhoods',
      typed,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`neighbourhoods ${hoods.join(', ')}`);
    expect(await userRow('shora5')).toEqual({ role: 'council', hoods });
    // Again with one neighbourhood: exactly that one is left.
    const again = await run(
      '--username',
      'shora5',
      '--display-name',
      'شورای محله',
      '--role',
      'council',
      '--neighbourhoods',
      String(hoods[1]),
    );
    expect(again.code).toBe(0);
    expect(await userRow('shora5')).toEqual({ role: 'council', hoods: [hoods[1]] });
  });

  it('refuses a council member without neighbourhoods, unknown ones, or neighbourhoods for another role', async () => {
    const none = await run('--username', 'shora6', '--display-name', 'شورا', '--role', 'council');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--neighbourhoods is required for a council member/);
    const bad = await run(
      '--username',
      'shora6',
      '--display-name',
      'شورا',
      '--role',
      'council',
      '--neighbourhoods',
      '12,x',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--neighbourhoods: neighbourhood ids/);
    const unknown = await run(
      '--username',
      'shora6',
      '--display-name',
      'شورا',
      '--role',
      'council',
      '--neighbourhoods',
      `${hoods[0]},999999`,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no neighbourhood with id 999999/);
    const wrongRole = await run(
      '--username',
      'mgr2',
      '--display-name',
      'مدیر',
      '--role',
      'manager',
      '--neighbourhoods',
      String(hoods[0]),
    );
    expect(wrongRole.code).toBe(2);
    expect(wrongRole.stderr).toMatch(/--neighbourhoods is for council members only/);
    // Nothing was written for either.
    expect(await userRow('shora6')).toBeUndefined();
    expect(await userRow('mgr2')).toBeUndefined();
  });

  it('takes the neighbourhoods away from a council member made manager', async () => {
    const r = await run('--username', 'shora5', '--display-name', 'شورای محله', '--role', 'manager');
    expect(r.code).toBe(0);
    expect(await userRow('shora5')).toEqual({ role: 'manager', hoods: [] });
  });
});
