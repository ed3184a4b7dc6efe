import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'local/**/*.test.ts', 'functions/**/*.test.ts', 'infra/**/*.test.ts', 'cli/**/*.test.ts', 'api/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: the labeller is CPU-bound, so keep concurrency modest.
    maxWorkers: 2,
  },
});
