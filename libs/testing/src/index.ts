export * from './servers.js';
export * from './test-schema.js';
export * from './eventually.js';
export * from './service-schema.js';
export * from './tokens.js';
export * from './metrics.js';
