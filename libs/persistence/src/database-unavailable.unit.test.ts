import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable.js';

/** What the pg driver throws for an error the server sent (a DatabaseError). */
const serverError = (code: string, message: string) =>
  Object.assign(new Error(message), { code, severity: 'FATAL', name: 'error' });
/** What Node throws for a socket that failed. */
const socketError = (code: string, syscall: string, message = `${syscall} ${code}`) =>
  Object.assign(new Error(message), { code, syscall, errno: -1 });
/** PrismaClientKnownRequestError's shape. */
const prismaError = (code: string, meta: Record<string, unknown> = {}) =>
  Object.assign(new Error(`prisma ${code}`), { name: 'PrismaClientKnownRequestError', code, meta });
/** @prisma/adapter-pg's DriverAdapterError: the failure described in its cause. */
const adapterError = (cause: Record<string, unknown>) =>
  Object.assign(new Error(String(cause.kind)), { name: 'DriverAdapterError', cause });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['admin shutdown', serverError('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown', serverError('57P02', 'terminating connection because of crash of another server process')],
    ['cannot connect now', serverError('57P03', 'the database system is shutting down')],
    ['a connection exception', serverError('08006', 'connection failure')],
    ['too many connections', serverError('53300', 'sorry, too many clients already')],
    ['a refused connection', socketError('ECONNREFUSED', 'connect', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a missing Unix socket', socketError('ENOENT', 'connect', 'connect ENOENT /var/run/postgresql/.s.PGSQL.5432')],
    ['a reset connection', socketError('ECONNRESET', 'read')],
    ['a timed-out connection', socketError('ETIMEDOUT', 'connect')],
    ['a broken pipe', socketError('EPIPE', 'write')],
    ['a connection ended by the server', new Error('Connection terminated unexpectedly')],
    ["the pool's connection timeout", new Error('timeout exceeded when trying to connect')],
    ['a client that lost its connection', new Error('Client has encountered a connection error and is not queryable')],
    ['Prisma: server unreachable', prismaError('P1001')],
    ['Prisma: connection timed out', prismaError('P1002')],
    ['Prisma: connection closed', prismaError('P1017')],
    [
      'Prisma: a missing Unix socket (the code kept, the syscall lost)',
      Object.assign(prismaError('ENOENT'), {
        message: 'Invalid `prisma.order.findMany()` invocation:\n\nconnect ENOENT /tmp/x/.s.PGSQL.5432',
      }),
    ],
    ['Prisma: raw query on a dropped connection', prismaError('P2010', { code: '57P01' })],
    [
      'Prisma: a database error its adapter reported',
      prismaError('P2039', {
        driverAdapterError: adapterError({ kind: 'postgres', code: '57P01', originalCode: '57P01' }),
      }),
    ],
    ['an adapter that cannot reach the server', adapterError({ kind: 'DatabaseNotReachable', host: 'db', port: 5432 })],
    [
      'an adapter refused for too many connections',
      adapterError({ kind: 'TooManyConnections', originalCode: '53300' }),
    ],
    [
      'an outage wrapped as a cause',
      new Error('placing the order failed', { cause: socketError('ECONNRESET', 'read') }),
    ],
  ])('treats %s as the database being unavailable', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', serverError('23505', 'duplicate key value violates unique constraint')],
    ['a bad value', serverError('22P02', 'invalid input syntax for type uuid')],
    ['a missing file', socketError('ENOENT', 'open', "ENOENT: no such file or directory, open 'key.pem'")],
    ['Prisma: a unique violation', prismaError('P2002')],
    [
      'Prisma: a missing table its adapter reported',
      prismaError('P2039', {
        driverAdapterError: adapterError({ kind: 'postgres', code: '42P01', originalCode: '42P01' }),
      }),
    ],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a string', 'down'],
    ['nothing', undefined],
  ])('treats %s as no outage', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
