import type { ServiceName } from '@shop/contracts';
import type { AuditAction, AuditEntry, AuditTarget, NewAuditEntry } from './audit.js';
import type { Page, PagePosition } from '@shop/contracts';

export interface AuditFilter {
  readonly service?: ServiceName | undefined;
  readonly action?: AuditAction | undefined;
  readonly targetType?: AuditTarget['type'] | undefined;
  readonly targetId?: string | undefined;
  /** Entries where this account acted or was acted upon. */
  readonly userId?: string | undefined;
}

/** The append-only audit trail, on a connection or inside the caller's transaction. */
export interface AuditLog {
  append(entry: NewAuditEntry): Promise<void>;
  /** Newest first, after a position. */
  page(filter: AuditFilter, after: PagePosition | null, limit: number): Promise<Page<AuditEntry>>;
  /** Every entry where the user is actor or target, oldest first. */
  about(userId: string): Promise<AuditEntry[]>;
}
