import type { Page, PagePosition } from '@shop/contracts';
import type { NewProduct, Product, ProductChanges, ProductStatus } from './product.js';

export interface ProductFilter {
  readonly category?: string | undefined;
  readonly status?: ProductStatus | undefined;
}

export interface StockAdjustmentRecord {
  readonly productId: string;
  readonly delta: number;
  readonly reason: string;
  readonly actorId: string;
}

/** The catalogue inside the caller's transaction: every write, and the reads the writes decide on. */
export interface ProductRepository {
  /** null when the SKU is taken. */
  insert(product: NewProduct): Promise<Product | null>;
  findById(productId: string): Promise<Product | null>;
  findBySku(sku: string): Promise<Product | null>;
  /** null when there is no such product. */
  update(productId: string, changes: ProductChanges): Promise<Product | null>;
  recordAdjustment(adjustment: StockAdjustmentRecord): Promise<void>;
}

/** The catalogue as readers see it, outside any transaction. */
export interface ProductCatalogue {
  findById(productId: string): Promise<Product | null>;
  /** One page, newest first, strictly after the given position. */
  page(filter: ProductFilter, after: PagePosition | null, limit: number): Promise<Page<Product>>;
}
