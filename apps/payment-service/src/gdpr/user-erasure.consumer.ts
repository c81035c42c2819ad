import { UserEvents } from '@shop/contracts';
import { exactlyOnce, on, type RunInTransaction, type Subscription } from '@shop/messaging';
import type { PaymentPrisma, PaymentPrismaTx } from '../persistence/prisma.js';
import { eraseUserPayments } from './erase-user-payments.js';

/** The inbox name of this consumer: its processed_events rows. */
const CONSUMER = 'payment-gdpr';

/** users.events → UserDeleted anonymises the user's payments, once per event (inbox in the same transaction). */
export function userErasureSubscriptions(deps: { readonly prisma: PaymentPrisma; readonly clock?: () => Date }): Subscription[] {
  const inTransaction: RunInTransaction<PaymentPrismaTx> = (work) => deps.prisma.$transaction(work);
  return [
    on(
      UserEvents.UserDeleted,
      exactlyOnce(CONSUMER, inTransaction, (tx, event) => eraseUserPayments(tx, event.data.user_id, deps.clock?.() ?? new Date())),
    ),
  ];
}
