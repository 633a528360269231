import type { ApiResult } from '../lib/api.ts';

// A registration the server could not store yet (the database away: 503, or the network down) is
// sent again by itself, with the same Idempotency-Key, so it lands once when the server is back
// and the operator does not have to notice and press Register again. Refusals (400, 409, 422...)
// are answers, not outages: they come back at once.

/** Waits between tries: 1, 2, 4, 8 s, then every 10 s; at most about 2 minutes in all. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, ...Array<number>(10).fill(10_000)];

export function isOutage(r: ApiResult<unknown>): boolean {
  return !r.ok && (r.status === 0 || r.status === 502 || r.status === 503 || r.status === 504);
}

export async function sendUntilStored<T>(
  send: () => Promise<ApiResult<T>>,
  onWaiting: (attempt: number) => void,
  delays: readonly number[] = RETRY_DELAYS_MS,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<ApiResult<T>> {
  let r = await send();
  for (let i = 0; i < delays.length && isOutage(r); i++) {
    onWaiting(i + 1);
    await sleep(delays[i]!);
    r = await send();
  }
  return r;
}
