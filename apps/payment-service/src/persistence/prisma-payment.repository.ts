import type { OrderSignals, Payment } from '../domain/payment.js';
import type { AttemptRecord, OrderSignal, PaymentRepository } from '../domain/payment.repository.port.js';
import { workingStatuses } from '../domain/payment-state-machine.js';
import type { Prisma } from '../generated/prisma/client.js';
import { toDomain, toNewRow, toPersistence } from './payment.mapper.js';

export type PaymentTx = Prisma.TransactionClient;

/** The NOTIFY channel that wakes the authorization workers of one schema. */
export const workChannel = (schema: string): string => `payments_work_${schema}`;

/** The Prisma adapter of the repository port, bound to one transaction. */
export function prismaPaymentRepository(tx: PaymentTx, schema: string): PaymentRepository {
  const lockRow = (column: 'order_id' | 'payment_id', id: string) =>
    tx.$queryRawUnsafe<{ payment_id: string }[]>(`SELECT payment_id::text FROM payments WHERE ${column} = $1::uuid FOR UPDATE`, id);

  return {
    async lockOrder(orderId) {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `payments.order:${orderId}`);
    },
    async findByOrderForUpdate(orderId) {
      const [locked] = await lockRow('order_id', orderId);
      if (!locked) return null;
      return toDomain(await tx.payment.findUniqueOrThrow({ where: { paymentId: locked.payment_id } }));
    },
    async findForUpdate(paymentId) {
      const [locked] = await lockRow('payment_id', paymentId);
      if (!locked) return null;
      return toDomain(await tx.payment.findUniqueOrThrow({ where: { paymentId } }));
    },
    async insert(payment, at) {
      await tx.payment.create({ data: toNewRow(payment, at) });
    },
    async save(payment, at) {
      await tx.payment.update({ where: { paymentId: payment.paymentId }, data: { ...toPersistence(payment), updatedAt: at } });
    },
    async recordSignal(orderId, signal: OrderSignal, at) {
      const fields =
        signal.type === 'inventory_reserved'
          ? { inventoryReservedAt: at, reservationExpiresAt: signal.expiresAt }
          : { orderCancelledAt: at };
      await tx.orderSignal.upsert({ where: { orderId }, create: { orderId, ...fields }, update: fields });
    },
    async takeSignals(orderId): Promise<OrderSignals | null> {
      const row = await tx.orderSignal.findUnique({ where: { orderId } });
      if (!row) return null;
      await tx.orderSignal.delete({ where: { orderId } });
      return { inventoryReserved: row.inventoryReservedAt !== null, orderCancelled: row.orderCancelledAt !== null };
    },
    async claimDue(now, limit): Promise<Payment[]> {
      const ids = await tx.$queryRawUnsafe<{ payment_id: string }[]>(
        `SELECT payment_id::text FROM payments
          WHERE next_attempt_at <= $1::timestamptz AND status = ANY($2::text[])
          ORDER BY next_attempt_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED`,
        now.toISOString(),
        workingStatuses,
        limit,
      );
      if (ids.length === 0) return [];
      const rows = await tx.payment.findMany({ where: { paymentId: { in: ids.map((r) => r.payment_id) } }, orderBy: { nextAttemptAt: 'asc' } });
      return rows.map(toDomain);
    },
    async recordAttempt(attempt: AttemptRecord) {
      await tx.paymentAttempt.create({
        data: {
          paymentId: attempt.paymentId,
          operation: attempt.operation,
          outcome: attempt.outcome,
          errorCode: attempt.errorCode,
          latencyMs: attempt.latencyMs,
          createdAt: attempt.at,
        },
      });
    },
    async wakeWorkers() {
      await tx.$executeRawUnsafe(`SELECT pg_notify($1, '')`, workChannel(schema));
    },
  };
}
