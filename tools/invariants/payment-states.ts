/** Payment statuses under which the provider holds the customer's money (an authorization or a capture). */
export const moneyHeldStatuses = ['authorized', 'capturing', 'captured'] as const;

/** Order statuses that may keep an authorization or a capture: the saga confirmed them. */
export const chargeableOrderStatuses: ReadonlySet<string> = new Set([
  'confirmed',
  'processing',
  'shipped',
  'delivered',
]);

/** The order id of every given order, with its status (absent: no such order). */
export type OrderStatusById = ReadonlyMap<string, string>;
