import { amountToCents, centsToAmount, type InventoryHttp } from '@shop/contracts';
import { availabilityOf } from '../domain/catalogue-audience.js';
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

/** The staff view (support, admins), and what every write answers: any status, with the counts. */
export function toResponse(p: Product): InventoryHttp.ProductResponse {
  const stock = stockOf(p);
  return { ...detailsOf(p), stock: { on_hand: stock.onHand, reserved: stock.reserved, available: stock.available } };
}

/** The public view: an active product and its availability, never a count. */
export function toPublicResponse(p: Product): InventoryHttp.PublicProductResponse {
  if (p.status !== 'active') throw new Error(`product ${p.productId} is ${p.status}: not for the public view`);
  return { ...detailsOf(p), status: p.status, availability: availabilityOf(p) };
}

function detailsOf(p: Product) {
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
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}
