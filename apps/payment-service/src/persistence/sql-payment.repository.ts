import type { OrderSignals, Payment } from '../domain/payment.js';
import type { AttemptRecord, OrderSignal, PaymentRepository } from '../domain/payment.repository.port.js';
import { workingStatuses } from '../domain/payment-state-machine.js';
import type { Prisma } from '../generated/prisma/client.js';
import { toDomain, toNewRow, toPersistence, type PaymentFields } from './payment.mapper.js';

export type PaymentTx = Prisma.TransactionClient;

/** The NOTIFY channel that wakes the authorization workers of one schema. */
export const workChannel = (schema: string): string => `payments_work_${schema}`;

/** The columns of PaymentFields, named as the Prisma model's fields. */
const paymentFields = [
  ['payment_id::text', 'paymentId'], ['order_id::text', 'orderId'], ['user_id::text', 'userId'], ['amount_cents', 'amountCents'],
  ['currency', 'currency'], ['payment_method', 'paymentMethod'], ['provider_token', 'providerToken'], ['status', 'status'],
  ['transaction_id', 'transactionId'], ['method_description', 'methodDescription'], ['attempt_count', 'attemptCount'],
  ['next_attempt_at', 'nextAttemptAt'], ['authorization_sent_at', 'authorizationSentAt'], ['cancel_requested_at', 'cancelRequestedAt'],
  ['failure_code', 'failureCode'], ['failure_message', 'failureMessage'], ['authorized_at', 'authorizedAt'], ['failed_at', 'failedAt'],
  ['cancelled_at', 'cancelledAt'], ['voided_at', 'voidedAt'], ['captured_at', 'capturedAt'], ['refunded_at', 'refundedAt'],
].map(([column, field]) => `${column} AS "${field}"`).join(', ');

/** The Prisma adapter of the repository port, bound to one transaction. */
export function prismaPaymentRepository(tx: PaymentTx, schema: string): PaymentRepository {
  // The row locked and read in one statement (Prisma has no FOR UPDATE), under the model's field names.
  const lockAndRead = async (column: 'order_id' | 'payment_id', id: string) => {
    const [row] = await tx.$queryRawUnsafe<PaymentFields[]>(`SELECT ${paymentFields} FROM payments WHERE ${column} = $1::uuid FOR UPDATE`, id);
    return row ? toDomain(row) : null;
  };

  return {
    async lockOrder(orderId) {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `payments.order:${orderId}`);
    },
    findByOrderForUpdate: (orderId) => lockAndRead('order_id', orderId),
    findForUpdate: (paymentId) => lockAndRead('payment_id', paymentId),
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
      const [row] = await tx.$queryRawUnsafe<{ reserved: boolean; cancelled: boolean }[]>(
        `DELETE FROM order_signals WHERE order_id = $1::uuid
         RETURNING inventory_reserved_at IS NOT NULL AS reserved, order_cancelled_at IS NOT NULL AS cancelled`,
        orderId,
      );
      return row ? { inventoryReserved: row.reserved, orderCancelled: row.cancelled } : null;
    },
    async claimDue(now, limit): Promise<Payment[]> {
      const rows = await tx.$queryRawUnsafe<PaymentFields[]>(
        `SELECT ${paymentFields} FROM payments
          WHERE next_attempt_at <= $1::timestamptz AND status = ANY($2::text[])
          ORDER BY next_attempt_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED`,
        now.toISOString(),
        workingStatuses,
        limit,
      );
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
