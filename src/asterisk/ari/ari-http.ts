// ARI REST over Node's fetch. Credentials go in an Authorization header only: a URL with
// `api_key=user:pass` ends up in proxy and access logs. Every request has a deadline, because a
// hung Asterisk HTTP thread must not hang an IVR step forever.

export type AriMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type AriQuery = Record<string, string | number | boolean | undefined>;

/** Asterisk answered with a non-2xx status; `message` is Asterisk's `{"message": …}` when it sent one. */
export class AriHttpError extends Error {
  readonly code = 'ARI_HTTP';
  constructor(
    readonly status: number,
    message: string,
    readonly method: AriMethod,
    readonly path: string,
  ) {
    super(message);
    this.name = 'AriHttpError';
  }
}

/** No HTTP answer at all: connection refused, reset, DNS, or the request deadline passed. */
export class AriRequestError extends Error {
  readonly code = 'ARI_REQUEST_FAILED';
  constructor(
    message: string,
    readonly method: AriMethod,
    readonly path: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AriRequestError';
  }
}

export interface AriHttpOptions {
  /** Base, e.g. http://127.0.0.1:8088 (a path prefix from http.conf is kept). */
  url: string;
  username: string;
  password: string;
  requestTimeoutMs: number;
}

export function basicAuthHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** `/ari` plus the path under the base URL's own path prefix, if any. */
export function ariUrl(base: string, path: string, query?: AriQuery): URL {
  const url = new URL(base);
  const prefix = url.pathname.replace(/\/+$/, '');
  url.pathname = `${prefix}/ari${path.startsWith('/') ? path : `/${path}`}`;
  url.search = '';
  url.hash = '';
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.append(k, String(v));
  return url;
}

export class AriHttp {
  private readonly auth: string;

  constructor(private readonly opts: AriHttpOptions) {
    this.auth = basicAuthHeader(opts.username, opts.password);
  }

  async request<T = unknown>(
    method: AriMethod,
    path: string,
    options: { query?: AriQuery; body?: unknown } = {},
  ): Promise<T> {
    const url = ariUrl(this.opts.url, path, options.query);
    const headers: Record<string, string> = { Authorization: this.auth, Accept: 'application/json' };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(this.opts.requestTimeoutMs) });
      text = await res.text();
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      const why = timedOut ? `no answer within ${this.opts.requestTimeoutMs} ms` : describe(err);
      throw new AriRequestError(`ARI ${method} ${path} failed: ${why}`, method, path, timedOut, { cause: err });
    }
    if (!res.ok) throw new AriHttpError(res.status, errorMessage(res, text), method, path);
    if (text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new AriRequestError(
        `ARI ${method} ${path}: ${res.status} with a body that is not JSON`,
        method,
        path,
        false,
      );
    }
  }
}

function errorMessage(res: Response, text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as { message?: unknown }).message === 'string'
    ) {
      return (parsed as { message: string }).message;
    }
  } catch {
    // Not JSON: fall through to the status text.
  }
  return text.trim().slice(0, 200) || res.statusText || `HTTP ${res.status}`;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // fetch wraps the socket error ("ECONNREFUSED …") in err.cause; that is the useful part.
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}
