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

/** The replica of the inventory's catalogue, fed by ProductUpserted. */
export interface CatalogueReplica {
  /** The products with these ids; an unknown id is simply absent. */
  find(productIds: readonly string[]): Promise<CatalogueProduct[]>;
  /** Inserts or replaces a product (the catalogue's latest word wins). */
  upsert(product: CatalogueProduct): Promise<void>;
}
