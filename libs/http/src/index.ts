export * from './app-error.js';
export * from './error-handler.js';
export * from './health.js';
export * from './create-http-app.js';
