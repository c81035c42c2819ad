export * from './config.js';
export * from './infrastructure.js';
export * from './run-service.js';
export * from './start-service.js';
export * from './print-openapi.js';
