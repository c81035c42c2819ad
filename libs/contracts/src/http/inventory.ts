import { z } from 'zod';
import { IsoDateTime, Uuid } from '../events/common.js';

/**
 * The inventory service's HTTP contract (docs/api.md): snake_case JSON, money as a decimal
 * number of the currency's unit (29.99) on the wire and integer cents everywhere behind it.
 */

export const ProductStatus = z.enum(['active', 'inactive', 'discontinued']);
export type ProductStatus = z.infer<typeof ProductStatus>;

/** Prices fit the INTEGER cents column with room to spare. */
const MAX_PRICE = 1_000_000;
/** Stock counts and deltas fit Postgres INTEGER. */
const MAX_UNITS = 2_147_483_647;

/**
 * A price as the client wrote it: at most two decimals. `String(n)` is the shortest decimal that
 * reads back as the same double, i.e. what the JSON said, so 29.99 passes and 29.999 does not.
 */
export const Price = z
  .number()
  .nonnegative()
  .max(MAX_PRICE)
  .refine((n) => /^\d+(\.\d{1,2})?$/.test(String(n)), { message: 'Price must have at most 2 decimal places' });

const Sku = z.string().trim().min(1).max(100).regex(/^\S+$/, 'SKU must not contain whitespace');
const Name = z.string().trim().min(1).max(255);
const Description = z.string().max(10_000);
const Category = z.string().trim().min(1).max(100);
const Attributes = z.record(z.string(), z.unknown());
const Images = z.array(z.url({ protocol: /^https?$/ })).max(50);

export const CreateProductBody = z
  .object({
    sku: Sku,
    name: Name,
    description: Description.optional(),
    category: Category.optional(),
    price: Price,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'ISO 4217 code in capitals')
      .default('USD'),
    status: ProductStatus.default('active'),
    attributes: Attributes.optional(),
    images: Images.optional(),
    initial_stock: z.number().int().min(0).max(MAX_UNITS).default(0),
  })
  .strict();
export type CreateProductBody = z.infer<typeof CreateProductBody>;

/** Any subset of the editable fields, at least one; `null` clears description or category. */
export const UpdateProductBody = z
  .object({
    name: Name,
    description: Description.nullable(),
    category: Category.nullable(),
    price: Price,
    status: ProductStatus,
    attributes: Attributes,
    images: Images,
  })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one field to change' });
export type UpdateProductBody = z.infer<typeof UpdateProductBody>;

export const AdjustStockBody = z
  .object({
    delta: z
      .number()
      .int()
      .min(-MAX_UNITS)
      .max(MAX_UNITS)
      .refine((d) => d !== 0, { message: 'delta must not be 0' }),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();
export type AdjustStockBody = z.infer<typeof AdjustStockBody>;

export const ProductParams = z.object({ id: Uuid }).strict();
export type ProductParams = z.infer<typeof ProductParams>;

export const ListProductsQuery = z
  .object({
    category: Category.optional(),
    status: ProductStatus.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict();
export type ListProductsQuery = z.infer<typeof ListProductsQuery>;

const StockLevels = z.object({
  on_hand: z.number().int().nonnegative(),
  reserved: z.number().int().nonnegative(),
  available: z.number().int().nonnegative(),
});

/** Fewer units available than this is `low_stock`. */
export const LOW_STOCK_BELOW = 10;

/** How much of a product can be had, for callers who see no counts (docs/api.md). */
export const Availability = z
  .enum(['in_stock', 'low_stock', 'out_of_stock'])
  .describe(`out_of_stock: none available; low_stock: fewer than ${LOW_STOCK_BELOW}; in_stock: otherwise`);
export type Availability = z.infer<typeof Availability>;

/** What every reader is told of a product. */
const ProductFields = z.object({
  product_id: Uuid,
  sku: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  price: z.number().nonnegative(),
  currency: z.string().length(3),
  status: ProductStatus,
  attributes: Attributes,
  images: z.array(z.string()),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});

export const ProductResponse = ProductFields.extend({ stock: StockLevels }).describe(
  'A product as support and admins see it: any status, with its stock counts',
);
export type ProductResponse = z.infer<typeof ProductResponse>;

export const PublicProductResponse = ProductFields.extend({
  status: z.literal('active'),
  availability: Availability,
}).describe('A product as anyone else sees it (no token, customers, partners): active only, no counts');
export type PublicProductResponse = z.infer<typeof PublicProductResponse>;

/** What reading one product answers: the view of the caller's audience. */
export const ProductViewResponse = z.union([ProductResponse, PublicProductResponse]);
export type ProductViewResponse = z.infer<typeof ProductViewResponse>;

/** Cursor pagination: `next_cursor` is null on the last page. */
const Pagination = z.object({ next_cursor: z.string().nullable(), has_more: z.boolean() });

export const ProductListResponse = z.object({ data: z.array(ProductResponse), pagination: Pagination });
export type ProductListResponse = z.infer<typeof ProductListResponse>;

export const PublicProductListResponse = z.object({ data: z.array(PublicProductResponse), pagination: Pagination });
export type PublicProductListResponse = z.infer<typeof PublicProductListResponse>;

/** What listing the catalogue answers: one page in the view of the caller's audience. */
export const ProductViewListResponse = z.union([ProductListResponse, PublicProductListResponse]);
export type ProductViewListResponse = z.infer<typeof ProductViewListResponse>;
