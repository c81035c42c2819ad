import type { AuditEvents, ServiceName, UserHttp } from '@shop/contracts';

/** What the audit trail records: every sensitive operation of the platform, append-only. */
export type AuditAction = UserHttp.AuditAction;

/** The product, order or payment another service acted upon. */
export interface AuditTarget {
  readonly type: AuditEvents.AuditTargetType;
  readonly id: string;
}

export interface NewAuditEntry {
  readonly action: AuditAction;
  /** Who acted; null when nobody could be identified (a failed login for an unknown address) or a saga acted. */
  readonly actorId: string | null;
  readonly targetUserId: string | null;
  readonly requestId: string | null;
  readonly details: Record<string, unknown>;
  /** Where it happened: this service, unless another one reported it. */
  readonly service?: ServiceName;
  readonly target?: AuditTarget | null;
  /** When it happened, for an entry reported after the fact; now otherwise. */
  readonly at?: Date;
}

export interface AuditEntry extends NewAuditEntry {
  readonly auditId: string;
  readonly at: Date;
  readonly service: ServiceName;
  readonly target: AuditTarget | null;
}
