import { defineConfig } from 'vitest/config';

// The fuzz run (infra/scripts/fuzz.sh): not part of the e2e suite, which it would slow by minutes.
// Its test's own timeouts follow the number of requests asked for.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.fuzz.ts'],
    fileParallelism: false,
    pool: 'forks',
    env: { CHECKPOINT_DISABLE: '1' },
  },
});
