import { z } from 'zod';
import { baseConfigSchema } from '@shop/runtime';

export const orderConfigSchema = baseConfigSchema.extend({
  TAX_RATE_BPS: z.coerce.number().int().min(0).max(10_000).default(880),
  SHIPPING_CENTS: z.coerce.number().int().min(0).default(599),
  FREE_SHIPPING_FROM_CENTS: z.coerce.number().int().min(0).optional(),
  CANCELLATION_WINDOW_MINUTES: z.coerce.number().int().min(0).default(60),
  DELIVERY_DAYS: z.coerce.number().int().min(0).default(5),
  ORDER_WAIT_DEFAULT_MS: z.coerce.number().int().min(0).default(2000),
  ORDER_WAIT_MAX_MS: z.coerce.number().int().min(0).default(10_000),
  /** The payment service's card-token public key (X25519 SPKI PEM) or a file holding it; default: .dev-keys/. */
  CARD_TOKEN_PUBLIC_KEY: z.string().optional(),
  CARD_TOKEN_PUBLIC_KEY_FILE: z.string().optional(),
});
export type OrderConfig = z.infer<typeof orderConfigSchema>;
