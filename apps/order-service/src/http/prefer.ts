/**
 * How long a client asked us to hold the response (RFC 7240 `Prefer: wait=N`, seconds).
 * No header: the default (the 2 s confirmation target); `respond-async`: no wait.
 */
export function preferredWaitMs(prefer: string | undefined, defaultMs: number, maxMs: number): number {
  if (!prefer) return defaultMs;
  const preferences = prefer.split(',').map((p) => p.trim().toLowerCase());
  if (preferences.includes('respond-async')) return 0;
  const wait = preferences.map((p) => /^wait\s*=\s*(\d+(?:\.\d+)?)$/.exec(p)).find(Boolean);
  if (!wait) return defaultMs;
  return Math.min(Math.round(Number(wait[1]) * 1000), maxMs);
}
