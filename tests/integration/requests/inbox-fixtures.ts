// Set-up of the unit inbox and extension tests: the requests routes and the unit-work routes (inbox,
// extensions, photos) on the real HTTP server with a fresh database, a bus that records what it is
// told and whether the change was committed by then, 137 staff and unit users of District 5 and 9.
// The session cookie names the user to act as (as in request-fixtures.ts).
import type { FastifyInstance } from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthService } from '../../../src/auth/auth-service.ts';
import { SESSION_COOKIE } from '../../../src/auth/auth-service.ts';
import type { Role, SessionUser } from '../../../src/auth/auth-types.ts';
import { sessionResolver } from '../../../src/auth/index.ts';
import { findCallCaller } from '../../../src/cti/index.ts';
import { buildServer } from '../../../src/http/server.ts';
import {
  createRequestBus,
  createRequestService,
  registerRequestRoutes,
  type RequestBusEvents,
} from '../../../src/requests/index.ts';
import { registerUnitWorkRoutes } from '../../../src/requests/inbox-routes.ts';
import { createLogger } from '../../../src/shared/logger.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';

export const TZ = 'Asia/Tehran';

export interface Heard {
  name: keyof RequestBusEvents;
  payload: Record<string, unknown>;
  /** Whether a second connection already saw the change the event is about (it must: events follow COMMIT). */
  committed: boolean;
}

