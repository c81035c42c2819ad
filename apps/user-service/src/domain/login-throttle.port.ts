export type ThrottleVerdict = { readonly allowed: true } | { readonly allowed: false; readonly resetAt: Date };

/**
 * Counts failed sign-ins per client address and per (account, address): an address that fails too
 * often waits, but no one's failures lock the owner out of an account from another address.
 */
export interface LoginThrottle {
  /** Takes an attempt from the address's and the (account, address) allowances, or says until when to wait. */
  attempt(email: string, ip: string): Promise<ThrottleVerdict>;
  /** A correct password: the (account, address) count starts again and the address gets its attempt back. */
  succeeded(email: string, ip: string): Promise<void>;
}
