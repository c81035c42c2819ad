import type { UserHttp } from '@shop/contracts';
import { prismaPaymentQueries } from '../persistence/payment-queries.js';
import type { PaymentPrisma } from '../persistence/prisma.js';
import { toPaymentResponse } from '../routes/payments/payment.response.js';

/** The payment service's share of a GDPR export: the payments of the user's orders, oldest first, each with its provider attempts. */
export async function exportUserPayments(prisma: PaymentPrisma, userId: string): Promise<UserHttp.PaymentsUserExport> {
  const queries = prismaPaymentQueries(prisma);
  const ids = await prisma.payment.findMany({ where: { userId }, select: { paymentId: true }, orderBy: [{ createdAt: 'asc' }, { paymentId: 'asc' }] });
  const payments: UserHttp.PaymentsUserExport['payments'] = [];
  // One at a time: a customer has few payments, and an export should not take the pool from the saga.
  for (const { paymentId } of ids) {
    const found = await queries.get(paymentId);
    if (found) payments.push(toPaymentResponse(found.payment, found.attempts));
  }
  return { payments };
}
