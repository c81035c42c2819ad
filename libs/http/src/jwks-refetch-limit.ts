/**
 * How often an unknown `kid` may send this process to the JWKS: once per kid per `perKidIntervalMs`,
 * and `perMinute` fetches in all. A forged token names any kid it likes, so without a limit every
 * one of them would cost the user service a JWKS request.
 */
export interface JwksRefetchLimits {
  readonly perKidIntervalMs: number;
  readonly perMinute: number;
}

/** A rotation publishes the next key before tokens carry it; a minute of refusals is the worst a flood causes. */
export const defaultJwksRefetchLimits: JwksRefetchLimits = { perKidIntervalMs: 30_000, perMinute: 10 };

/** Kids remembered at most: a flood of random kids cannot grow the memory without bound. */
const rememberedKids = 10_000;

/** In-process bookkeeping of the JWKS fetches this process made, by kid and in the last minute. */
export class JwksRefetchLimiter {
  readonly #lastFetchOfKid = new Map<string, number>();
  #fetchesInLastMinute: number[] = [];

  constructor(private readonly limits: JwksRefetchLimits = defaultJwksRefetchLimits) {}

  /** True, and counted, when a fetch for `kid` is allowed at `now`; false when the limits refuse it. */
  mayFetch(kid: string, now: number): boolean {
    const last = this.#lastFetchOfKid.get(kid);
    if (last !== undefined && now - last < this.limits.perKidIntervalMs) return false;
    this.#fetchesInLastMinute = this.#fetchesInLastMinute.filter((at) => now - at < 60_000);
    if (this.#fetchesInLastMinute.length >= this.limits.perMinute) return false;
    this.#fetchesInLastMinute.push(now);
    this.#lastFetchOfKid.delete(kid);
    this.#lastFetchOfKid.set(kid, now);
    if (this.#lastFetchOfKid.size > rememberedKids) {
      const oldest = this.#lastFetchOfKid.keys().next().value;
      if (oldest !== undefined) this.#lastFetchOfKid.delete(oldest);
    }
    return true;
  }
}
