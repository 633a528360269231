import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY = 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface HttpCtx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
  params: Record<string, string>;
}

export interface Route {
  method: string;
  re: RegExp;
  handler: (c: HttpCtx) => void | Promise<void>;
}

/** `/ari/channels/:id/play` → a route; `:name` segments become params (URL-decoded). */
export function route(method: string, pattern: string, handler: Route['handler']): Route {
  const src = pattern.replace(/:([A-Za-z]+)/g, '(?<$1>[^/]+)');
  return { method, re: new RegExp(`^${src}/?$`), handler };
}

/** Find the route; 404/405 as HttpError when there is none. */
export function match(routes: Route[], method: string, path: string): { r: Route; params: Record<string, string> } {
  let pathKnown = false;
  for (const r of routes) {
    const m = r.re.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (r.method !== method) continue;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = safeDecode(v);
    return { r, params };
  }
  throw new HttpError(pathKnown ? 405 : 404, pathKnown ? 'Method Not Allowed' : 'Resource not found');
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** Asterisk's headers on every ARI answer; UTF-8 goes out raw, never \u-escaped. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'cache-control': 'no-cache, no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    server: 'Asterisk/22.10.1',
    ...headers,
  });
  res.end(text);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** JSON body, or undefined for an empty one; 400 for anything that does not parse. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Invalid JSON body');
  }
}

export function isLoopback(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1' || (addr?.startsWith('127.') ?? false);
}
