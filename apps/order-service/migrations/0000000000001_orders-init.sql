-- Up Migration
CREATE TABLE orders (
  order_id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id             UUID        NOT NULL,
  status              VARCHAR(20) NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled')),
  subtotal_cents      INTEGER     NOT NULL CHECK (subtotal_cents >= 0),
  discount_cents      INTEGER     NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
  tax_cents           INTEGER     NOT NULL CHECK (tax_cents >= 0),
  shipping_cents      INTEGER     NOT NULL CHECK (shipping_cents >= 0),
  total_cents         INTEGER     NOT NULL CHECK (total_cents >= 0),
  currency            CHAR(3)     NOT NULL DEFAULT 'USD',
  payment_status      VARCHAR(20) NOT NULL DEFAULT 'pending',
  payment_method      JSONB       NOT NULL,
  promo_code          VARCHAR(50),
  shipping_address    JSONB       NOT NULL,
  billing_address     JSONB,
  notes               TEXT,
  cancellation_reason VARCHAR(50),
  carrier             VARCHAR(50),
  tracking_number     VARCHAR(100),
  estimated_delivery  TIMESTAMPTZ,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  confirmed_at        TIMESTAMPTZ,
  shipped_at          TIMESTAMPTZ,
  delivered_at        TIMESTAMPTZ,
  cancelled_at        TIMESTAMPTZ,
  metadata            JSONB
);
CREATE INDEX orders_user_created_idx ON orders (user_id, created_at DESC, order_id DESC);
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_created_idx ON orders (created_at DESC, order_id DESC);

CREATE TABLE order_items (
  order_item_id    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id         UUID         NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
  product_id       UUID         NOT NULL,
  product_name     VARCHAR(255) NOT NULL,
  quantity         INTEGER      NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER      NOT NULL CHECK (unit_price_cents >= 0),
  discount_cents   INTEGER      NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
  total_cents      INTEGER      NOT NULL CHECK (total_cents >= 0),
  created_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX order_items_order_idx ON order_items (order_id);

CREATE TABLE order_timeline (
  entry_id    BIGSERIAL PRIMARY KEY,
  order_id    UUID        NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
  status      VARCHAR(20) NOT NULL,
  note        TEXT,
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX order_timeline_order_idx ON order_timeline (order_id, entry_id);

-- Idempotency-Key records live with the orders they created, written in the same transaction.
CREATE TABLE idempotency_keys (
  caller_id     TEXT        NOT NULL,
  key           TEXT        NOT NULL,
  request_hash  CHAR(64)    NOT NULL,
  status_code   INTEGER,
  response_body JSONB,
  order_id      UUID,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at    TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (caller_id, key)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);

-- The order service's replica of the catalogue, fed by ProductUpserted: prices are never taken from clients.
CREATE TABLE catalogue_products (
  product_id  UUID PRIMARY KEY,
  sku         VARCHAR(100) NOT NULL,
  name        VARCHAR(255) NOT NULL,
  category    VARCHAR(100),
  price_cents INTEGER      NOT NULL CHECK (price_cents >= 0),
  currency    CHAR(3)      NOT NULL,
  status      VARCHAR(20)  NOT NULL,
  updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE catalogue_products;
DROP TABLE idempotency_keys;
DROP TABLE order_timeline;
DROP TABLE order_items;
DROP TABLE orders;
