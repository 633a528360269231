// Waiting for emitter events in tests, with a deadline so a missing event fails fast and clearly.

import type { EventEmitter } from 'node:events';

export function nextEvent<T = unknown>(
  emitter: EventEmitter<any>,
  name: string,
  filter: (value: T) => boolean = () => true,
  timeoutMs = 3_000,
): Promise<T> {
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
