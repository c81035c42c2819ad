/** A user's contact as the users.events replica holds it. */
export interface ContactRow {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
}

/** The contact as a GDPR export shows it: with when the replica last changed. */
export interface StoredContact extends ContactRow {
  readonly updatedAt: Date;
}

export interface OrderLineRow {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

/** Which user an order belongs to; lines and total when the event carries them (OrderPlaced). */
export interface OrderRecipientRow {
  readonly orderId: string;
  readonly userId: string;
  readonly lines?: readonly OrderLineRow[];
  readonly totalCents?: number;
  readonly currency?: string;
}
