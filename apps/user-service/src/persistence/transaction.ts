import type { Prisma } from '../generated/prisma/client.js';
import type { UserPrisma } from './prisma.js';

/** The client or an interactive transaction: what repositories and the outbox write through. */
export type UserDb = Prisma.TransactionClient;

/** Runs work in one interactive transaction; domain rows and outbox rows commit together. */
export const inTransaction = <T>(prisma: UserPrisma, work: (tx: UserDb) => Promise<T>): Promise<T> => prisma.$transaction(work);

/** Microsecond ISO text of a timestamptz column: a JS Date would drop the last three digits and skip rows. */
export const isoMicros = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
