// Whether an error means "the database cannot be reached right now" (not "the query is wrong"):
// the socket was refused, reset or timed out, the pool gave up waiting for a connection, or the
// server is shutting down / starting / out of connections. HTTP answers these with 503 and
// Retry-After instead of 500, so a desk keeps its draft and sends it again (same idempotency key).

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);
const POOL_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)/;

export function isDatabaseUnreachable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; errors?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (SOCKET_CODES.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code) || code === '53300') return true;
  // Node's AggregateError from a dual-stack connect (127.0.0.1 and ::1 both refused).
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnreachable(x))) return true;
  return typeof e.message === 'string' && POOL_MESSAGES.test(e.message);
}
