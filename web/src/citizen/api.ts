// The page's calls to /citizen/api: JSON in and out, errors as the server's {code, message, details}.
import { t } from './i18n.ts';

export interface ApiError {
  code: string;
  message: string;
  details?: { attemptsLeft?: number; retryAfterSeconds?: number } & Record<string, unknown>;
}
export type Result<T> = { ok: true; data: T } | { ok: false; status: number; error: ApiError };

export async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Result<T>> {
  let res: Response;
  try {
    res = await fetch(`/citizen/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
    });
  } catch {
    return { ok: false, status: 0, error: { code: 'OFFLINE', message: t('offline') } };
  }
  const json = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, data: json as T };
  const error = (json as { error?: ApiError } | null)?.error ?? { code: 'HTTP', message: `HTTP ${res.status}` };
  return { ok: false, status: res.status, error };
}

/** The message a citizen reads for an error, in the page's language. */
export function errorText(e: ApiError): string {
  switch (e.code) {
    case 'RATE_LIMITED':
      return t('rateLimited', { s: e.details?.retryAfterSeconds ?? 60 });
    case 'CODE_WRONG':
      return t('codeWrong', { n: e.details?.attemptsLeft ?? 0 });
    case 'CODE_LOCKED':
      return t('codeLocked');
    case 'CODE_EXPIRED':
    case 'CODE_NOT_FOUND':
      return t('codeExpired');
    case 'NOT_FOUND':
      return t('notFound');
    case 'INVALID_TRACKING_CODE':
      return t('badTracking');
    case 'WEB_REPORTS_CLOSED':
      return t('closed');
    case 'OFFLINE':
      return t('offline');
    default:
      return t('error', { message: e.message });
  }
}
