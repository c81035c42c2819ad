import { defineConfig } from 'vitest/config';

// The tools' pure parts (no servers); their tests over the real servers are under e2e/ (dlq/, invariants/).
export default defineConfig({ test: { include: ['**/*.unit.test.ts'], exclude: ['**/node_modules/**'] } });
