-- Up Migration
-- needs_attention: the provider refused a void, capture or refund for good; the worker stops
-- retrying and a person takes the payment from there.
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN (
  'pending', 'authorizing', 'authorized', 'failed', 'cancelled',
  'voiding', 'voided', 'capturing', 'captured', 'refunding', 'refunded', 'needs_attention'));

-- Down Migration
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN (
  'pending', 'authorizing', 'authorized', 'failed', 'cancelled',
  'voiding', 'voided', 'capturing', 'captured', 'refunding', 'refunded'));
