// The composition root's face: main.ts, tests and benchmarks start the whole app through here.
export { startApp, type AppHandle } from './start-app.ts';
export type { StartOptions } from './start-options.ts';
export type { Core } from './core.ts';
