export * from './servers.js';
export * from './test-schema.js';
export * from './eventually.js';
