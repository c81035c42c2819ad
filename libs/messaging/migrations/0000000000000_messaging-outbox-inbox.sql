-- Up Migration
-- The transactional outbox and the inbox of one service, created in that service's own schema
-- (the migration runs with search_path set to it). Shared by every service's migration run.

CREATE TABLE outbox (
  id           BIGSERIAL PRIMARY KEY,
  event_id     UUID        NOT NULL UNIQUE,
  topic        TEXT        NOT NULL,
  message_key  TEXT        NOT NULL,
  event_type   TEXT        NOT NULL,
  headers      JSONB       NOT NULL,
  payload      JSONB       NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  published_at TIMESTAMPTZ
);
-- The relay reads only what is still to publish, in commit-id order.
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL;

CREATE TABLE processed_events (
  consumer     TEXT        NOT NULL,
  event_id     UUID        NOT NULL,
  event_type   TEXT        NOT NULL,
  processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Down Migration
DROP TABLE processed_events;
DROP TABLE outbox;
