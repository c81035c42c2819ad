-- Up Migration
-- Delivery by a background sender: the consumer only records a 'pending' row (with the event that
-- caused it); the sender claims due rows, renders, sends over SMTP and records the outcome.
-- recipient and subject are known only once sent (the contact may arrive after the event), and
-- are erased (recipient) when the user is deleted.
ALTER TABLE notifications
  ALTER COLUMN recipient DROP NOT NULL,
  ALTER COLUMN subject DROP NOT NULL,
  ADD COLUMN source_topic    VARCHAR(100),
  ADD COLUMN event           JSONB,
  ADD COLUMN next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  ADD COLUMN updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  DROP CONSTRAINT notifications_status_check,
  ADD CONSTRAINT notifications_status_check CHECK (status IN ('pending', 'sent', 'failed', 'cancelled'));
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notifications_order_page_idx ON notifications (order_id, created_at DESC, notification_id DESC);
CREATE INDEX notifications_page_idx ON notifications (created_at DESC, notification_id DESC);

-- Which user an order belongs to (and its lines), fed by orders.events: PaymentRefunded names
-- only the order, and the confirmation mail lists the lines.
CREATE TABLE order_recipients (
  order_id    UUID PRIMARY KEY,
  user_id     UUID        NOT NULL,
  items       JSONB,
  total_cents BIGINT,
  currency    CHAR(3),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX order_recipients_user_idx ON order_recipients (user_id);

-- Down Migration
DROP TABLE order_recipients;
DROP INDEX notifications_page_idx;
DROP INDEX notifications_order_page_idx;
DROP INDEX notifications_due_idx;
DELETE FROM notifications WHERE status = 'cancelled' OR recipient IS NULL OR subject IS NULL;
ALTER TABLE notifications
  DROP CONSTRAINT notifications_status_check,
  ADD CONSTRAINT notifications_status_check CHECK (status IN ('pending', 'sent', 'failed')),
  DROP COLUMN updated_at,
  DROP COLUMN next_attempt_at,
  DROP COLUMN event,
  DROP COLUMN source_topic,
  ALTER COLUMN subject SET NOT NULL,
  ALTER COLUMN recipient SET NOT NULL;
