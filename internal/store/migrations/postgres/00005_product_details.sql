-- +goose Up
-- Product details of the dossier (QĐ 26/2026 Mẫu 01/02): the scorecard it
-- is assessed on (Bộ sản phẩm 1–26 of Phụ lục I), packaging and units, the
-- published quality standard, growing-area and packing-facility codes,
-- barcode, and the product story.
ALTER TABLE products ADD COLUMN card INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN packaging TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN unit_spec TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN quality_standard TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN growing_area_codes TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN packing_facility_codes TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN gtin TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN story TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE products DROP COLUMN story;
ALTER TABLE products DROP COLUMN gtin;
ALTER TABLE products DROP COLUMN packing_facility_codes;
ALTER TABLE products DROP COLUMN growing_area_codes;
ALTER TABLE products DROP COLUMN quality_standard;
ALTER TABLE products DROP COLUMN unit_spec;
ALTER TABLE products DROP COLUMN packaging;
ALTER TABLE products DROP COLUMN card;
