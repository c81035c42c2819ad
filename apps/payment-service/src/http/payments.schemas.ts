import { z } from 'zod';
import { isValidPosition } from '@shop/persistence';

// The request and response shapes are the platform's contract (libs/contracts/src/http/payments.ts).
export { ErrorEnvelope, PaymentListQuery, PaymentListResponse, PaymentParams, PaymentResponse } from '@shop/contracts';

/**
 * What an opaque list cursor holds: the last row's sort key (created_at desc, payment_id desc),
 * the time as Postgres printed it (microseconds). Anything else is a bad cursor (400).
 */
export const PaymentCursor = z
  .object({ created_at: z.string(), payment_id: z.uuid() })
  .strict()
  .refine((c) => isValidPosition('timestamptz', { value: c.created_at, id: c.payment_id }));
