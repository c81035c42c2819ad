-- Up Migration
-- Money is integer cents everywhere; stock is on-hand units, of which `reserved` are held for orders.
CREATE TABLE products (
  product_id    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  sku           VARCHAR(100) NOT NULL UNIQUE,
  name          VARCHAR(255) NOT NULL,
  description   TEXT,
  category      VARCHAR(100),
  price_cents   INTEGER      NOT NULL CHECK (price_cents >= 0),
  currency      CHAR(3)      NOT NULL DEFAULT 'USD',
  cost_cents    INTEGER CHECK (cost_cents >= 0),
  status        VARCHAR(20)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'discontinued')),
  stock_on_hand INTEGER      NOT NULL DEFAULT 0 CHECK (stock_on_hand >= 0),
  reserved      INTEGER      NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  version       INTEGER      NOT NULL DEFAULT 0,
  images        JSONB,
  attributes    JSONB,
  created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
  updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
  -- The no-oversell invariant, enforced by the database itself as the last line of defence.
  CONSTRAINT products_reserved_within_stock CHECK (reserved <= stock_on_hand)
);
CREATE INDEX products_category_idx ON products (category);
CREATE INDEX products_status_idx ON products (status);
CREATE INDEX products_created_idx ON products (created_at DESC, product_id DESC);
CREATE INDEX products_name_fts_idx ON products USING GIN (to_tsvector('english', name));
CREATE INDEX products_attributes_idx ON products USING GIN (attributes);

-- One row per order line: a hold until confirmed (committed), released, or expired.
CREATE TABLE reservations (
  order_id    UUID        NOT NULL,
  product_id  UUID        NOT NULL REFERENCES products (product_id),
  quantity    INTEGER     NOT NULL CHECK (quantity > 0),
  status      VARCHAR(20) NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'committed', 'released', 'expired')),
  expires_at  TIMESTAMPTZ NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, product_id)
);
-- The expiry sweeper reads only live holds, oldest first.
CREATE INDEX reservations_held_expiry_idx ON reservations (expires_at) WHERE status = 'held';

CREATE TABLE stock_adjustments (
  adjustment_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id    UUID        NOT NULL REFERENCES products (product_id),
  delta         INTEGER     NOT NULL CHECK (delta <> 0),
  reason        TEXT        NOT NULL,
  actor_id      TEXT        NOT NULL,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX stock_adjustments_product_idx ON stock_adjustments (product_id, created_at DESC);

-- Down Migration
DROP TABLE stock_adjustments;
DROP TABLE reservations;
DROP TABLE products;
