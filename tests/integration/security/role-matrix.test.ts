// The role × route matrix of README's Security section, checked route by route against the real
// server: every registered route must have a row here (a new route without one fails), and each
// role gets exactly the allow/deny the row says. Allowed means the guard let the request through
// (any answer but 401/403, and never a 5xx); denied is 401 for anonymous, 403 for a signed-in role.
import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../../../src/auth/index.ts';
import { listRoutes } from '../../../src/http/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { login } from '../../helpers/http.ts';

type Who = 'anonymous' | 'operator' | 'supervisor' | 'admin' | 'viewer' | 'unit' | 'unit-manager';
const WHO: Who[] = ['anonymous', 'operator', 'supervisor', 'admin', 'viewer', 'unit', 'unit-manager'];

const ANYONE: Who[] = WHO;
/** 137 staff: everyone signed in but the executive units' people. */
const SIGNED_IN: Who[] = ['operator', 'supervisor', 'admin', 'viewer'];
const EVERYONE_SIGNED_IN: Who[] = [...SIGNED_IN, 'unit', 'unit-manager'];
const UNITS: Who[] = ['unit', 'unit-manager'];
const STAFF_AND_UNITS_WRITE: Who[] = ['operator', 'supervisor', 'admin', ...UNITS];
const OPERATOR: Who[] = ['operator'];
const STAFF_WRITE: Who[] = ['operator', 'supervisor', 'admin'];
const BOSSES: Who[] = ['supervisor', 'admin'];
const WATCHERS: Who[] = ['supervisor', 'admin', 'viewer'];
const ADMIN: Who[] = ['admin'];

