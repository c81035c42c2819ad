-- Up Migration
-- A replica of what notifications need to know about a user, fed by users.events.
CREATE TABLE contacts (
  user_id    UUID PRIMARY KEY,
  email      VARCHAR(255) NOT NULL,
  first_name VARCHAR(100),
  last_name  VARCHAR(100),
  updated_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- One row per notification, unique per triggering event so a redelivery never sends twice.
CREATE TABLE notifications (
  notification_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id        UUID         NOT NULL,
  template        VARCHAR(50)  NOT NULL,
  user_id         UUID,
  order_id        UUID,
  channel         VARCHAR(20)  NOT NULL DEFAULT 'email',
  recipient       VARCHAR(255) NOT NULL,
  subject         TEXT         NOT NULL,
  status          VARCHAR(20)  NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        INTEGER      NOT NULL DEFAULT 0,
  last_error      TEXT,
  created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
  sent_at         TIMESTAMPTZ,
  UNIQUE (event_id, template)
);
CREATE INDEX notifications_order_idx ON notifications (order_id);
CREATE INDEX notifications_user_idx ON notifications (user_id);

-- Down Migration
DROP TABLE notifications;
DROP TABLE contacts;
