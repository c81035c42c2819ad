import type { PaymentStatus } from '@shop/contracts';
import type { Payment } from '../domain/payment.js';
import type { AttemptRecord } from '../domain/payment.repository.port.js';
import type { Payment as PaymentRow, Prisma } from '../generated/prisma/client.js';
import { toDomain } from './payment.mapper.js';
import type { PaymentPrisma } from './prisma.js';

/** A payment as support reads it: the domain view plus its bookkeeping. */
export interface PaymentRecord extends Payment {
  readonly gateway: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface AttemptView extends AttemptRecord {
  readonly attemptId: string;
}

export interface PaymentListFilter {
  readonly orderId?: string;
  readonly status?: PaymentStatus;
  readonly limit: number;
  /** Keyset position: the last row of the previous page (newest first). */
  readonly after?: { readonly createdAt: Date; readonly paymentId: string };
}

/** The read side of the HTTP API (no locks, no transitions). */
export interface PaymentQueries {
  get(paymentId: string): Promise<{ payment: PaymentRecord; attempts: AttemptView[] } | null>;
  list(filter: PaymentListFilter): Promise<{ payments: PaymentRecord[]; hasMore: boolean }>;
}

export function prismaPaymentQueries(prisma: PaymentPrisma): PaymentQueries {
  return {
    async get(paymentId) {
      const row = await prisma.payment.findUnique({ where: { paymentId }, include: { attempts: { orderBy: [{ createdAt: 'asc' }, { attemptId: 'asc' }] } } });
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
    },
    async list({ orderId, status, limit, after }) {
      const where: Prisma.PaymentWhereInput = {
        ...(orderId ? { orderId } : {}),
        ...(status ? { status } : {}),
        ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, paymentId: { lt: after.paymentId } }] } : {}),
      };
      const rows = await prisma.payment.findMany({ where, orderBy: [{ createdAt: 'desc' }, { paymentId: 'desc' }], take: limit + 1 });
      return { payments: rows.slice(0, limit).map(toRecord), hasMore: rows.length > limit };
    },
  };
}

function toRecord(row: PaymentRow): PaymentRecord {
  return { ...toDomain(row), gateway: row.gateway, createdAt: row.createdAt, updatedAt: row.updatedAt };
}
