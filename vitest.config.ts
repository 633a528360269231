import { defineConfig } from 'vitest/config';

// Integration tests open real sockets and databases; two cores, so keep forks modest.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
