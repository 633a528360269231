// The one way tests wait: for a condition (polled) or for an event (listened to), each with a
// deadline that fails with what was awaited. A fixed pause is kept only for "nothing happens".

/** What a poll returns when it is done: anything but false, 0, '', null or undefined. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

const POLL_MS = 20;

/**
 * Polls `cond` (every `intervalMs`) until it returns something truthy, and returns that (a row, a
 * message, `true`). Throws `timed out waiting for <what>` after `timeoutMs`.
 */
export async function waitFor<T>(
  cond: () => T | Promise<T>,
  timeoutMs = 10_000,
  what = 'condition',
  intervalMs = POLL_MS,
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v) return v as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Anything with Node-style `on`/`off`: an EventEmitter, a socket.io client socket, an AMI client. */
export interface Listenable {
  on(event: string, fn: (...args: never[]) => void): unknown;
  off(event: string, fn: (...args: never[]) => void): unknown;
}

/**
 * The next `event` whose first argument passes `filter`. Subscribe before doing what causes it:
 * `const gone = nextEvent(ami, 'disconnected'); drop(); await gone;`.
 */
export function nextEvent<T = unknown>(
  source: Listenable,
  event: string,
  filter: (value: T) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (value: T) => {
      if (!filter(value)) return;
      clearTimeout(timer);
      source.off(event, on);
      resolve(value);
    };
    const timer = setTimeout(() => {
      source.off(event, on);
      reject(new Error(`timed out waiting for the event ${event}`));
    }, timeoutMs);
    source.on(event, on);
  });
}

/**
 * Until `read()` has stayed the same for `quietMs` (e.g. a stream of pushes has gone quiet): the
 * condition "nothing more is on its way" when nothing announces the last one.
 */
export async function untilQuiet<T>(read: () => T, quietMs: number, timeoutMs = 10_000, what = 'quiet'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = read();
  let since = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const now = read();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= quietMs) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

/**
 * The only fixed wait: a window in which the test then asserts that something did NOT happen
 * (a socket not closed, an event not sent). There is no condition to await for an absence, so
 * every call says in a comment why this long is long enough.
 */
export function quietWindow(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
