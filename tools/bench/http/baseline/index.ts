// A snapshot of libs/http/src as it was before the named plugins, for before/after benchmarks only.
export * from './app-error.js';
export * from './auth.js';
export * from './error-handler.js';
export * from './health.js';
export * from './pagination.js';
export * from './rate-limit.js';
export * from './create-http-app.js';
export * from './user-export-route.js';
