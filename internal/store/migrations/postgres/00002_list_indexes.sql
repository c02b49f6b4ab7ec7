-- +goose Up
-- Lists are filtered by unit and ordered by name: one index serves both.
CREATE INDEX producers_province_name ON producers(province_code, search_text);
CREATE INDEX producers_commune_name ON producers(commune_code, search_text);
CREATE INDEX products_province_name ON products(province_code, search_text);
CREATE INDEX products_commune_name ON products(commune_code, search_text);

-- +goose Down
DROP INDEX products_commune_name;
DROP INDEX products_province_name;
DROP INDEX producers_commune_name;
DROP INDEX producers_province_name;
