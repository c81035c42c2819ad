/** What the audit trail records (seed §7.3.3): every sensitive operation, append-only. */
export type AuditAction = 'login.succeeded' | 'login.failed' | 'role.changed' | 'data.exported' | 'user.erased';

export interface NewAuditEntry {
  readonly action: AuditAction;
  /** Who acted; null when nobody could be identified (a failed login for an unknown address). */
  readonly actorId: string | null;
  readonly targetUserId: string | null;
  readonly requestId: string | null;
  readonly details: Record<string, unknown>;
}

export interface AuditEntry extends NewAuditEntry {
  readonly auditId: string;
  readonly at: Date;
}
