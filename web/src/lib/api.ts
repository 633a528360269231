// JSON over the same origin with the session cookie. Every call resolves (never throws) to a
// result, so a panel whose endpoint is missing or down shows an empty state instead of crashing.

export interface ApiError {
  code: string;
  message: string;
  details?: unknown;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

let onUnauthorized: (() => void) | null = null;

/** Called on a 401 from any call but login and me (the session ended while working). */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  /** Extra request headers (e.g. the Idempotency-Key of a request form's draft). */
  extra: Record<string, string> = {},
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json', ...extra }
          : {
              accept: 'application/json',
              'content-type': 'application/json',
              ...extra,
            },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    return { ok: false, status: 0, error: { code: 'NETWORK', message: String(e) } };
  }
  let json: unknown = null;
  if (res.status !== 204) {
    try {
      json = await res.json();
    } catch {
      json = null;
    }
  }
  if (res.ok) return { ok: true, status: res.status, data: json as T };
  if (res.status === 401 && onUnauthorized && !/\/auth\/(login|me)$/.test(path)) onUnauthorized();
  const err = (json as { error?: Partial<ApiError> } | null)?.error;
  return {
    ok: false,
    status: res.status,
    error: {
      code: typeof err?.code === 'string' ? err.code : `HTTP_${res.status}`,
      message: typeof err?.message === 'string' ? err.message : res.statusText || `HTTP ${res.status}`,
      details: err?.details,
    },
  };
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown, extra?: Record<string, string>) =>
  api<T>('POST', path, body ?? {}, extra);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T = void>(path: string) => api<T>('DELETE', path);

/** A list endpoint's data, or [] when it failed or answered something else. */
export function listOf<T>(r: ApiResult<unknown>): T[] {
  return r.ok && Array.isArray(r.data) ? (r.data as T[]) : [];
}

/** Query string from defined values only. */
export function qs(params: Record<string, string | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) u.set(k, v);
  const s = u.toString();
  return s ? `?${s}` : '';
}