/** Who may call each route (README: Security → roles). Paths are as fastify registered them. */
const MATRIX: Record<string, Who[]> = {
  'GET /health': ANYONE,
  'GET /*': ANYONE,
  'POST /api/v1/auth/login': ANYONE,
  'POST /api/v1/auth/logout': ANYONE,
  'GET /api/v1/auth/me': EVERYONE_SIGNED_IN,
  'POST /api/v1/operators/me/state': OPERATOR,
  'GET /api/v1/operators/me': OPERATOR,
  'GET /api/v1/operators': BOSSES,
  'POST /api/v1/operators/:id/pause': BOSSES,
  'POST /api/v1/operators/:id/unpause': BOSSES,
  'POST /api/v1/operators/:id/logout': BOSSES,
  'GET /api/v1/calls': WATCHERS,
  'GET /api/v1/calls/:id': WATCHERS,
  'GET /api/v1/queues': WATCHERS,
  'GET /api/v1/kpis': WATCHERS,
  'GET /api/v1/categories': EVERYONE_SIGNED_IN,
  'GET /api/v1/districts': EVERYONE_SIGNED_IN,
  'GET /api/v1/templates': EVERYONE_SIGNED_IN,
  'POST /api/v1/districts': ADMIN,
  'PATCH /api/v1/districts/:id': ADMIN,
  'POST /api/v1/districts/:id/neighbourhoods': ADMIN,
  'PATCH /api/v1/neighbourhoods/:id': ADMIN,
  'POST /api/v1/requests': STAFF_WRITE,
  'GET /api/v1/requests/duplicates': SIGNED_IN,
  // The desk's look-ups (?trackingCode= / ?phone=) and, without them, the 137 worklist. Unit
  // people get their own units' worklist and requests (other units' answer 404; see unit-scope.test.ts).
  'GET /api/v1/requests': EVERYONE_SIGNED_IN,
  'GET /api/v1/requests/:id': EVERYONE_SIGNED_IN,
  'POST /api/v1/requests/:id/reporters': STAFF_WRITE,
  'POST /api/v1/requests/:id/notes': STAFF_AND_UNITS_WRITE,
  'POST /api/v1/requests/:id/status': STAFF_AND_UNITS_WRITE,
  'POST /api/v1/requests/:id/referrals': STAFF_WRITE,
  'POST /api/v1/requests/bulk': BOSSES,
  'GET /api/v1/office/inbox': ['supervisor', 'admin', 'viewer', ...UNITS],
  'POST /api/v1/requests/:id/extensions': UNITS,
  'GET /api/v1/extensions': BOSSES,
  'POST /api/v1/extensions/:id/decision': BOSSES,
  'POST /api/v1/requests/:id/attachments': STAFF_AND_UNITS_WRITE,
  'GET /api/v1/attachments/:id': EVERYONE_SIGNED_IN,
  'GET /api/v1/notifications': EVERYONE_SIGNED_IN,
  'POST /api/v1/notifications/read': EVERYONE_SIGNED_IN,
  'GET /api/v1/units': EVERYONE_SIGNED_IN,
  'POST /api/v1/units': ADMIN,
  'PATCH /api/v1/units/:id': ADMIN,
  'GET /api/v1/unit-routes': BOSSES,
  'PUT /api/v1/unit-routes': ADMIN,
  'DELETE /api/v1/unit-routes/:id': ADMIN,
  'GET /api/v1/units/:id/members': ADMIN,
  'PUT /api/v1/units/:id/members': ADMIN,
  'GET /api/v1/categories/all': ADMIN,
  'POST /api/v1/categories': ADMIN,
  'PATCH /api/v1/categories/:id': ADMIN,
  'GET /api/v1/templates/all': ADMIN,
  'POST /api/v1/templates': ADMIN,
  'PATCH /api/v1/templates/:id': ADMIN,
  'DELETE /api/v1/templates/:id': ADMIN,
  'GET /api/v1/admin/users': ADMIN,
  'POST /api/v1/admin/users': ADMIN,
  'PATCH /api/v1/admin/users/:id': ADMIN,
  'POST /api/v1/admin/users/:id/password': ADMIN,
  'GET /api/v1/admin/shifts': ADMIN,
  'GET /api/v1/admin/servers': ADMIN,
  'POST /api/v1/requests/:id/feedback': STAFF_WRITE,
  'GET /api/v1/feedback/tasks': SIGNED_IN,
  'GET /api/v1/sms/status': SIGNED_IN,
  'GET /api/v1/sms': BOSSES,
  'GET /api/v1/sms/templates': ADMIN,
  'PUT /api/v1/sms/templates/:key': ADMIN,
  'POST /api/v1/requests/:id/sms': STAFF_WRITE,
  // An operator lists, dials and records only the callbacks offered to them (checked in the route).
  'GET /api/v1/callbacks': STAFF_WRITE,
  'POST /api/v1/callbacks/:id/dial': OPERATOR, // needs a phone: a supervisor without one is refused
  'POST /api/v1/callbacks/:id/outcome': ['operator', 'supervisor'],
  'GET /api/v1/analytics/requests': WATCHERS,
  'GET /api/v1/analytics/resolution': WATCHERS,
  'GET /api/v1/analytics/units': WATCHERS,
  'GET /api/v1/exports/requests.csv': WATCHERS,
  'GET /api/v1/exports/requests.xlsx': WATCHERS,
  // An operator reads their own (the :id below is operator1's own); another's is refused in the route.
  'GET /api/v1/operators/me/scores': OPERATOR,
  'GET /api/v1/operators/:id/scores': STAFF_WRITE,
  'GET /api/v1/scores': BOSSES,
  'GET /api/v1/scores/trend': BOSSES,
  'GET /api/v1/scores/weeks': BOSSES,
  'GET /api/v1/survey/questions': ADMIN,
  'POST /api/v1/survey/questions': ADMIN,
  'POST /api/v1/survey/questions/:code/deactivate': ADMIN,
  'GET /api/v1/survey/prompts': ADMIN,
  'PUT /api/v1/survey/prompts/:lang/:name': ADMIN,
  'GET /api/v1/roster': BOSSES,
  'PUT /api/v1/roster': BOSSES,
  'GET /api/v1/shifts/handover': WATCHERS,
  'POST /api/v1/supervision/:operatorId/listen': BOSSES,
  'POST /api/v1/supervision/:operatorId/whisper': BOSSES,
  'POST /api/v1/supervision/:operatorId/barge': BOSSES,
  'GET /api/v1/supervision/me/phone': BOSSES,
  'PUT /api/v1/supervision/me/phone': BOSSES,
  'GET /api/v1/supervision/pause-allowances': BOSSES,
  'GET /api/v1/supervision/phones': BOSSES,
  'PUT /api/v1/supervision/phones/:serverId/:extension': ADMIN,
  'DELETE /api/v1/supervision/phones/:serverId/:extension': ADMIN,
  'PUT /api/v1/supervision/pause-allowances/:reason': ADMIN,
};

