export * from './connection.js';
export * from './database-unavailable.js';
export * from './filters.js';
export * from './keyset.js';
export * from './listen-connection.js';
export * from './migrate.js';
export * from './sql.js';
