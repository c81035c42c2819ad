-- Up Migration
-- Why a hold was given back (the cancellation's reason: customer_request, payment_failed, ...),
-- so support can tell a released line's story from its row; null while held, committed or expired.
ALTER TABLE reservations ADD COLUMN release_reason VARCHAR(40);

-- GET /products?category=…|status=… pages by keyset on (created_at, product_id) descending: with
-- the filter column first, each page is one range scan of one index, however deep the page.
-- They serve plain equality lookups too, so the single-column indexes go.
CREATE INDEX products_category_created_idx ON products (category, created_at DESC, product_id DESC);
CREATE INDEX products_status_created_idx ON products (status, created_at DESC, product_id DESC);
DROP INDEX products_category_idx;
DROP INDEX products_status_idx;

-- The API takes attributes as a JSON object and images as an array; the table holds nothing else.
ALTER TABLE products ADD CONSTRAINT products_attributes_object CHECK (attributes IS NULL OR jsonb_typeof(attributes) = 'object');
ALTER TABLE products ADD CONSTRAINT products_images_array CHECK (images IS NULL OR jsonb_typeof(images) = 'array');

-- Down Migration
ALTER TABLE products DROP CONSTRAINT products_images_array;
ALTER TABLE products DROP CONSTRAINT products_attributes_object;
CREATE INDEX products_status_idx ON products (status);
CREATE INDEX products_category_idx ON products (category);
DROP INDEX products_status_created_idx;
DROP INDEX products_category_created_idx;
ALTER TABLE reservations DROP COLUMN release_reason;
