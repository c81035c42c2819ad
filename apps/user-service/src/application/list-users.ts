import type { Page, PagePosition } from '@shop/contracts';
import { visibleAccounts } from '../domain/account-visibility.js';
import type { UserFilter } from '../domain/user.port.js';
import type { Role, User } from '../domain/user.js';
import type { UserDeps } from '../deps.js';
import { userRepository } from '../persistence/user.repository.js';

/**
 * Accounts newest first, one keyset page, limited to what the viewer may see. The position is read
 * only once the viewer may list these accounts: a caller refused them hears 403 whatever the cursor.
 */
export function listUsers(
  deps: Pick<UserDeps, 'sql'>,
  viewerRoles: readonly Role[],
  filter: UserFilter,
  after: () => PagePosition | null,
  limit: number,
): Promise<Page<User>> {
  const visible = visibleAccounts(viewerRoles, filter);
  if (!visible.ok) throw visible.error;
  return userRepository(deps.sql).page(visible.value, after(), limit);
}
