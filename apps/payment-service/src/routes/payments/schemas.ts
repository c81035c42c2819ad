import { z } from 'zod';

// The request and response shapes are the platform's contract (libs/contracts/src/http/payments.ts).
export { ErrorEnvelope, PaymentListQuery, PaymentListResponse, PaymentParams, PaymentResponse } from '@shop/contracts';

/** What an opaque list cursor holds: the last row's sort key (created_at desc, payment_id desc). */
export const PaymentCursor = z.object({ created_at: z.iso.datetime(), payment_id: z.uuid() }).strict();
