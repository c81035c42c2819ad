import { createRequire } from 'node:module';

/** The part of kafkajs's per-connection request queue this fix touches (kafkajs 2.2.4, src/network/requestQueue). */
interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's own interval for re-checking requests held back by its in-flight limit. */
const recheckPendingMs = 10;

export const kafkajsRequestQueue = (): { prototype: RequestQueue } =>
  createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueue };

/**
 * kafkajs 2.2.4 (its last release) re-arms a timer after every check of a connection's queue even
 * when nothing waits and nothing is throttled — with a negative delay, which Node runs after 1 ms.
 * So every broker connection of every client spins a 1 ms timer for as long as it is open: the
 * most part of each idle service's 3–4 % of a core, and more under load (upstream issue #1556, fix
 * never released). Here the check is scheduled only when a request waits, or a broker throttle ends
 * later. Idempotent.
 */
export function fixKafkajsIdleTimer(): void {
  const queue = kafkajsRequestQueue().prototype;
  queue.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueue) {
    if (this.throttleCheckTimeoutId) return;
    const untilUnthrottled = this.throttledUntil - Date.now();
    if (this.pending.length === 0 && untilUnthrottled <= 0) return;
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      untilUnthrottled > 0 ? untilUnthrottled : recheckPendingMs,
    );
  };
}
