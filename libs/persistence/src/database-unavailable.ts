/**
 * Errors that say the database cannot be reached or cannot take the statement right now — a server
 * restarting or shutting down, a connection refused, reset or dropped, no connection to be had —
 * as opposed to errors that say the statement or its data is wrong. An HTTP request that meets one
 * is answered 503 with Retry-After: the same request succeeds once the database is back.
 */

// Socket errors of a connection to the server, or of the attempt to open one.
const connectionNodeCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
// ENOENT is also any missing file: it names the database only when connecting to a Unix socket.
const connectSyscallCodes = new Set(['ENOENT']);
// SQLSTATEs: connection exceptions (class 08), admin/crash shutdown, cannot connect now (starting
// up, shutting down, in recovery), too many connections.
const unavailableSqlStates = /^(08...|57P01|57P02|57P03|53300)$/;
// Prisma: server unreachable, connection timed out, operation timed out, connection closed, pool
// timeout, too many connections.
const unavailablePrismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
// Prisma's driver adapters describe the failure by kind (DriverAdapterError's cause).
const unavailableAdapterKinds = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
// What the drivers say when the connection is gone, the server is not up (yet), or the pool has
// no connection to give within its connection timeout. Prisma keeps a socket error's code but not
// its syscall, and ends its message with the driver's ("connect ENOENT /path/.s.PGSQL.5432").
const unavailableMessages = new RegExp(
  'Connection terminated|connection (is )?closed|not queryable|terminating connection|' +
    "the database system is (starting up|shutting down|in recovery mode)|Can't reach database server|" +
    'timeout exceeded when trying to connect|connect (ENOENT|ECONNREFUSED) ',
  'i',
);

interface ErrorShape {
  readonly code?: unknown;
  readonly originalCode?: unknown;
  readonly syscall?: unknown;
  readonly kind?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly meta?: { readonly code?: unknown; readonly driverAdapterError?: unknown };
  readonly errors?: unknown;
}

const isString = (value: unknown): value is string => typeof value === 'string';

function saysUnavailable(error: ErrorShape): boolean {
  const { code, originalCode, syscall, kind, message } = error;
  if (isString(code)) {
    if (connectionNodeCodes.has(code) || unavailablePrismaCodes.has(code)) return true;
    if (connectSyscallCodes.has(code) && syscall === 'connect') return true;
    if (unavailableSqlStates.test(code)) return true;
  }
  if (isString(originalCode) && unavailableSqlStates.test(originalCode)) return true;
  if (isString(kind) && unavailableAdapterKinds.has(kind)) return true;
  // Prisma keeps the database's SQLSTATE of a failed raw query (P2010) in meta.code.
  const rawQueryState = error.meta?.code;
  if (isString(rawQueryState) && unavailableSqlStates.test(rawQueryState)) return true;
  return isString(message) && unavailableMessages.test(message);
}

/** Whether `error`, or what it wraps (cause, Prisma's driver adapter error, an aggregate), is an outage. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const shape = error as ErrorShape;
  if (saysUnavailable(shape)) return true;
  const wrapped = [shape.cause, shape.meta?.driverAdapterError, ...(Array.isArray(shape.errors) ? shape.errors : [])];
  return wrapped.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}
