export type ThrottleVerdict = { readonly allowed: true } | { readonly allowed: false; readonly resetAt: Date };

/** Counts sign-in attempts per account and per client address. */
export interface LoginThrottle {
  /** Takes an attempt from both allowances, or says until when the caller must wait. */
  attempt(email: string, ip: string): Promise<ThrottleVerdict>;
  /** A correct password: the account's count starts again and the address gets its attempt back. */
  succeeded(email: string, ip: string): Promise<void>;
}
