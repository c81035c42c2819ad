-- Up Migration
-- Security audit trail: logins, role changes, GDPR export and erase.
-- Append-only: rows are evidence, so no one (not even the owning role) may change or remove them.
-- No foreign key to users: an entry must outlive anything that happens to the account it names.
CREATE TABLE audit_log (
  audit_id       UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  at             TIMESTAMPTZ  NOT NULL DEFAULT now(),
  action         VARCHAR(40)  NOT NULL CHECK (action IN ('login.succeeded', 'login.failed', 'role.changed', 'data.exported', 'user.erased')),
  actor_id       UUID,
  target_user_id UUID,
  request_id     VARCHAR(128),
  details        JSONB        NOT NULL DEFAULT '{}'::jsonb
);
-- Keyset pagination for the admin view, newest first, and a user's own entries (GDPR export).
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, audit_id DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_user_id, at DESC);

-- REVOKE cannot bind the table's owner (the service role), so a trigger refuses instead.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Down Migration
DROP TABLE audit_log;
DROP FUNCTION audit_log_refuse_change();
