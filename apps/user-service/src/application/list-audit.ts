import type { AuditEntry } from '../domain/audit.js';
import type { AuditFilter } from '../domain/audit.port.js';
import type { Page, PagePosition } from '@shop/contracts';
import type { UserDeps } from '../deps.js';
import { auditLog } from '../persistence/audit.repository.js';

/** The platform's audit trail newest first, one keyset page. */
export const listAudit = (
  deps: Pick<UserDeps, 'sql'>,
  filter: AuditFilter,
  after: PagePosition | null,
  limit: number,
): Promise<Page<AuditEntry>> => auditLog(deps.sql).page(filter, after, limit);
