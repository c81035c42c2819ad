export * from './test-environment.js';
export * from './events.js';
