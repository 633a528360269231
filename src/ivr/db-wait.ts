/**
 * How long a caller may hear nothing while the IVR waits for the database (real ms, not scaled:
 * it is about the caller's patience). Past it the IVR gives up on that step and says goodbye (the
 * survey) or sends the caller on to the queue (the menu); writes already queued still land later.
 */
export const IVR_DB_WAIT_MS = 4000;

export class DatabaseTooSlow extends Error {}

/** `p`, or a DatabaseTooSlow rejection after `ms` (the work itself goes on). */
export function dbWait<T>(p: Promise<T>, what: string, ms = IVR_DB_WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTooSlow(`the database did not answer (${what}) within ${ms} ms`)), ms);
  });
  p.catch(() => undefined); // a rejection after the deadline is nobody's business any more
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
