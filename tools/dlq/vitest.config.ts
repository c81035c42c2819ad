import { defineConfig } from 'vitest/config';

// The dead-letter tool's pure parts (no servers); its end-to-end test, over the real broker, is e2e/dlq/.
export default defineConfig({ test: { include: ['**/*.unit.test.ts'] } });
