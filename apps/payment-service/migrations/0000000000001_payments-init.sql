-- Up Migration
-- One payment per order (the unique order_id is what makes "authorize once per order" hold).
CREATE TABLE payments (
  payment_id       UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id         UUID        NOT NULL UNIQUE,
  user_id          UUID        NOT NULL,
  amount_cents     INTEGER     NOT NULL CHECK (amount_cents >= 0),
  currency         CHAR(3)     NOT NULL DEFAULT 'USD',
  status           VARCHAR(20) NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'authorizing', 'authorized', 'failed', 'voided', 'captured', 'refunded', 'cancelled')),
  payment_method   VARCHAR(50) NOT NULL,
  provider_token   TEXT        NOT NULL,
  transaction_id   VARCHAR(255),
  gateway          VARCHAR(50) NOT NULL DEFAULT 'simulated',
  gateway_response JSONB,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  authorized_at    TIMESTAMPTZ,
  captured_at      TIMESTAMPTZ,
  failed_at        TIMESTAMPTZ,
  voided_at        TIMESTAMPTZ,
  refunded_at      TIMESTAMPTZ
);
CREATE INDEX payments_user_idx ON payments (user_id);
CREATE INDEX payments_status_idx ON payments (status);
CREATE INDEX payments_transaction_idx ON payments (transaction_id);

-- Every call to the provider, for support and for reconciliation.
CREATE TABLE payment_attempts (
  attempt_id  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_id  UUID        NOT NULL REFERENCES payments (payment_id) ON DELETE CASCADE,
  operation   VARCHAR(20) NOT NULL CHECK (operation IN ('authorize', 'void', 'capture', 'refund')),
  outcome     VARCHAR(20) NOT NULL CHECK (outcome IN ('succeeded', 'declined', 'error', 'timeout', 'circuit_open')),
  error_code  VARCHAR(50),
  latency_ms  INTEGER     NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX payment_attempts_payment_idx ON payment_attempts (payment_id, created_at);

-- Down Migration
DROP TABLE payment_attempts;
DROP TABLE payments;
