// A district's place in the lists operators pick from: shown by GET /districts, changed by an
// admin's PATCH (audited like a rename), refused to supervisors and to nonsense numbers.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { as, buildRequestApp, createUsers, type Users } from './request-fixtures.ts';

let t: TestDb;
let app: FastifyInstance;
let users: Users;

beforeAll(async () => {
  t = await createTestDatabase();
  users = await createUsers(t.pool);
  app = buildRequestApp(t.pool, users);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

type D = { id: string; nameEn: string; position: number };
const list = async () =>
  (await app.inject({ method: 'GET', url: '/api/v1/districts', cookies: as('viewer') })).json<D[]>();
const patch = (id: string, payload: unknown, role: keyof Users = 'admin') =>
  app.inject({ method: 'PATCH', url: `/api/v1/districts/${id}`, payload: payload as object, cookies: as(role) });

describe('district position', () => {
  it('is listed, set by admins only, audited, and orders the list', async () => {
    const before = await list();
    expect(before.length).toBeGreaterThan(2);
    expect(before.map((d) => d.position)).toEqual([...before.map((d) => d.position)].sort((a, b) => a - b));
    const added = await app.inject({
      method: 'POST',
      url: '/api/v1/districts',
      payload: { nameFa: 'منطقه آزمون', nameEn: 'Test district' },
      cookies: as('admin'),
    });
    expect(added.statusCode).toBe(201);
    const d = added.json<D>();
    expect(d.position).toBe(Math.max(...before.map((x) => x.position)) + 1);
    expect((await list()).at(-1)?.id).toBe(d.id);

    expect((await patch(d.id, { position: 1 }, 'supervisor')).statusCode).toBe(403);
    const moved = await patch(d.id, { position: 1 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ id: d.id, nameEn: 'Test district', position: 1 });
    // Ties keep the older district first (ORDER BY position, id).
    const after = await list();
    expect(after.findIndex((x) => x.id === d.id)).toBeLessThan(after.findIndex((x) => x.position > 1));
    const audit = await t.pool.query(
      `SELECT user_id::text, details FROM audit_log WHERE action = 'district-renamed' AND target = $1`,
      [d.id],
    );
    expect(audit.rows).toEqual([{ user_id: users.admin.id, details: { position: 1 } }]);

    for (const bad of [{ position: 0 }, { position: 1.5 }, { position: 10000 }, {}]) {
      const res = await patch(d.id, bad);
      expect(res.statusCode).toBe(400);
    }
    expect((await list()).find((x) => x.id === d.id)?.position).toBe(1);
  });
});
