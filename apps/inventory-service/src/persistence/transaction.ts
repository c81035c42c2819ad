import type { RunInTransaction } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import type { Prisma } from '../generated/prisma/client.js';
import type { InventoryPrisma } from './prisma.js';

/** A Prisma interactive transaction: what the repositories and the outbox write through. */
export type InventoryTx = Prisma.TransactionClient;

/**
 * What the stock and hold stores need: SQL in the caller's transaction — pg directly for the saga
 * (transactions: Prisma's interactive transaction cost CPU per statement on the hot path), a
 * Prisma transaction for the admin product paths.
 */
export type StockSql = Sql;

/**
 * Runs work in one interactive transaction (READ COMMITTED). A hot product makes reservations
 * queue on its row lock, so the wait for a connection and the transaction's own limit are
 * generous rather than Prisma's 2 s / 5 s defaults; a lock cycle cannot happen (rows are always
 * locked in product-id order), so a long wait is a queue, not a deadlock.
 */
export function transactional(prisma: InventoryPrisma): RunInTransaction<InventoryTx> {
  return (work) => prisma.$transaction(work, { maxWait: 10_000, timeout: 20_000 });
}
