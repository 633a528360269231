import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, upsertUser, type Role } from '../../../src/auth/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { login } from '../../helpers/http.ts';

const get = (app: TestApp, url: string, cookie?: string) =>
  app.http.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

/** The API documentation (/docs, /docs/json) is for signed-in 137 staff and the city's managers. */
describe('/docs access', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
    const passwordHash = await hashPassword('docs-test-password');
    const roles: Array<[string, Role]> = [
      ['docs-council', 'council'],
      ['docs-manager', 'manager'],
    ];
    for (const [username, role] of roles)
      await upsertUser(app.db, { username, displayName: username, role, passwordHash });
  });
  afterAll(async () => app?.close());

  it('refuses anyone not signed in: the page, its assets and the document', async () => {
    for (const url of ['/docs', '/docs/json', '/docs/static/swagger-ui.css', '/docs/static/swagger-initializer.js']) {
      const r = await get(app, url);
      expect(r.statusCode, url).toBe(401);
      expect(r.json().error.code).toBe('UNAUTHENTICATED');
    }
    // A forged or ended session is no better.
    expect((await get(app, '/docs/json', 'cti137_session=not-a-session')).statusCode).toBe(401);
  });

  it('refuses unit people and council members (403)', async () => {
    for (const [user, password] of [
      ['unit-roads5', undefined],
      ['manager-roads5', undefined],
      ['docs-council', 'docs-test-password'],
    ] as const) {
      const r = await get(app, '/docs/json', await login(app.url, user, password));
      expect(r.statusCode, user).toBe(403);
      expect(r.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('serves the UI from local files and the document to staff and managers', async () => {
    for (const [user, password] of [
      ['operator1', undefined],
      ['supervisor1', undefined],
      ['admin', undefined],
      ['docs-manager', 'docs-test-password'],
    ] as const) {
      const cookie = await login(app.url, user, password);
      const doc = await get(app, '/docs/json', cookie);
      expect(doc.statusCode, user).toBe(200);
      expect(doc.json().openapi).toMatch(/^3\./);
    }
    const cookie = await login(app.url, 'supervisor1');
    const page = await get(app, '/docs', cookie);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // Every script and stylesheet the page names is ours (no CDN), and is served.
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) {
      expect(a).not.toMatch(/^(https?:)?\/\//);
      const url = new URL(a, `${app.url}/docs/`).pathname;
      expect((await get(app, url, cookie)).statusCode, url).toBe(200);
    }
  });
});
