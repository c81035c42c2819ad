import { z } from 'zod';
import { amountToCents, centsToAmount, type InventoryHttp } from '@shop/contracts';
import { decodeCursor, encodeCursor } from '@shop/http';
import { isValidPosition } from '@shop/persistence';
import type { ProductPosition } from '../domain/product.port.js';
import { stockOf, type NewProduct, type Product, type ProductChanges } from '../domain/product.js';

/** HTTP body ↔ domain: snake_case and decimal money outside, camelCase and cents inside. */

export function toNewProduct(body: InventoryHttp.CreateProductBody): NewProduct {
  return {
    sku: body.sku,
    name: body.name,
    description: body.description ?? null,
    category: body.category ?? null,
    priceCents: amountToCents(body.price),
    currency: body.currency,
    status: body.status,
    attributes: body.attributes ?? {},
    images: body.images ?? [],
    initialStock: body.initial_stock,
  };
}

export function toChanges(body: InventoryHttp.UpdateProductBody): ProductChanges {
  const { price, ...rest } = body;
  return { ...rest, ...(price !== undefined ? { priceCents: amountToCents(price) } : {}) };
}

export function toResponse(p: Product): InventoryHttp.ProductResponse {
  const stock = stockOf(p);
  return {
    product_id: p.productId,
    sku: p.sku,
    name: p.name,
    description: p.description,
    category: p.category,
    price: centsToAmount(p.priceCents),
    currency: p.currency,
    status: p.status,
    attributes: p.attributes,
    images: [...p.images],
    stock: { on_hand: stock.onHand, reserved: stock.reserved, available: stock.available },
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

/** A cursor names a row by its created_at as Postgres's microsecond text, and its id. */
const Position = z
  .object({ created_at: z.iso.datetime(), product_id: z.uuid() })
  .strict()
  .refine((p) => isValidPosition('timestamptz', { value: p.created_at, id: p.product_id }));

export const encodePosition = (p: ProductPosition): string =>
  encodeCursor({ created_at: p.createdAt, product_id: p.productId });

export function decodePosition(cursor: string): ProductPosition {
  const position = decodeCursor(cursor, Position);
  return { createdAt: position.created_at, productId: position.product_id };
}
