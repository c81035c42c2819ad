import { defineConfig } from 'vitest/config';

/** One vitest setup for every project: unit and integration tests side by side, real servers. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { CHECKPOINT_DISABLE: '1' },
  },
});
