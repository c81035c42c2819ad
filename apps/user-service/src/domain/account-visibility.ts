import { accept, refuse, type Decision } from '@shop/contracts';
import type { UserFilter } from './user.port.js';
import type { Role } from './user.js';

/**
 * Which accounts a viewer may list: admins all, support limited. Support looks up the customers
 * it serves; staff and partner accounts stay with admins, so asking for them is refused rather
 * than answered with an empty page.
 */
export function visibleAccounts(viewerRoles: readonly Role[], filter: UserFilter): Decision<UserFilter> {
  if (viewerRoles.includes('admin')) return accept(filter);
  if (filter.role && filter.role !== 'customer') return refuse('FORBIDDEN', 'Support sees customer accounts only');
  return accept({ ...filter, role: 'customer' });
}
