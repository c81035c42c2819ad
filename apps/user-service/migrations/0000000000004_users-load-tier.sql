-- Up Migration
-- The `load` tier: granted by an admin to the accounts that drive benchmarks and fuzzing, so that a
-- load test measures the platform rather than the rate limits of ordinary customers.
ALTER TABLE users DROP CONSTRAINT users_tier_check;
ALTER TABLE users ADD CONSTRAINT users_tier_check CHECK (tier IN ('standard', 'premium', 'load'));