describe('role × route matrix', () => {
  let app: TestApp;
  const cookies: Partial<Record<Who, string>> = {};
  let routes: string[];
  let operatorId: string;

  beforeAll(async () => {
    app = await startTestApp();
    await upsertUser(app.db, {
      username: 'viewer1',
      displayName: 'Viewer One',
      role: 'viewer',
      passwordHash: await argon2.hash('demo137'),
    });
    for (const [username, role] of [
      ['unit1', 'unit'],
      ['unitmanager1', 'unit-manager'],
    ] as const) {
      const id = await upsertUser(app.db, {
        username,
        displayName: username,
        role,
        passwordHash: await argon2.hash('demo137'),
      });
      await app.db.query(
        `INSERT INTO unit_members (user_id, unit_id) SELECT $1, id FROM units WHERE code = 'district-5-roads' ON CONFLICT DO NOTHING`,
        [id],
      );
    }
    const names: Record<Exclude<Who, 'anonymous'>, string> = {
      operator: 'operator1',
      supervisor: 'supervisor1',
      admin: 'admin',
      viewer: 'viewer1',
      unit: 'unit1',
      'unit-manager': 'unitmanager1',
    };
    for (const [who, username] of Object.entries(names)) cookies[who as Who] = await login(app.url, username);
    operatorId = app.directory.byInterface('PJSIP/1001')!.id;
    routes = listRoutes(app.http).map((r) => `${r.method} ${r.url}`);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('has a row for every registered route, and no row for a route that is gone', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
  });

  /** The path with its parameters filled in: operator1 where an operator is named, else ids that do not exist. */
  const concrete = (url: string) =>
    url
      .replace('/*', '/')
      .replace(/\/operators\/:id/, `/operators/${operatorId}`)
      .replace(':operatorId', operatorId)
      .replace(':reason', 'break')
      .replace(':serverId', 'pbx1')
      .replace(':extension', '2999')
      .replace(':lang', 'fa')
      .replace(':name', 'q-none')
      .replace(':code', 'no-such-question')
      .replace(':key', 'registered')
      .replace(':id', '999999');

  it('gives each role exactly what its row says', async () => {
    const wrong: string[] = [];
    // Sign-out last: it ends the sessions the other rows use.
    const ordered = [...routes].sort((a, b) => Number(a.endsWith('/auth/logout')) - Number(b.endsWith('/auth/logout')));
    for (const route of ordered) {
      const [method, url] = route.split(' ') as [string, string];
      const allowed = MATRIX[route];
      if (!allowed) continue; // reported by the test above
      for (const who of WHO) {
        // The prompt upload takes a WAV body: send none (a JSON body would be refused before the guard).
        const withBody = method !== 'GET' && !url.includes('/survey/prompts/');
        const res = await app.http.inject({
          method: method as 'GET',
          url: concrete(url),
          headers: {
            ...(cookies[who] ? { cookie: cookies[who] } : {}),
            ...(withBody ? { 'content-type': 'application/json' } : {}),
          },
          ...(withBody ? { payload: '{}' } : {}),
        });
        const s = res.statusCode;
        const expected = allowed.includes(who) ? 'allowed' : who === 'anonymous' ? '401' : '403';
        const got = s === 401 || s === 403 ? String(s) : s >= 500 ? `5xx (${s})` : 'allowed';
        if (got !== expected)
          wrong.push(`${route} as ${who}: expected ${expected}, got ${s} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
