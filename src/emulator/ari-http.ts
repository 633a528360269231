import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { channelRoutes } from './ari-routes-channels.ts';
import { miscRoutes } from './ari-routes-misc.ts';
import { controlRoutes, type ControlDeps } from './control-api.ts';
import { HttpError, isLoopback, match, parseJsonBody, readBody, sendJson, type Route } from './http-util.ts';
import type { Playbacks } from './playback.ts';
import type { Pbx } from './ports.ts';

const AUTH_HEADERS = { 'www-authenticate': 'Basic realm="Asterisk REST Interface"' };

/**
 * The HTTP side: ARI REST under /ari (Basic auth or api_key), the event WebSocket at
 * /ari/events, and the unauthenticated loopback-only control API under /_emulator.
 */
export class AriHttpServer {
  private server?: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly ariRoutes: Route[];
  private readonly ctlRoutes: Route[];

  constructor(
    private readonly pbx: Pbx,
    playbacks: Playbacks,
    control: ControlDeps,
  ) {
    this.ariRoutes = [...channelRoutes(pbx, playbacks), ...miscRoutes(pbx, playbacks)];
    this.ctlRoutes = controlRoutes(control);
  }

  listen(host: string, port: number): Promise<number> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    server.on('clientError', (_err, socket) => socket.destroy());
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const addr = server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.pbx.ari.closeAll();
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private authorized(req: IncomingMessage, query: URLSearchParams): boolean {
    const { ariUsername, ariPassword } = this.pbx.opts;
    let cred: string | undefined;
    const h = req.headers.authorization;
    if (h?.startsWith('Basic ')) cred = Buffer.from(h.slice(6), 'base64').toString('utf8');
    cred ??= query.get('api_key') ?? undefined;
    return cred === `${ariUsername}:${ariPassword}`;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    // /control/ too: the citizens' phones (POST /control/citizens/:number) live there as well.
    const control = url.pathname.startsWith('/_emulator/') || url.pathname.startsWith('/control/');
    try {
      const text = await readBody(req);
      const form = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
      const body = form ? Object.fromEntries(new URLSearchParams(text)) : parseJsonBody(text);
      if (control) {
        if (!isLoopback(req.socket.remoteAddress)) throw new HttpError(403, 'The control API only answers on loopback');
        const { r, params } = match(this.ctlRoutes, method, url.pathname);
        await r.handler({ req, res, method, path: url.pathname, query: url.searchParams, body, params });
        return;
      }
      if (!url.pathname.startsWith('/ari/')) throw new HttpError(404, 'Resource not found');
      this.pbx.actions.ari(method, url.pathname, url.searchParams, body);
      if (!this.authorized(req, url.searchParams)) {
        sendJson(res, 401, { message: 'Authentication required' }, AUTH_HEADERS);
        return;
      }
      const { r, params } = match(this.ariRoutes, method, url.pathname);
      await r.handler({ req, res, method, path: url.pathname, query: url.searchParams, body, params });
    } catch (err) {
      if (err instanceof HttpError) sendJson(res, err.status, { message: err.message });
      else {
        this.pbx.log.error({ err, path: url.pathname }, 'emulator: HTTP handler failed');
        sendJson(res, 500, { message: 'Internal Server Error' });
      }
    }
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const refuse = (status: string, message: string): void => {
      const body = JSON.stringify({ message });
      socket.end(
        `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    };
    if (url.pathname !== '/ari/events') return refuse('404 Not Found', 'Resource not found');
    if (!this.authorized(req, url.searchParams)) return refuse('401 Unauthorized', 'Authentication required');
    const apps = (url.searchParams.get('app') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    if (apps.length === 0) return refuse('400 Bad Request', "Missing param 'app'");
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.pbx.ari.register(apps, ws);
      ws.on('close', () => this.pbx.ari.unregister(ws));
      ws.on('error', () => ws.terminate());
      // Asterisk ignores what clients send on the event socket.
      ws.on('message', () => undefined);
    });
  }
}
