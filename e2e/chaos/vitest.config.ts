import { defineConfig } from 'vitest/config';

// The fault suite (README.md here): one file at a time, each building its own world of servers.
export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['*.chaos.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 600_000,
    env: { CHECKPOINT_DISABLE: '1' },
  },
});
