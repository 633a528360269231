// What to tell the operator when a call to the server failed. The server's messages are English
// (for logs and API users); the desk shows its own text for every stable error code it knows, so
// a refusal reads in the operator's language. Unknown codes fall back to the server's message in
// English, and to a generic line naming the code in Persian.
import type { ApiError } from './api.ts';
import { getLang, t, type StringKey } from '../i18n/i18n.ts';
import { DESCRIPTION_MAX, DESCRIPTION_MIN } from './limits.ts';

const BY_CODE: Readonly<Record<string, StringKey>> = {
  UNKNOWN_CATEGORY: 'errUnknownCategory',
  CATEGORY_IS_GROUP: 'errCategoryIsGroup',
  UNKNOWN_NEIGHBOURHOOD: 'errUnknownNeighbourhood',
  UNKNOWN_CALL: 'errUnknownCall',
  INVALID_PHONE: 'formBadPhone',
  INVALID_TRACKING_CODE: 'errInvalidTrackingCode',
  REPORTER_REQUIRED: 'errReporterRequired',
  REQUEST_CLOSED: 'errRequestClosed',
  NOT_FOUND: 'errNotFound',
  FORBIDDEN: 'errForbidden',
  BODY_TOO_LARGE: 'errTooLarge',
  BAD_REQUEST: 'errBadRequest',
  UNAVAILABLE: 'errUnavailable',
  NAME_TAKEN: 'errNameTaken',
  UNKNOWN_DISTRICT: 'errUnknownDistrict',
};

/**
 * Codes of the /desk socket: an ack's `{ ok: false, error }` (resync) and the handshake's refusal
 * ("UNAUTHENTICATED: sign in again", see src/agent-desk/desk-gateway.ts).
 */
const SOCKET_CODES: Readonly<Record<string, StringKey>> = {
  BAD_REQUEST: 'errBadRequest',
  INTERNAL: 'errDeskLoad',
  UNAVAILABLE: 'errUnavailable',
  UNAUTHENTICATED: 'errSession',
  FORBIDDEN: 'errForbidden',
};

/** VALIDATION names the offending fields; the first one we have words for decides the text. */
const BY_FIELD: Readonly<Record<string, StringKey>> = {
  description: 'errFieldDescription',
  text: 'errFieldNote',
  address: 'errFieldAddress',
  phone: 'formBadPhone',
  categoryId: 'errUnknownCategory',
  neighbourhoodId: 'errUnknownNeighbourhood',
  callId: 'errUnknownCall',
  lat: 'formBadPoint',
  lng: 'formBadPoint',
  nameFa: 'errFieldPlaceName',
  nameEn: 'errFieldPlaceName',
  position: 'errFieldPosition',
};

function fieldsOf(details: unknown): string[] {
  const fields = (details as { fields?: unknown } | null | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.map((f) => (f as { field?: unknown })?.field).filter((f): f is string => typeof f === 'string');
}

export function errorText(status: number, error: ApiError): string {
  if (status === 0) return t('errNetwork');
  if (status === 401) return t('errSession');
  if (status >= 500) return t('errServer', { status });
  const limits = { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX };
  if (error.code === 'VALIDATION') {
    const key = fieldsOf(error.details)
      .map((f) => BY_FIELD[f])
      .find(Boolean);
    return t(key ?? 'errValidation', limits);
  }
  const key = BY_CODE[error.code];
  if (key) return t(key, limits);
  return getLang() === 'fa' ? t('errRefused', { code: error.code }) : error.message;
}

/** The code of a socket refusal: an ack's error, or a handshake message "CODE: words". */
export function socketErrorCode(error: { code?: unknown; message?: unknown } | string): string {
  if (typeof error === 'string') return /^([A-Z][A-Z_]+):/.exec(error)?.[1] ?? 'UNKNOWN';
  return typeof error.code === 'string' ? error.code : 'UNKNOWN';
}

/** A socket refusal in the operator's language (never the server's English words in Persian). */
export function socketErrorText(error: { code?: unknown; message?: unknown } | string): string {
  const code = socketErrorCode(error);
  const key = SOCKET_CODES[code];
  if (key) return t(key);
  const message = typeof error === 'string' ? error : typeof error.message === 'string' ? error.message : code;
  return getLang() === 'fa' ? t('errRefused', { code }) : message;
}
