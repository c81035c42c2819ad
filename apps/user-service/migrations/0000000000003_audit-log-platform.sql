-- Up Migration
-- The platform's audit trail: inventory, order and payment report their sensitive
-- operations (AuditRecorded on audit.events) and this table keeps them beside the user service's
-- own — still append-only. `service` says where it happened; `target_type`/`target_id` name the
-- product, order or payment it happened to (an account stays in target_user_id).
ALTER TABLE audit_log
  ADD COLUMN service     VARCHAR(40) NOT NULL DEFAULT 'user-service',
  ADD COLUMN target_type VARCHAR(20),
  ADD COLUMN target_id   TEXT,
  ADD CONSTRAINT audit_log_target_check CHECK ((target_type IS NULL) = (target_id IS NULL));

ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (
  'login.succeeded', 'login.failed', 'role.changed', 'tier.changed', 'data.exported', 'user.erased',
  'product.created', 'product.updated', 'stock.adjusted', 'order.status_changed', 'order.cancelled', 'payment.refunded'
));

-- The admin view filtered by what was acted upon, or by where, newest first.
CREATE INDEX audit_log_target_ref_idx ON audit_log (target_id, at DESC);
CREATE INDEX audit_log_service_idx ON audit_log (service, at DESC);

-- Down Migration
-- Fails while entries of the other services exist: the trail keeps them (nothing may delete them).
DROP INDEX audit_log_service_idx;
DROP INDEX audit_log_target_ref_idx;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN ('login.succeeded', 'login.failed', 'role.changed', 'data.exported', 'user.erased'));
ALTER TABLE audit_log DROP CONSTRAINT audit_log_target_check, DROP COLUMN target_id, DROP COLUMN target_type, DROP COLUMN service;
