import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LoginThrottle } from '../domain/login-throttle.port.js';

export interface ThrottleLimits {
  /** Failures one address may make against one account. */
  readonly perAccount: number;
  /** Failures one address may make across every account. */
  readonly perIp: number;
  readonly windowMs: number;
  /** Failures on one account, from any addresses, after which its attempts are spaced out. */
  readonly slowAccountAfter: number;
  /** The least time between two attempts on a slowed account, from whichever addresses. */
  readonly slowAccountSpacingMs: number;
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

/**
 * The account as a whole: below the threshold, counts the attempt; at it, an address that signed in
 * to the account before (KEYS[3]) still goes straight through, and the others get one attempt per
 * spacing interval (KEYS[2] is the gate) and are refused with the gate's time left. The keys share a
 * hash tag, so the script stays on one Redis Cluster slot.
 */
const TAKE_SPACED = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) and redis.call('SISMEMBER', KEYS[3], ARGV[4]) == 0 then
  if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then return {0, redis.call('PTTL', KEYS[2])} end
end
redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {1, 0}`;

/** How long an address that signed in to an account is remembered as the owner's. */
const knownAddressTtlSeconds = 30 * 24 * 3600;

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/**
 * Login throttling in Redis, by failures: each attempt is counted against the client address and
 * against the (account, address) pair before the password is checked, so concurrent guesses cannot
 * slip past a limit; a correct password gives both back and clears the pair, so only failures
 * accumulate. An address failing too often, across accounts, is refused. Guesses from one address
 * lock that address out of that account only, and the owner signs in from anywhere else. Guesses
 * spread over many addresses slow the account as a whole instead of locking it: past
 * `slowAccountAfter` failures one attempt per `slowAccountSpacingMs` gets through, so a botnet's
 * guesses are capped at one per interval, while an address the owner signed in from before (kept 30
 * days) is not slowed at all and a new one competes for the interval's attempt. Unknown addresses are
 * counted exactly like known ones. Keys carry hashes of the address and e-mail, never the values.
 */
export function redisLoginThrottle(
  redis: Redis,
  keyPrefix: string,
  limits: ThrottleLimits,
  now: () => Date = () => new Date(),
): LoginThrottle {
  const pairKey = (email: string, ip: string) => `${keyPrefix}login:account:${digest(email)}:${digest(ip)}`;
  const ipKey = (ip: string) => `${keyPrefix}login:ip:${digest(ip)}`;
  const accountKeys = (email: string) => {
    const tag = `${keyPrefix}login:{account:${digest(email)}}`;
    return [`${tag}:failures`, `${tag}:gate`, `${tag}:known`] as const;
  };
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
      if (!address.allowed) {
        await redis.eval(GIVE_BACK, 1, pairKey(email, ip));
        return { allowed: false, resetAt: address.resetAt };
      }
      const { slowAccountAfter, slowAccountSpacingMs, windowMs } = limits;
      const [failures, gate, known] = accountKeys(email);
      const [spaced, wait] = (await redis.eval(
        TAKE_SPACED,
        3,
        failures,
        gate,
        known,
        slowAccountAfter,
        windowMs,
        slowAccountSpacingMs,
        digest(ip),
      )) as [number, number];
      if (spaced === 1) return { allowed: true };
      await redis.eval(GIVE_BACK, 1, pairKey(email, ip));
      await redis.eval(GIVE_BACK, 1, ipKey(ip));
      return { allowed: false, resetAt: new Date(now().getTime() + Math.max(wait, 1)) };
    },

    async succeeded(email, ip) {
      await ready();
      await redis.del(pairKey(email, ip));
      // Only the owner's own attempt is given back: signing in must not reopen the account to a botnet.
      const [failures, , known] = accountKeys(email);
      await redis.eval(GIVE_BACK, 1, failures);
      await redis.multi().sadd(known, digest(ip)).expire(known, knownAddressTtlSeconds).exec();
      await redis.eval(GIVE_BACK, 1, ipKey(ip));
    },
  };
}
