import { AppError, hasRole, type Caller } from '@shop/http';
import type { UserFilter } from '../domain/ports.js';

/**
 * Which accounts a caller may list (seed §7.3.1 "View Users": admin all, support limited). Support
 * looks up the customers it serves; staff and partner accounts stay with admins, so asking for them
 * is refused rather than answered with an empty page.
 */
export function visibleAccounts(caller: Caller, filter: UserFilter): UserFilter {
  if (hasRole(caller, 'admin')) return filter;
  if (filter.role && filter.role !== 'customer') throw new AppError('FORBIDDEN', 'Support sees customer accounts only');
  return { ...filter, role: 'customer' };
}
