import type { User } from './user.js';

export const ACCESS_TOKEN_TTL_SECONDS = 3600;

/** What an access token says about its holder: who, which address, which roles, which rate-limit tier. */
export const accessTokenClaims = (user: Pick<User, 'userId' | 'email' | 'role' | 'tier'>) => ({
  sub: user.userId,
  email: user.email,
  roles: [user.role],
  tier: user.tier,
});
