-- Up Migration
CREATE TABLE users (
  user_id        UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email          VARCHAR(255) NOT NULL UNIQUE CHECK (email = lower(email)),
  password_hash  VARCHAR(255) NOT NULL,
  first_name     VARCHAR(100),
  last_name      VARCHAR(100),
  phone          VARCHAR(20),
  role           VARCHAR(20)  NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'admin', 'support', 'partner')),
  tier           VARCHAR(20)  NOT NULL DEFAULT 'standard' CHECK (tier IN ('standard', 'premium')),
  status         VARCHAR(20)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
  email_verified BOOLEAN      NOT NULL DEFAULT false,
  created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
  updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
  last_login_at  TIMESTAMPTZ,
  metadata       JSONB
);
CREATE INDEX users_status_idx ON users (status);
-- Keyset pagination for the admin list: (created_at, user_id) descending.
CREATE INDEX users_created_idx ON users (created_at DESC, user_id DESC);

-- Refresh tokens are stored hashed; a family is one login's chain of rotations, revoked whole on reuse.
CREATE TABLE refresh_tokens (
  token_id    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     UUID        NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  family_id   UUID        NOT NULL,
  token_hash  CHAR(64)    NOT NULL UNIQUE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at  TIMESTAMPTZ NOT NULL,
  used_at     TIMESTAMPTZ,
  revoked_at  TIMESTAMPTZ
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- Down Migration
DROP TABLE refresh_tokens;
DROP TABLE users;
