import { z } from 'zod';
import { Topics } from '../topics.js';
import { defineEvent } from './define-event.js';
import { Cents, IsoDateTime, Uuid } from './common.js';

export const ProductUpserted = defineEvent(
  'com.shop.inventory.product-upserted.v1',
  Topics.inventory,
  z.object({
    product_id: Uuid,
    sku: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    price_cents: Cents,
    currency: z.string().length(3),
    status: z.enum(['active', 'inactive', 'discontinued']),
    // The product's version in the catalogue, raised by every change of its row: a replica applies an
    // event only when it is newer. Optional so that events announced before it existed still parse.
    version: z.number().int().nonnegative().optional(),
  }),
);

const ReservedLine = z.object({ product_id: Uuid, quantity: z.number().int().positive() });

export const InventoryReserved = defineEvent(
  'com.shop.inventory.reserved.v1',
  Topics.inventory,
  z.object({ order_id: Uuid, lines: z.array(ReservedLine).min(1), expires_at: IsoDateTime }),
);

export const InventoryReservationFailed = defineEvent(
  'com.shop.inventory.reservation-failed.v1',
  Topics.inventory,
  z.object({
    order_id: Uuid,
    reason: z.enum(['insufficient_inventory', 'unknown_product']),
    product_id: Uuid,
    requested: z.number().int().positive(),
    available: z.number().int().nonnegative(),
  }),
);

export const ReservationReleased = defineEvent(
  'com.shop.inventory.reservation-released.v1',
  Topics.inventory,
  z.object({ order_id: Uuid, reason: z.string() }),
);

export const ReservationExpired = defineEvent(
  'com.shop.inventory.reservation-expired.v1',
  Topics.inventory,
  z.object({ order_id: Uuid, expired_at: IsoDateTime }),
);
