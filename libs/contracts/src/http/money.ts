import { z } from 'zod';

/** Cents → the API's decimal rendering (114.76). Integer cents are exact; the division is for display only. */
export const centsToAmount = (cents: number): number => cents / 100;

/** A decimal amount as clients send it (29.99): non-negative, at most two decimals. */
export const Amount = z
  .number()
  .nonnegative()
  .max(1_000_000)
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'at most two decimal places');

/** The exact cents of a validated Amount (29.99 → 2999, never 2998.9999). */
export const amountToCents = (amount: number): number => Math.round(amount * 100);
