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
import { API_KEY_ONLY, councilMay, managerMay, MATRIX, WHO, type Who } from './role-table.ts';

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
      manager: 'manager1',
      council: 'council1',
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
      .replace(':file', 'requests.json')
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
        const may =
          who === 'manager'
            ? managerMay(route, allowed)
            : who === 'council'
              ? councilMay(route, allowed)
              : allowed.includes(who);
        const expected = may ? 'allowed' : who === 'anonymous' && !API_KEY_ONLY.has(route) ? '401' : '403';
        const got = s === 401 || s === 403 ? String(s) : s >= 500 ? `5xx (${s})` : 'allowed';
        if (got !== expected)
          wrong.push(`${route} as ${who}: expected ${expected}, got ${s} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
    // ~230 routes × 9 roles, one after another through the real guards and handlers: minutes on a loaded machine.
  }, 180_000);
});
