import type { OutboxWriter } from '@shop/messaging';
import type { LoginThrottle, PlatformExports } from './domain/ports.js';
import type { UserPrisma } from './persistence/prisma.js';
import type { AccessTokenIssuer } from './security/access-tokens.js';
import type { SigningKeys } from './security/signing-keys.js';

/** What the use cases and routes need, built once in service.ts. */
export interface UserDeps {
  readonly prisma: UserPrisma;
  readonly outbox: OutboxWriter;
  readonly throttle: LoginThrottle;
  readonly issueAccessToken: AccessTokenIssuer;
  readonly keys: SigningKeys;
  readonly jwksMaxAgeSeconds: number;
  readonly platformExports: PlatformExports;
}

/** Who asked, for the audit trail and the throttle. */
export interface RequestContext {
  readonly requestId: string;
  readonly ip: string;
}
