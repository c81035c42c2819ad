import { z } from 'zod';
import { baseConfigSchema } from '@shop/runtime';

/** The inventory service's environment: the shared keys plus how long a hold lives and how often expiry runs. */
export const inventoryConfigSchema = baseConfigSchema.extend({
  /** A hold not confirmed within this many seconds is released by the sweeper (default: 15 minutes). */
  RESERVATION_TTL_SECONDS: z.coerce.number().int().positive().default(900),
  /** How often the sweeper looks for holds past their expiry. */
  RESERVATION_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(5000),
});

export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;
