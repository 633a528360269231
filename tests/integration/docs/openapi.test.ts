import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../../../src/http/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { login } from '../../helpers/http.ts';

/**
 * /api/v1 routes with no OpenAPI description yet, by domain. This list only shrinks: a route
 * documented since must leave it, and a new route must come documented (the test says which).
 * Empty since 2026-12-07: every /api/v1 route is described (files as `produces`, not JSON).
 */
const UNDOCUMENTED = new Set<string>([]);

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

interface Operation {
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string; name: string; required?: boolean }>;
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}
interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; in: string; name: string }> };
}

/** The OpenAPI path of a fastify route: /api/v1/calls/:id → /api/v1/calls/{id}. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('GET /docs/json', () => {
  let app: TestApp;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    app = await startTestApp();
    const r = await app.http.inject({
      method: 'GET',
      url: '/docs/json',
      headers: { cookie: await login(app.url, 'admin') },
    });
    expect(r.statusCode).toBe(200);
    doc = r.json();
  });
  afterAll(async () => app?.close());

  it('is an OpenAPI 3 document of the /api/v1 routes only, with the session cookie as its security scheme', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'cti137_session' });
    const paths = Object.keys(doc.paths);
    expect(paths.length).toBeGreaterThan(20);
    for (const p of paths) expect(p, p).toMatch(/^\/api\/v1\//);
    for (const [p, item] of Object.entries(doc.paths)) {
      expect(Object.keys(item).length, p).toBeGreaterThan(0);
      for (const [method, op] of Object.entries(item)) {
        expect(METHODS, `${method} ${p}`).toContain(method);
        expect(op.responses, `${method} ${p}`).toBeTypeOf('object');
      }
    }
    // No machine door and no page of the web app is in the API's description.
    expect(paths).not.toContain('/metrics');
    expect(paths.some((p) => p.startsWith('/docs'))).toBe(false);
  });

  it('documents every route outside the known list: summary, tags, security, its path parameters', () => {
    const routes = listRoutes(app.http).filter((r) => r.url.startsWith('/api/v1/'));
    const documented: string[] = [];
    const missing: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const op = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
      if (!op?.summary) {
        if (!UNDOCUMENTED.has(key)) missing.push(key);
        continue;
      }
      documented.push(key);
      expect(op.tags?.length, key).toBeGreaterThan(0);
      const isPublic = key === 'POST /api/v1/auth/login';
      if (!isPublic) expect(op.security, key).toEqual([{ session: [] }]);
      for (const name of [...r.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]))
        expect(
          op.parameters?.some((p) => p.in === 'path' && p.name === name),
          `${key}: path parameter ${name}`,
        ).toBe(true);
    }
    expect(missing, 'routes with no OpenAPI description (add apiDoc to the route)').toEqual([]);
    const nowDocumented = documented.filter((k) => UNDOCUMENTED.has(k));
    expect(nowDocumented, 'documented now: remove them from UNDOCUMENTED').toEqual([]);
  });

  it('describes the inputs of a documented route from its zod objects', () => {
    const calls = doc.paths['/api/v1/calls']!.get!;
    expect(calls.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual([
      'query:active',
      'query:limit',
      'query:offset',
    ]);
    const state = doc.paths['/api/v1/operators/me/state']!.post!;
    expect(JSON.stringify(state.requestBody)).toContain('logged-out');
  });

  it('describes sign-in as public, a photo upload as image bytes, and both reads of GET /requests', () => {
    expect(doc.paths['/api/v1/auth/login']!.post!.security).toEqual([]);
    expect(doc.paths['/api/v1/auth/me']!.get!.security).toEqual([{ session: [] }]);
    const upload = doc.paths['/api/v1/requests/{id}/attachments']!.post!;
    const content = (upload.requestBody as { content: Record<string, unknown> }).content;
    expect(Object.keys(content).sort()).toEqual(['image/jpeg', 'image/png']);
    expect(Object.keys(upload.responses ?? {})).toEqual(expect.arrayContaining(['201', '413', '415']));
    const list = doc.paths['/api/v1/requests']!.get!;
    const query = list.parameters?.filter((p) => p.in === 'query').map((p) => p.name);
    expect(query).toEqual(expect.arrayContaining(['status', 'cursor', 'q', 'trackingCode', 'phone']));
    const register = doc.paths['/api/v1/requests']!.post!;
    expect(JSON.stringify(register.requestBody)).toContain('categoryId');
    expect(Object.keys(register.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '401', '403', '422']));
  });

  it('describes the downloads as files, the figures by their filters, and the SMS and Open311 key inputs', () => {
    const fileTypes = (path: string) =>
      Object.keys((doc.paths[path]!.get!.responses?.['200'] as { content: object }).content);
    expect(fileTypes('/api/v1/exports/requests.csv')).toEqual(['text/csv; charset=utf-8']);
    expect(fileTypes('/api/v1/exports/analytics/units.xlsx')).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    const queryOf = (path: string) =>
      doc.paths[path]!.get!.parameters?.filter((p) => p.in === 'query').map((p) => p.name) ?? [];
    expect(queryOf('/api/v1/exports/requests.xlsx')).toEqual(expect.arrayContaining(['status', 'unitId']));
    expect(queryOf('/api/v1/analytics/requests')).toEqual(expect.arrayContaining(['from', 'to', 'groupBy', 'period']));
    expect(queryOf('/api/v1/exports/analytics/hotspots.csv')).toEqual(expect.arrayContaining(['radiusM', 'minCount']));
    expect(queryOf('/api/v1/sms')).toEqual(['requestId']);
    expect(JSON.stringify(doc.paths['/api/v1/requests/{id}/sms']!.post!.requestBody)).toContain('status-reply');
    const newKey = doc.paths['/api/v1/open311/keys']!.post!;
    expect(JSON.stringify(newKey.requestBody)).toContain('perMinute');
    expect(JSON.stringify(newKey.responses?.['201'])).toContain('"key"');
    expect(Object.keys(doc.paths['/api/v1/open311/keys/{id}']!.delete!.responses ?? {})).toEqual(
      expect.arrayContaining(['204', '404']),
    );
  });
});
