-- Up Migration
-- The catalogue's version of each replicated product (ProductUpserted's `version`): an update is
-- applied only when it is newer, so a late or replayed event never brings an old price or status
-- back. Null for a product replicated before the catalogue announced versions.
ALTER TABLE catalogue_products ADD COLUMN version INTEGER;

-- Down Migration
ALTER TABLE catalogue_products DROP COLUMN version;
