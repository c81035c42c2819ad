import type { OutboxWriter } from '@shop/messaging';
import type { Sql, Transactions } from '@shop/persistence';
import type { SigningKeys } from './adapters/signing-keys.js';
import type { AccessTokenRevocations } from './domain/access-token-revocation.port.js';
import type { AccessTokenIssuer, PasswordHasher, RefreshSecrets } from './domain/credentials.port.js';
import type { LoginThrottle } from './domain/login-throttle.port.js';
import type { PlatformExports } from './domain/platform-export.port.js';
import type { UserReads } from './domain/user.port.js';

/** What the use cases and routes need, built once in service.ts. */
export interface UserDeps {
  /** Opens a transaction: every write, and everything that must commit together, runs in one. */
  readonly transactions: Transactions;
  /** The pool, one statement at a time: reads that stand alone, and single writes. */
  readonly sql: Sql;
  /** One account by id or address, outside any transaction. */
  readonly reads: UserReads;
  readonly outbox: OutboxWriter;
  readonly throttle: LoginThrottle;
  readonly passwords: PasswordHasher;
  readonly refreshSecrets: RefreshSecrets;
  readonly issueAccessToken: AccessTokenIssuer;
  /** Voids a user's older access tokens on every service (docs/api.md, authentication). */
  readonly revocations: AccessTokenRevocations;
  readonly keys: SigningKeys;
  readonly jwksMaxAgeSeconds: number;
  readonly platformExports: PlatformExports;
}

/** Who asked, for the audit trail and the throttle. */
export interface RequestContext {
  readonly requestId: string;
  readonly ip: string;
}
