import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

// Whole-platform checks: processes over HTTP, lint rules, database roles. Files run one at a time
// because they start the services on fixed ports.
export default mergeConfig(shared, defineConfig({ test: { include: ['**/*.test.ts'], fileParallelism: false } }));
