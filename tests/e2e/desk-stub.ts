// A stand-in for the server when testing the desk page alone: web/dist over HTTP, a real socket.io
// /desk namespace the test drives, and the REST API answered from fixtures through page.route.
import { createServer, type Server as HttpServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Server, type Namespace } from 'socket.io';
import type { Page, Route } from 'playwright-core';
import type { DeskSnapshot, ScreenPop } from '../../src/agent-desk/index.ts';
import type { OperatorStateChanged } from '../../src/cti/index.ts';
import type { PastRequest } from '../../src/requests/index.ts';

const DIST = resolve('web', 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

export interface DeskStub {
  url: string;
  desk: Namespace;
  /** `refusals`: what the next resyncs answer instead of the picture (e.g. a BAD_REQUEST), in order. */
  state: { operator: OperatorStateChanged; call: DeskSnapshot['currentCall']; resyncs: number; refusals: unknown[] };
  /** Drops every desk connection at the transport, as a network failure would. */
  dropConnections: () => void;
  close: () => Promise<void>;
}

export async function startDeskStub(): Promise<DeskStub> {
  const http: HttpServer = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path === '/' ? '/index.html' : path;
    readFile(join(DIST, file)).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  const io = new Server(http);
  const state: DeskStub['state'] = {
    operator: { state: 'logged-out', reason: null, since: new Date().toISOString(), until: null },
    call: null,
    resyncs: 0,
    refusals: [],
  };
  const desk = io.of('/desk');
  desk.on('connection', (socket) => {
    socket.on('resync', (ack: (r: unknown) => void) => {
      state.resyncs += 1;
      if (state.refusals.length > 0) return ack(state.refusals.shift());
      ack({
        ok: true,
        data: {
          operator: { id: 'op1', displayName: USER.displayName, extension: '1001', ...state.operator },
          currentCall: state.call,
        },
      });
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    desk,
    state,
    dropConnections: () => {
      for (const s of desk.sockets.values()) s.conn.close();
    },
    close: () =>
      new Promise((r) => {
        void io.close();
        http.close(() => r());
      }),
  };
}

export const USER = {
  id: 'u1',
  username: 'operator1',
  displayName: 'زهرا احمدی',
  role: 'operator',
  operatorId: 'op1',
  extension: '1001',
};

const CATEGORIES = [
  {
    id: 'g1',
    code: 'civil',
    parentId: null,
    nameFa: 'فنی و عمرانی',
    nameEn: 'Civil works',
    unitFa: null,
    unitEn: null,
    deadlineHours: 72,
    hazard: false,
  },
  {
    id: 'c1',
    code: 'pothole',
    parentId: 'g1',
    nameFa: 'چاله آسفالت',
    nameEn: 'Pothole',
    unitFa: 'معاونت فنی',
    unitEn: 'Civil works',
    deadlineHours: 72,
    hazard: false,
  },
  {
    id: 'c2',
    code: 'manhole',
    parentId: 'g1',
    nameFa: 'دریچه باز',
    nameEn: 'Open manhole',
    unitFa: 'معاونت فنی',
    unitEn: 'Civil works',
    deadlineHours: 4,
    hazard: true,
  },
];
const DISTRICTS = [
  { id: 'd1', nameFa: 'منطقه ۱', nameEn: 'District 1', neighbourhoods: [{ id: 'n1', nameFa: 'ونک', nameEn: 'Vanak' }] },
];

export const OPEN_REQUEST: PastRequest = {
  id: 'r1',
  trackingCode: '12345678',
  status: 'referred',
  categoryFa: 'چاله آسفالت',
  categoryEn: 'Pothole',
  unitFa: 'معاونت فنی',
  unitEn: 'Civil works',
  description: 'چاله جلوی پلاک ۱۲',
  hazard: false,
  createdAt: '2025-03-20T20:30:00Z',
  deadlineAt: '2025-03-23T20:30:00Z',
  closedAt: null,
  reporters: 2,
  address: 'خیابان ولیعصر، کوچه ۱۲',
  neighbourhoodFa: 'ونک',
  neighbourhoodEn: 'Vanak',
};
const CLOSED_REQUEST: PastRequest = {
  ...OPEN_REQUEST,
  id: 'r0',
  trackingCode: '11111116',
  status: 'closed',
  closedAt: '2025-01-02T00:00:00Z',
  createdAt: '2025-01-01T00:00:00Z',
};

export function screenPop(overrides: Partial<ScreenPop> = {}): ScreenPop {
  return {
    callId: 'call-1',
    linkedid: '1.1',
    queue: 'q137',
    ringingAt: new Date().toISOString(),
    hazard: false,
    ivrChoice: '1',
    caller: { phone: '+989121234567', phoneDisplay: '0912 123 4567', name: null, citizenId: 'c1' },
    history: {
      calls: [
        { callId: 'old', startedAt: '2025-03-20T20:30:00Z', operatorName: 'مریم', outcome: 'answered', surveyScore: 5 },
      ],
      requests: [CLOSED_REQUEST, OPEN_REQUEST],
    },
    ...overrides,
  };
}

export interface ApiCall {
  method: string;
  path: string;
  body: unknown;
}

/** Answers /api/v1/** from fixtures; returns the log of requests the page made. */
export async function stubApi(
  page: Page,
  opts: { signedIn?: boolean; onState?: (s: OperatorStateChanged) => void } = {},
): Promise<ApiCall[]> {
  const calls: ApiCall[] = [];
  let signedIn = opts.signedIn ?? true;
  await page.route('**/api/v1/**', async (route: Route) => {
    const req = route.request();
    const url = new URL(req.url());
    const raw = req.postData();
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    calls.push({ method: req.method(), path: url.pathname + url.search, body });
    const json = (status: number, data: unknown) =>
      route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(data) });
    const p = url.pathname;
    if (p === '/api/v1/auth/me')
      return signedIn
        ? json(200, { user: USER })
        : json(401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in' } });
    if (p === '/api/v1/auth/login') {
      if (body?.['password'] !== 'demo137')
        return json(401, { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid username or password' } });
      signedIn = true;
      return json(200, { user: USER });
    }
    if (p === '/api/v1/auth/logout') {
      signedIn = false;
      return route.fulfill({ status: 204 });
    }
    if (p === '/api/v1/operators/me/state') {
      const s: OperatorStateChanged = {
        state: body?.['state'] as OperatorStateChanged['state'],
        reason: (body?.['reason'] as string) ?? null,
        since: new Date().toISOString(),
        until: null,
      };
      opts.onState?.(s);
      return json(200, s);
    }
    if (p === '/api/v1/categories') return json(200, CATEGORIES);
    if (p === '/api/v1/districts') return json(200, DISTRICTS);
    if (p === '/api/v1/templates')
      return json(200, [{ id: 't1', textFa: 'متن آماده یک', textEn: 'Template one', hotkey: 1 }]);
    if (p === '/api/v1/requests/duplicates')
      return json(200, url.searchParams.get('neighbourhoodId') === 'n1' ? [OPEN_REQUEST] : []);
    if (p === '/api/v1/requests' && req.method() === 'GET')
      return json(200, url.searchParams.get('trackingCode') === '12345678' ? [OPEN_REQUEST] : []);
    if (p === '/api/v1/requests' && req.method() === 'POST') {
      return json(201, {
        ...OPEN_REQUEST,
        id: 'r9',
        trackingCode: '98765432',
        status: 'registered',
        reporters: 1,
        createdAt: new Date().toISOString(),
      });
    }
    if (/\/reporters$/.test(p)) return json(200, { ...OPEN_REQUEST, reporters: 3 });
    if (/\/notes$/.test(p)) return json(201, { id: 'n1' });
    return json(404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
  });
  return calls;
}
