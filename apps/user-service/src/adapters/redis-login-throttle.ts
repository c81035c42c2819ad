import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LoginThrottle } from '../domain/login-throttle.port.js';

export interface ThrottleLimits {
  /** Failures one address may make against one account. */
  readonly perAccount: number;
  /** Failures one address may make across every account. */
  readonly perIp: number;
  readonly windowMs: number;
}

/**
 * Takes one attempt from a fixed window, atomically: refuses (0, ms left) at the limit, otherwise
 * counts (1, ms left), starting the window on the first attempt. One key per script, so every
 * call stays on one Redis Cluster slot.
 */
const TAKE = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return {0, redis.call('PTTL', KEYS[1])} end
redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return {1, ttl}`;

/** Gives an attempt back (never below zero). */
const GIVE_BACK = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return n`;

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/**
 * Login throttling in Redis, by failures: each attempt is counted against the client address and
 * against the (account, address) pair before the password is checked, so concurrent guesses cannot
 * slip past a limit; a correct password gives both back and clears the pair, so only failures
 * accumulate. An address failing too often, across accounts, is refused. The account part is
 * never account-wide: guesses from one address lock that address out of that account only, and
 * the owner signs in from anywhere else. Unknown addresses are counted exactly like known ones.
 * Keys carry hashes of the address and e-mail, never the values themselves.
 */
export function redisLoginThrottle(
  redis: Redis,
  keyPrefix: string,
  limits: ThrottleLimits,
  now: () => Date = () => new Date(),
): LoginThrottle {
  const pairKey = (email: string, ip: string) => `${keyPrefix}login:account:${digest(email)}:${digest(ip)}`;
  const ipKey = (ip: string) => `${keyPrefix}login:ip:${digest(ip)}`;
  const ready = async () => {
    if (redis.status === 'wait') await redis.connect();
  };
  const take = async (key: string, limit: number) => {
    const [allowed, ttl] = (await redis.eval(TAKE, 1, key, limit, limits.windowMs)) as [number, number];
    return { allowed: allowed === 1, resetAt: new Date(now().getTime() + Math.max(ttl, 0)) };
  };

  return {
    async attempt(email, ip) {
      await ready();
      const pair = await take(pairKey(email, ip), limits.perAccount);
      if (!pair.allowed) return { allowed: false, resetAt: pair.resetAt };
      const address = await take(ipKey(ip), limits.perIp);
      if (address.allowed) return { allowed: true };
      await redis.eval(GIVE_BACK, 1, pairKey(email, ip));
      return { allowed: false, resetAt: address.resetAt };
    },

    async succeeded(email, ip) {
      await ready();
      await redis.del(pairKey(email, ip));
      await redis.eval(GIVE_BACK, 1, ipKey(ip));
    },
  };
}