export interface OfficeRig {
  t: TestDb;
  app: FastifyInstance;
  heard: Heard[];
  /** Resolves once every heard event's commit check is done. */
  settled(): Promise<void>;
  users: Record<string, SessionUser>;
  unitId(code: string): Promise<number>;
  /** A neighbourhood of the district at this position (District 5, District 9). */
  hoodIn(district: number): Promise<number>;
  categoryId(code: string): Promise<number>;
  call<T = unknown>(who: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Registers a request as operator1 (auto-referred by its category and district); its id and tracking code. */
  register(
    category: string,
    district: number,
    extra?: Record<string, unknown>,
  ): Promise<{ id: string; trackingCode: string }>;
  close(): Promise<void>;
}

const STAFF: Array<[string, Role]> = [
  ['operator1', 'operator'],
  ['supervisor1', 'supervisor'],
  ['admin1', 'admin'],
  ['viewer1', 'viewer'],
];
/** username → role and the codes of their units. */
const UNIT_USERS: Record<string, { role: Role; units: string[] }> = {
  roads5: { role: 'unit', units: ['district-5-roads'] },
  roads5boss: { role: 'unit-manager', units: ['district-5-roads'] },
  roads9: { role: 'unit', units: ['district-9-roads'] },
  waste5: { role: 'unit', units: ['district-5-waste'] },
  both5: { role: 'unit', units: ['district-5-roads', 'district-5-waste'] },
};

async function createUser(t: TestDb, username: string, role: Role, unitIds: number[]): Promise<SessionUser> {
  const r = await t.pool.query<{ id: string }>(
    `INSERT INTO users (username, display_name, password_hash, role) VALUES ($1, $2, 'x', $3) RETURNING id::text`,
    [username, `${username} name`, role],
  );
  const id = r.rows[0]!.id;
  for (const u of unitIds) await t.pool.query(`INSERT INTO unit_members (user_id, unit_id) VALUES ($1, $2)`, [id, u]);
  return {
    id,
    username,
    displayName: `${username} name`,
    role,
    operatorId: null,
    extension: null,
    unitIds,
    neighbourhoodIds: [],
  };
}

async function one(t: TestDb, sql: string, value: unknown): Promise<number> {
  const r = await t.pool.query<{ id: number }>(sql, [value]);
  if (!r.rows[0]) throw new Error(`nothing for ${String(value)}: ${sql}`);
  return r.rows[0].id;
}

export async function openOfficeRig(): Promise<OfficeRig> {
  const t = await createTestDatabase();
  const attachmentsDir = await mkdtemp(join(tmpdir(), 'cti137-attachments-'));
  const unitId = (code: string) => one(t, `SELECT id FROM units WHERE code = $1`, code);
  const users: Record<string, SessionUser> = {};
  for (const [name, role] of STAFF) users[name] = await createUser(t, name, role, []);
  for (const [name, u] of Object.entries(UNIT_USERS))
    users[name] = await createUser(t, name, u.role, await Promise.all(u.units.map(unitId)));

  const heard: Heard[] = [];
  const bus = createRequestBus((err) => {
    throw err;
  });
  const names: Array<keyof RequestBusEvents> = ['extension-requested', 'extension-decided', 'deadline-changed'];
  const checks: Promise<void>[] = [];
  for (const name of names)
    bus.on(name, (payload) => {
      const p = payload as unknown as Record<string, unknown>;
      // Recorded as it is emitted (before the HTTP answer leaves); a second connection then looks
      // whether the change is visible, which it is only once the transaction has committed.
      const h: Heard = { name, payload: p, committed: false };
      heard.push(h);
      const sql =
        name === 'deadline-changed'
          ? `SELECT 1 FROM referrals WHERE id = $1 AND deadline_at = $2::timestamptz`
          : `SELECT 1 FROM deadline_extensions WHERE id = $1 AND ($2::text IS NULL OR decision = $2)`;
      const values = name === 'deadline-changed' ? [p.referralId, p.deadlineAt] : [p.extensionId, p.decision ?? null];
      checks.push(t.pool.query(sql, values).then((r) => void (h.committed = r.rowCount === 1)));
    });

  const service = createRequestService(t.pool, { callerOf: findCallCaller, bus, timeZone: TZ });
  const logger = createLogger('silent');
  const auth: AuthService = {
    login: async () => {
      throw new Error('not used in tests');
    },
    logout: async () => undefined,
    authenticate: async (token) => (token && token in users ? users[token]! : null),
  };
  const app = buildServer({
    logger,
    api: [
      sessionResolver(auth),
      (api) => registerRequestRoutes(api, { service }),
      (api) => registerUnitWorkRoutes(api, { db: t.pool, bus, timeZone: TZ, attachmentsDir, logger }),
    ],
    health: async () => ({ ok: true, details: {} }),
  });
  await app.ready();

  const call = async <T>(who: string, method: string, url: string, body?: unknown) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      cookies: { [SESSION_COOKIE]: who },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: res.statusCode, body: (res.body ? res.json() : undefined) as T };
  };
  const categoryId = (code: string) => one(t, `SELECT id FROM categories WHERE code = $1`, code);
  const hoodIn = (district: number) =>
    one(
      t,
      `SELECT n.id FROM neighbourhoods n JOIN districts d ON d.id = n.district_id WHERE d.position = $1 ORDER BY n.id LIMIT 1`,
      district,
    );
  let phone = 1_000_000;
  return {
    t,
    app,
    heard,
    settled: async () => void (await Promise.all(checks)),
    users,
    unitId,
    hoodIn,
    categoryId,
    call,
    async register(category, district, extra = {}) {
      const res = await call<{ id: string; trackingCode: string }>('operator1', 'POST', '/api/v1/requests', {
        phone: `0912${String(++phone).padStart(7, '0')}`,
        citizenName: 'Maryam Citizen',
        categoryId: await categoryId(category),
        neighbourhoodId: await hoodIn(district),
        description: `A ${category} reported by a citizen`,
        ...extra,
      });
      if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async close() {
      await app.close();
      await t.drop();
      await rm(attachmentsDir, { recursive: true, force: true });
    },
  };
}

/** The audit rows of this action so far, oldest first. */
export async function auditsOf(
  t: TestDb,
  action: string,
): Promise<Array<{ user_id: string; target: string | null; details: Record<string, unknown> }>> {
  const r = await t.pool.query(`SELECT user_id::text, target, details FROM audit_log WHERE action = $1 ORDER BY id`, [
    action,
  ]);
  return r.rows;
}
