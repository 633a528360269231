import type { Logger } from '../shared/index.ts';

/** What was started, stopped in reverse order; one failing stop does not keep the others from running. */
export function stopList(log: Logger) {
  const fns: Array<() => Promise<unknown> | unknown> = [];
  return {
    add: (fn: () => Promise<unknown> | unknown): void => {
      fns.push(fn);
    },
    run: async (): Promise<void> => {
      for (const fn of fns.splice(0).reverse()) {
        try {
          await fn();
        } catch (err) {
          log.warn({ err: (err as Error).message }, 'error while stopping');
        }
      }
    },
  };
}
