import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@shop/contracts';
import type { Tier } from './rate-limit.js';
import type { TokenBuckets } from './token-buckets.js';

/**
 * Failed verifications a source address may cause: an expired token now and then is normal; a
 * stream of forged ones costs an RSA verification each unless it is stopped before verifying.
 */
export const defaultInvalidTokenTier: Tier = { perHour: 600, burst: 20 };

/** Addresses remembered as spent, and tokens as verified, at most; the oldest makes room. */
const remembered = 10_000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size <= remembered) return;
  const oldest = map.keys().next().value;
  if (oldest !== undefined) map.delete(oldest);
}

/** The whole token, hashed: a forger could copy a valid token's signature, not the token itself unchanged. */
const tokenDigest = (request: FastifyRequest): string =>
  createHash('sha256')
    .update(request.headers.authorization ?? '')
    .digest('base64url');

/**
 * One bucket per source address (`badtoken:ip:<ip>`), taken from only when a token fails
 * verification, so valid callers never spend it. Once a take finds it empty this process
 * remembers until when, and refuses that address's tokens with 429 before verifying them — no
 * Redis round trip, no RSA work. Another process learns it on its own next failure. A token this
 * process verified before still passes (its check is cached): callers sharing an address with a
 * forger — an office, a NAT — keep working with the tokens they have.
 */
export class InvalidTokenBudget {
  readonly #emptyUntil = new Map<string, number>();
  readonly #verified = new Map<string, true>();

  constructor(
    private readonly buckets: TokenBuckets,
    private readonly keyPrefix: string,
    private readonly tier: Tier,
    private readonly now: () => number,
  ) {}

  /** 429 when the request's address has no failed verification left; nothing otherwise. */
  refuseWhenSpent(request: FastifyRequest): void {
    const until = this.#emptyUntil.get(request.ip);
    if (until === undefined) return;
    const now = this.now();
    if (now >= until) {
      this.#emptyUntil.delete(request.ip);
      return;
    }
    if (this.#verified.has(tokenDigest(request))) return;
    const seconds = Math.max(1, Math.ceil((until - now) / 1000));
    throw new DomainError('RATE_LIMIT_EXCEEDED', `Too many invalid access tokens. Try again in ${seconds} seconds.`, {
      limit: this.tier.burst,
      remaining: 0,
      reset_at: new Date(until).toISOString(),
      tier: 'invalid_token',
    });
  }

  /** Remembers the request's token as one that verified. */
  verified(request: FastifyRequest): void {
    remember(this.#verified, tokenDigest(request), true);
  }

  /** Counts one failed verification against the request's address. */
  async charge(request: FastifyRequest): Promise<void> {
    const { perHour, burst } = this.tier;
    let taken;
    try {
      taken = await this.buckets.take(`${this.keyPrefix}badtoken:ip:${request.ip}`, burst, perHour / 3_600_000);
    } catch (err) {
      request.log.warn({ err }, 'rate limiter unavailable; invalid token not counted');
      return;
    }
    if (taken.allowed && taken.remaining > 0) return;
    remember(this.#emptyUntil, request.ip, taken.at + taken.nextTokenMs);
  }
}
