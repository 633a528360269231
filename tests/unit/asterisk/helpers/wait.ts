// Waiting for emitter events in tests, with a deadline so a missing event fails fast and clearly.

/** Any typed emitter: only on/off by name are used, so its event map does not matter here. */
interface Listenable {
  on(name: never, listener: never): unknown;
  off(name: never, listener: never): unknown;
}

export function nextEvent<T = unknown>(
  listenable: Listenable,
  name: string,
  filter: (value: T) => boolean = () => true,
  timeoutMs = 3_000,
): Promise<T> {
  const emitter = listenable as unknown as {
    on(name: string, fn: (value: T) => void): void;
    off(name: string, fn: (value: T) => void): void;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(name, on);
      reject(new Error(`timed out waiting for '${name}'`));
    }, timeoutMs);
    function on(value: T): void {
      if (!filter(value)) return;
      clearTimeout(timer);
      emitter.off(name, on);
      resolve(value);
    }
    emitter.on(name, on);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
