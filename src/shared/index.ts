// The lowest layer: helpers every domain may use. Nothing here imports another src/ folder.
export {
  AppError,
  validationError,
  notFound,
  unauthorized,
  forbidden,
  conflict,
  unavailable,
  toErrorBody,
} from './errors.ts';
export type { ErrorBody } from './errors.ts';
export { createLogger, wantsPretty, type Logger, type LogFormat } from './logger.ts';
export { toLatinDigits, toPersianDigits } from './digits.ts';
export { normalizePhone, formatPhoneNational, maskPhone } from './phone.ts';
export { parseCookie } from './cookies.ts';
export type { Ack } from './ack.ts';
export { parseInput, dateString, instant, isCalendarDate } from './validation.ts';
export { apiDoc, jsonSchemaOf, SESSION_SECURITY, type RouteDocInput } from './api-doc.ts';
export type { Host } from './host.ts';
export { ackFromOwner, type ClusterView, type ClusterSignal } from './cluster-view.ts';
export { backoffDelay, reconnectDelay } from './backoff.ts';
export { LogThrottle } from './log-throttle.ts';
export { isDatabaseUnreachable } from './db-down.ts';
export { RateLimiter, rateLimitedAck, DEFAULT_SOCKET_EVENT_LIMIT, type RateLimitSettings } from './rate-limit.ts';
export { CSV_BOM, csvField, csvLine, type CsvValue } from './csv.ts';
