export interface OutcomeWatch {
  /** Resolves when the order reaches an outcome (or the listener lost its connection), or the time is up. */
  until(timeoutMs: number): Promise<void>;
  close(): void;
}

/** Tells a request waiting on an order when the saga decided it, whichever instance decided it. */
export interface OrderOutcomes {
  /**
   * Starts listening for one order's outcome. Taken before the order commits, it cannot miss the
   * outcome, so no read of the order is needed to start waiting. Close it when done with it.
   */
  watch(orderId: string): OutcomeWatch;
}
