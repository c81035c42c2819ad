/**
 * Money is integer cents behind the API and a decimal number of the currency's unit on the wire
 * (seed §3.3: 29.99). Both directions are exact for amounts of at most two decimals.
 */
export const centsToDecimal = (cents: number): number => cents / 100;

/** A decimal already validated to have at most two places (29.99 → 2999, never 2998). */
export const decimalToCents = (amount: number): number => Math.round(amount * 100);
