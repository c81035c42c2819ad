import { Filters, keysetPage, newestFirst, type Sql } from '@shop/persistence';
import type {
  AttemptView,
  PaymentQueries,
  PaymentRecord,
  PaymentWithAttempts,
} from '../domain/payment-queries.port.js';
import type { Payment as PaymentRow } from '../generated/prisma/client.js';
import { paymentColumns, toDomain, type PaymentFields } from './payment.mapper.js';
import type { PaymentPrisma } from './prisma.js';

type RecordFields = PaymentFields & Pick<PaymentRecord, 'gateway' | 'createdAt' | 'updatedAt'>;

/**
 * The read side: one payment by id and a user's export through Prisma (reads of one thing, outside
 * any transaction), the list as a keyset page in SQL on the pool.
 */
export function paymentQueries(prisma: PaymentPrisma, sql: Sql): PaymentQueries {
  const get = async (paymentId: string): Promise<PaymentWithAttempts | null> => {
    const row = await prisma.payment.findUnique({
      where: { paymentId },
      include: { attempts: { orderBy: [{ createdAt: 'asc' }, { attemptId: 'asc' }] } },
    });
    if (!row) return null;
    const attempts = row.attempts.map((a) => ({
      attemptId: a.attemptId,
      paymentId: a.paymentId,
      operation: a.operation as AttemptView['operation'],
      outcome: a.outcome as AttemptView['outcome'],
      errorCode: a.errorCode,
      latencyMs: a.latencyMs,
      at: a.createdAt,
    }));
    return { payment: toRecord(row), attempts };
  };

  return {
    get,
    async list({ orderId, status, limit, after }) {
      const filters = new Filters()
        .add((p) => `p.order_id = ${p}::uuid`, orderId)
        .add((p) => `p.status = ${p}`, status);
      const order = newestFirst('p.created_at', 'p.payment_id');
      const select = `${paymentColumns}, p.gateway AS "gateway",
        p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;
      return keysetPage(
        sql,
        { select, from: 'payments p', ...filters, ...order, after: after ?? null, limit },
        toRecord,
      );
    },
    async ofUser(userId) {
      const ids = await prisma.payment.findMany({
        where: { userId },
        select: { paymentId: true },
        orderBy: [{ createdAt: 'asc' }, { paymentId: 'asc' }],
      });
      const payments: PaymentWithAttempts[] = [];
      // One at a time: a customer has few payments, and an export should not take the pool from the saga.
      for (const { paymentId } of ids) {
        const found = await get(paymentId);
        if (found) payments.push(found);
      }
      return payments;
    },
  };
}

function toRecord(row: RecordFields | PaymentRow): PaymentRecord {
  return { ...toDomain(row), gateway: row.gateway, createdAt: row.createdAt, updatedAt: row.updatedAt };
}
