export type ThrottleVerdict = { readonly allowed: true } | { readonly allowed: false; readonly resetAt: Date };

/**
 * Counts failed sign-ins per client address and per (account, address): an address that fails too
 * often waits, but no one's failures lock the owner out of an account from another address. An
 * account failing from many addresses is slowed (attempts spaced seconds apart), never locked, and
 * not at all for an address its owner signed in from before.
 */
export interface LoginThrottle {
  /** Takes an attempt from the address's and the (account, address) allowances, or says until when to wait. */
  attempt(email: string, ip: string): Promise<ThrottleVerdict>;
  /** A correct password: the pair's count starts again, the address gets its attempt back and is the owner's. */
  succeeded(email: string, ip: string): Promise<void>;
}
