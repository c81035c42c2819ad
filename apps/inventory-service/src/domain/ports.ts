import type { Hold } from './hold.js';
import type { NewProduct, Product, ProductChanges, ProductStatus } from './product.js';
import type { StockLevel, StockMovement } from './stock.js';

/**
 * What the use cases need from storage, in domain terms. Every method runs inside the caller's
 * transaction; the Prisma adapters in src/persistence implement them.
 */

export interface StockStore {
  /**
   * Locks the products' rows (FOR UPDATE) in product-id order — the one order every writer uses,
   * so two transactions never wait on each other in a cycle — and returns what they hold.
   * Unknown ids are simply absent.
   */
  lock(productIds: readonly string[]): Promise<StockLevel[]>;
  /** Applies movements to rows this transaction has locked; throws if one would break stock ≥ reserved ≥ 0. */
  move(movements: readonly StockMovement[]): Promise<void>;
}

export interface HoldStore {
  /** Locks every line of an order's reservation (FOR UPDATE, product-id order); [] if it has none. */
  lockOrder(orderId: string): Promise<Hold[]>;
  /** lockOrder for several orders at once (order-id, then product-id order): each order's lines, [] for none. */
  lockOrders(orderIds: readonly string[]): Promise<Map<string, Hold[]>>;
  /** As lockOrder, but gives up (null) when another transaction holds any of the order's lines. */
  tryLockOrder(orderId: string): Promise<Hold[] | null>;
  /** Orders with a live hold past its deadline, oldest first. */
  lapsedOrders(now: Date, limit: number): Promise<string[]>;
}

export interface ProductFilter {
  readonly category?: string | undefined;
  readonly status?: ProductStatus | undefined;
}

/** A position in the (created_at, product_id) descending order; createdAt keeps Postgres's microseconds. */
export interface ProductPosition {
  readonly createdAt: string;
  readonly productId: string;
}

export interface ProductPage {
  readonly products: readonly Product[];
  /** Position of the last product returned, when more follow. */
  readonly next: ProductPosition | null;
}

export interface StockAdjustmentRecord {
  readonly productId: string;
  readonly delta: number;
  readonly reason: string;
  readonly actorId: string;
}

export interface ProductRepository {
  /** null when the SKU is taken. */
  insert(product: NewProduct): Promise<Product | null>;
  findById(productId: string): Promise<Product | null>;
  findBySku(sku: string): Promise<Product | null>;
  /** null when there is no such product. */
  update(productId: string, changes: ProductChanges): Promise<Product | null>;
  recordAdjustment(adjustment: StockAdjustmentRecord): Promise<void>;
  page(filter: ProductFilter, after: ProductPosition | null, limit: number): Promise<ProductPage>;
}
