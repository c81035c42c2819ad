import { z } from 'zod';
import { Topics } from '../topics.js';
import { defineEvent } from './define-event.js';
import { Cents, Uuid } from './common.js';

const PaymentRef = z.object({ order_id: Uuid, payment_id: Uuid, amount_cents: Cents, currency: z.string().length(3) });

export const PaymentAuthorized = defineEvent(
  'com.shop.payment.authorized.v1',
  Topics.payments,
  PaymentRef.extend({ transaction_id: z.string(), method: z.string() }),
);
export const PaymentFailed = defineEvent(
  'com.shop.payment.failed.v1',
  Topics.payments,
  PaymentRef.extend({
    code: z.enum(['card_declined', 'processing_error', 'provider_unavailable']),
    message: z.string(),
  }),
);
export const PaymentVoided = defineEvent('com.shop.payment.voided.v1', Topics.payments, PaymentRef);
export const PaymentCaptured = defineEvent('com.shop.payment.captured.v1', Topics.payments, PaymentRef);
export const PaymentRefunded = defineEvent('com.shop.payment.refunded.v1', Topics.payments, PaymentRef);
