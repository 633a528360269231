// Test helpers for the requests domain: users of each role, recorded calls, and the real HTTP
// server (same error handler, same body limit) with a fake session lookup: the session cookie
// names the role to act as.
import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../../../src/auth/auth-service.ts';
import { SESSION_COOKIE } from '../../../src/auth/auth-service.ts';
import { sessionResolver } from '../../../src/auth/index.ts';
import type { Role, SessionUser } from '../../../src/auth/auth-types.ts';
import { findCallCaller } from '../../../src/cti/index.ts';
import type { Db } from '../../../src/db/pool.ts';
import { buildServer } from '../../../src/http/server.ts';
import { createRequestService, registerRequestRoutes, type Actor } from '../../../src/requests/index.ts';
import { createLogger } from '../../../src/shared/logger.ts';

export type Users = Record<Exclude<Role, 'unit' | 'unit-manager'>, SessionUser>;

export async function createUsers(db: Db): Promise<Users> {
  const out: Partial<Users> = {};
  for (const role of ['operator', 'supervisor', 'admin', 'viewer'] as const) {
    const r = await db.query<{ id: number }>(
      `INSERT INTO users (username, display_name, password_hash, role) VALUES ($1, $2, 'x', $3) RETURNING id`,
      [`${role}1`, `${role} one`, role],
    );
    out[role] = {
      id: String(r.rows[0]!.id),
      username: `${role}1`,
      displayName: `${role} one`,
      role,
      operatorId: null,
      extension: null,
      unitIds: [],
      neighbourhoodIds: [],
    };
  }
  return out as Users;
}

export const actor = (u: SessionUser): Actor => ({ userId: u.id, role: u.role, unitIds: u.unitIds });

let linkedid = 0;
/** A call as the CTI records it; phone null for a hidden number. */
export async function createCall(db: Db, phone: string | null, citizenId: string | null = null): Promise<string> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO calls (server_id, linkedid, caller_phone, citizen_id, entered_at, shift_name, shift_date)
     VALUES ('pbx1', $1, $2, $3, now(), 'morning', current_date) RETURNING id`,
    [`${Date.now()}.${++linkedid}`, phone, citizenId],
  );
  return String(r.rows[0]!.id);
}

export async function categoryId(db: Db, code: string): Promise<number> {
  const r = await db.query<{ id: number }>(`SELECT id FROM categories WHERE code = $1`, [code]);
  if (!r.rows[0]) throw new Error(`no category ${code}`);
  return r.rows[0].id;
}

export async function neighbourhoodId(db: Db, nameEn: string): Promise<number> {
  const r = await db.query<{ id: number }>(`SELECT id FROM neighbourhoods WHERE name_en = $1`, [nameEn]);
  if (!r.rows[0]) throw new Error(`no neighbourhood ${nameEn}`);
  return r.rows[0].id;
}

export function buildRequestApp(db: Db, users: Users): FastifyInstance {
  const auth: AuthService = {
    login: async () => {
      throw new Error('not used in tests');
    },
    logout: async () => undefined,
    authenticate: async (token) => (token && token in users ? users[token as keyof Users] : null),
  };
  const service = createRequestService(db, { callerOf: findCallCaller });
  return buildServer({
    logger: createLogger('silent'),
    api: [sessionResolver(auth), (app) => registerRequestRoutes(app, { service })],
    health: async () => ({ ok: true, details: {} }),
  });
}

/** Cookie that makes the fake session act as this role. */
export const as = (role: Role) => ({ [SESSION_COOKIE]: role });
