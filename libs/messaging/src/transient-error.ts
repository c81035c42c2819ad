/**
 * Errors that say the infrastructure is briefly away (database restarting, connection dropped,
 * deadlock or serialization conflict), not that the message is bad. A consumer retries these for
 * as long as it takes instead of dead-lettering: a database outage must delay the saga, never
 * drop its events.
 */
const transientNodeCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
// PostgreSQL SQLSTATEs: connection exceptions (08*), admin/crash shutdown, too many connections,
// serialization failure and deadlock (safe to retry as a whole transaction).
const transientSqlStates = /^(08...|57P01|57P02|57P03|53300|40001|40P01)$/;
// Prisma's codes for an unreachable database, a closed connection, a pool timeout, and an interactive
// transaction that could not start or finish in time (P2028: a saturated pool or a queue on a hot row).
const transientPrismaCodes = new Set(['P1001', 'P1002', 'P1017', 'P2024', 'P2028', 'P2034']);
// What drivers say when the connection is gone or the server is not up (yet).
const transientMessages = new RegExp(
  'Connection terminated|connection (is )?closed|not queryable|terminating connection|' +
    "the database system is (starting up|shutting down)|Can't reach database server|" +
    'timeout exceeded when trying to connect',
  'i',
);

export function isTransientError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, cause, message, meta } = error as {
    code?: unknown;
    cause?: unknown;
    message?: unknown;
    meta?: { code?: unknown };
  };
  if (
    typeof code === 'string' &&
    (transientNodeCodes.has(code) || transientSqlStates.test(code) || transientPrismaCodes.has(code))
  )
    return true;
  // Prisma wraps a failed raw query as P2010 and keeps the database's SQLSTATE in meta.code.
  if (typeof meta?.code === 'string' && transientSqlStates.test(meta.code)) return true;
  if (typeof message === 'string' && transientMessages.test(message)) {
    return true;
  }
  return isTransientError(cause, depth + 1);
}
