/** A product as the order service's catalogue replica holds it: what orders are priced from. */
export interface CatalogueProduct {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly category: string | null;
  readonly priceCents: number;
  readonly currency: string;
  readonly status: string;
  readonly updatedAt: Date;
}

/** A product as the catalogue announced it, with the catalogue's version of it (null: not announced). */
export interface ReplicatedProduct extends CatalogueProduct {
  readonly version: number | null;
}

/** The replica of the inventory's catalogue, fed by ProductUpserted. */
export interface CatalogueReplica {
  /** The products with these ids; an unknown id is simply absent. */
  find(productIds: readonly string[]): Promise<CatalogueProduct[]>;
  /**
   * Inserts a product, or replaces it when this version is newer than the one held (a product
   * held without a version takes any); false when the replica already held this or a newer one.
   */
  upsert(product: ReplicatedProduct): Promise<boolean>;
}
