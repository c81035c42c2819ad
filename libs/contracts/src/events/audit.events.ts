import { z } from 'zod';
import { Topics } from '../topics.js';
import { defineEvent } from './define-event.js';
import { IsoDateTime, Uuid } from './common.js';
import { services, type ServiceName } from '../services.js';

/** The sensitive operations other services report to the user service's audit trail (docs/architecture.md). */
export const AuditedAction = z.enum([
  'product.created',
  'product.updated',
  'stock.adjusted',
  'order.status_changed',
  'order.cancelled',
  'payment.refunded',
]);
export type AuditedAction = z.infer<typeof AuditedAction>;

export const AuditTargetType = z.enum(['product', 'order', 'payment']);
export type AuditTargetType = z.infer<typeof AuditTargetType>;

/** Where an audited operation happened: one of the platform's services. */
export const PlatformService = z.enum(services.map((s) => s.name) as [ServiceName, ...ServiceName[]]);

/**
 * One sensitive operation, written to the outbox in the transaction that made the change, so the
 * record exists exactly when the change does. The user service keeps the append-only trail.
 */
export const AuditRecorded = defineEvent(
  'com.shop.audit.recorded.v1',
  Topics.audit,
  z.object({
    action: AuditedAction,
    /** Who acted; null when the platform acted on its own (a saga step). */
    actor_id: Uuid.nullable(),
    actor_roles: z.array(z.enum(['customer', 'admin', 'support', 'partner'])).optional(),
    target_type: AuditTargetType,
    target_id: z.string().min(1).max(128),
    /** The HTTP request that made the change; null for a saga step. */
    request_id: z.string().min(1).max(128).nullable(),
    at: IsoDateTime,
    service: PlatformService,
    details: z.record(z.string(), z.unknown()),
  }),
);
