import type { OrderStatus } from './order-status.js';

/** One line of an order, priced when it was placed. */
export interface OrderLine {
  readonly orderItemId: string;
  readonly orderId: string;
  readonly productId: string;
  readonly productName: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly discountCents: number;
  readonly totalCents: number;
  readonly createdAt: Date;
}

/** One step of the order's life, as its timeline shows it. */
export interface TimelineEntry {
  readonly orderId: string;
  readonly status: string;
  readonly note: string | null;
  readonly occurredAt: Date;
}

/** How the order is paid: the method's type, and once the payment is authorized, what identifies it. */
export interface PaymentMethodRecord {
  readonly type?: string;
  readonly display?: string | null;
  readonly transaction_id?: string | null;
}

/** Why the saga cancelled an order, as the service that refused said it (product, amounts, card code). */
export interface OrderMetadata {
  readonly failure?: Record<string, string | number>;
}

/** An order with its lines (oldest first) and its timeline (in order). */
export interface Order {
  readonly orderId: string;
  readonly userId: string;
  readonly status: OrderStatus;
  readonly subtotalCents: number;
  readonly discountCents: number;
  readonly taxCents: number;
  readonly shippingCents: number;
  readonly totalCents: number;
  readonly currency: string;
  readonly paymentStatus: string;
  readonly paymentMethod: PaymentMethodRecord;
  readonly promoCode: string | null;
  readonly shippingAddress: Readonly<Record<string, unknown>>;
  readonly billingAddress: Readonly<Record<string, unknown>> | null;
  readonly notes: string | null;
  readonly cancellationReason: string | null;
  readonly carrier: string | null;
  readonly trackingNumber: string | null;
  readonly estimatedDelivery: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly confirmedAt: Date | null;
  readonly shippedAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly metadata: OrderMetadata | null;
  readonly items: readonly OrderLine[];
  readonly timeline: readonly TimelineEntry[];
}

/** What a transition decides on: the order's status and what its events name. */
export interface OrderState {
  readonly orderId: string;
  readonly userId: string;
  readonly status: OrderStatus;
  readonly createdAt: Date;
  readonly totalCents: number;
  readonly currency: string;
}

/** An order as a list shows it. */
export interface OrderSummary {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly createdAt: Date;
  readonly totalCents: number;
  readonly itemsCount: number;
}
