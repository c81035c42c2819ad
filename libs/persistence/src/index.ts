export * from './connection.js';
export * from './migrate.js';
