-- Up Migration
-- The saga's working states: a provider operation is under way while the status ends in -ing
-- (authorizing, voiding, capturing, refunding); the authorization worker picks those up.
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN (
  'pending', 'authorizing', 'authorized', 'failed', 'cancelled',
  'voiding', 'voided', 'capturing', 'captured', 'refunding', 'refunded'));

ALTER TABLE payments
  -- Attempts at the current provider operation (reset when the operation changes); drives the backoff.
  ADD COLUMN attempt_count         INTEGER      NOT NULL DEFAULT 0 CHECK (attempt_count >= 0),
  -- When the worker should next call the provider; NULL when nothing is to be done.
  ADD COLUMN next_attempt_at       TIMESTAMPTZ,
  -- Set before the first authorization request leaves: from then on the provider may hold an
  -- authorization under this payment's idempotency key, so a cancel must void, not just drop.
  ADD COLUMN authorization_sent_at TIMESTAMPTZ,
  -- The order was cancelled while a capture was under way: refund once it completes.
  ADD COLUMN cancel_requested_at   TIMESTAMPTZ,
  ADD COLUMN cancelled_at          TIMESTAMPTZ,
  -- "Visa ending in 4242", as the provider described the card at authorization.
  ADD COLUMN method_description    VARCHAR(100),
  ADD COLUMN failure_code          VARCHAR(50),
  ADD COLUMN failure_message       TEXT;

-- The worker's claim query: due work only.
CREATE INDEX payments_due_idx ON payments (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
-- Support lists payments newest first (cursor pagination on created_at, payment_id).
CREATE INDEX payments_created_idx ON payments (created_at DESC, payment_id DESC);

-- What the saga said about an order before its payment intent (OrderPlaced) arrived: events of
-- two topics come in either order. OrderPlaced reads and deletes its row.
CREATE TABLE order_signals (
  order_id               UUID PRIMARY KEY,
  inventory_reserved_at  TIMESTAMPTZ,
  reservation_expires_at TIMESTAMPTZ,
  order_cancelled_at     TIMESTAMPTZ,
  created_at             TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE order_signals;
DROP INDEX payments_created_idx;
DROP INDEX payments_due_idx;
ALTER TABLE payments
  DROP COLUMN failure_message,
  DROP COLUMN failure_code,
  DROP COLUMN method_description,
  DROP COLUMN cancelled_at,
  DROP COLUMN cancel_requested_at,
  DROP COLUMN authorization_sent_at,
  DROP COLUMN next_attempt_at,
  DROP COLUMN attempt_count;
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
-- NOT VALID: rows already in a working state stay readable; new writes are checked.
ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN (
  'pending', 'authorizing', 'authorized', 'failed', 'voided', 'captured', 'refunded', 'cancelled')) NOT VALID;
