/** The Idempotency-Key records beyond the one an order is written with (see PendingOrders). */
export interface IdempotencyKeys {
  /** Deletes the keys that expired before `now`; how many. */
  purgeExpired(now: Date): Promise<number>;
  /** Deletes every key of a caller, with the responses they stored (an erased user's addresses). */
  forgetCaller(callerId: string): Promise<void>;
}
