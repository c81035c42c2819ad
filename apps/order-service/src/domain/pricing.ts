/** Prices an order in integer cents. Pure; rates come in as arguments. */
export interface PricedLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export interface PricingRules {
  /** Tax in basis points of the discounted subtotal (880 = 8.8 %). */
  readonly taxRateBps: number;
  readonly shippingCents: number;
  /** Orders whose discounted subtotal reaches this ship free; undefined: never. */
  readonly freeShippingFromCents?: number;
}

export interface OrderTotals {
  readonly lines: readonly (PricedLine & { totalCents: number })[];
  readonly subtotalCents: number;
  readonly discountCents: number;
  readonly taxCents: number;
  readonly shippingCents: number;
  readonly totalCents: number;
}

/** The largest amount an order or a line can carry: its cents are stored in INTEGER columns. */
export const largestOrderCents = 2_147_483_647;

/** True when every amount of the priced order fits its column (else the order must be refused, not written). */
export const withinOrderLimit = (totals: OrderTotals): boolean =>
  totals.totalCents <= largestOrderCents &&
  totals.subtotalCents <= largestOrderCents &&
  totals.lines.every((l) => l.totalCents <= largestOrderCents);

/** Rounds a non-negative rational numerator/denominator to the nearest integer, halves up. */
const roundHalfUp = (numerator: number, denominator: number): number =>
  Math.floor((2 * numerator + denominator) / (2 * denominator));

export function priceOrder(lines: readonly PricedLine[], rules: PricingRules, discountCents = 0): OrderTotals {
  const priced = lines.map((l) => ({ ...l, totalCents: l.unitPriceCents * l.quantity }));
  const subtotalCents = priced.reduce((sum, l) => sum + l.totalCents, 0);
  const discount = Math.min(discountCents, subtotalCents);
  const taxable = subtotalCents - discount;
  const taxCents = roundHalfUp(taxable * rules.taxRateBps, 10_000);
  const freeShipping = rules.freeShippingFromCents !== undefined && taxable >= rules.freeShippingFromCents;
  const shippingCents = freeShipping ? 0 : rules.shippingCents;
  return {
    lines: priced,
    subtotalCents,
    discountCents: discount,
    taxCents,
    shippingCents,
    totalCents: taxable + taxCents + shippingCents,
  };
}
