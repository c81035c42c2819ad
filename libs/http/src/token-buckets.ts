import type { Redis } from 'ioredis';

/**
 * Token buckets refilled continuously at their rate and holding at most their capacity, taken
 * from in one atomic script: for each key, read, refill, then take once per request in the order
 * the requests came, and write back. Answers, per request, whether it may pass, the whole tokens
 * left after it, and in how many ms the next token arrives: what taking one at a time would say.
 * ARGV: now, then (capacity, tokens per ms, requests) for each key.
 */
export const takeTokenScript = `
local now = tonumber(ARGV[1])
local answers = {}
for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[i * 3 - 1])
  local per_ms = tonumber(ARGV[i * 3])
  local requests = tonumber(ARGV[i * 3 + 1])
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or capacity
  local at = tonumber(state[2]) or now
  tokens = math.min(capacity, tokens + math.max(0, now - at) * per_ms)
  for _ = 1, requests do
    local allowed = 0
    if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
    local next_token_ms = 0
    if tokens < 1 then next_token_ms = math.ceil((1 - tokens) / per_ms) end
    answers[#answers + 1] = allowed
    answers[#answers + 1] = math.floor(tokens)
    answers[#answers + 1] = next_token_ms
  end
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', key, math.ceil(capacity / per_ms))
end
return answers
`;

export interface Taken {
  readonly allowed: boolean;
  readonly remaining: number;
  readonly nextTokenMs: number;
  /** The clock (ms) the take was made at. */
  readonly at: number;
}

interface Waiting {
  readonly resolve: (taken: Taken) => void;
  readonly reject: (error: unknown) => void;
}

interface Bucket {
  readonly key: string;
  readonly capacity: number;
  readonly perMs: number;
  readonly waiting: Waiting[];
}

type TakeTokens = (keyCount: number, ...keysAndArguments: (string | number)[]) => Promise<number[]>;

/**
 * The script as a command of the connection: ioredis sends EVALSHA (the script's hash) and falls
 * back to EVAL once when Redis does not know it yet — not the whole script text with every call.
 */
function tokenTaker(redis: Redis): TakeTokens {
  const commands = redis as unknown as Record<string, TakeTokens | undefined>;
  if (!commands.shopTakeTokens) redis.defineCommand('shopTakeTokens', { lua: takeTokenScript });
  const command = commands.shopTakeTokens;
  if (!command) throw new Error('ioredis did not define the token-bucket command');
  return (...args) => command.apply(redis, args);
}

/**
 * Takes a token per request, all requests that arrive in one turn of the event loop in one call
 * of the script: one Redis round trip a turn instead of one a request, and each answer exactly
 * what one call per request would have given. All keys of a turn go in one call, so they must
 * live on one Redis node (a standalone Redis, as deployed; a cluster would need one call per slot).
 */
export class TokenBuckets {
  readonly #take: TakeTokens;
  #turn = new Map<string, Bucket>();
  #scheduled = false;

  constructor(
    redis: Redis,
    private readonly now: () => number,
  ) {
    this.#take = tokenTaker(redis);
  }

  take(key: string, capacity: number, perMs: number): Promise<Taken> {
    return new Promise((resolve, reject) => {
      // A caller whose tier changed within the turn takes from the same bucket under each tier.
      const entry = `${capacity}/${perMs}/${key}`;
      let bucket = this.#turn.get(entry);
      if (!bucket) this.#turn.set(entry, (bucket = { key, capacity, perMs, waiting: [] }));
      bucket.waiting.push({ resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    const turn = this.#turn;
    this.#turn = new Map();
    this.#scheduled = false;
    const at = this.now();
    const buckets = [...turn.values()];
    const args: (string | number)[] = [...buckets.map((b) => b.key), at];
    for (const { capacity, perMs, waiting } of buckets) args.push(capacity, perMs, waiting.length);
    let answers: number[];
    try {
      answers = await this.#take(buckets.length, ...args);
    } catch (error) {
      for (const { waiting } of buckets) for (const w of waiting) w.reject(error);
      return;
    }
    let i = 0;
    for (const { waiting } of buckets) {
      for (const w of waiting) {
        w.resolve({ allowed: answers[i] === 1, remaining: answers[i + 1] ?? 0, nextTokenMs: answers[i + 2] ?? 0, at });
        i += 3;
      }
    }
  }
}
