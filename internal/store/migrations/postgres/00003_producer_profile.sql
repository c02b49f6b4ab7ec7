-- +goose Up
-- The producer profile of QĐ 26/2026 Mẫu 01: founding date, the legal
-- representative (criterion 3.2 gives a point to a woman, a member of an
-- ethnic minority or a person with a disability), contacts and the
-- organisation. Dates are ISO text (YYYY-MM-DD) on both databases.
ALTER TABLE producers ADD COLUMN founded_on TEXT NOT NULL DEFAULT '';
ALTER TABLE producers ADD COLUMN rep_gender TEXT NOT NULL DEFAULT '';
ALTER TABLE producers ADD COLUMN rep_ethnicity TEXT NOT NULL DEFAULT '';
ALTER TABLE producers ADD COLUMN rep_disabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE producers ADD COLUMN rep_address TEXT NOT NULL DEFAULT '';
ALTER TABLE producers ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE producers ADD COLUMN organisation TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE producers DROP COLUMN organisation;
ALTER TABLE producers DROP COLUMN website;
ALTER TABLE producers DROP COLUMN rep_address;
ALTER TABLE producers DROP COLUMN rep_disabled;
ALTER TABLE producers DROP COLUMN rep_ethnicity;
ALTER TABLE producers DROP COLUMN rep_gender;
ALTER TABLE producers DROP COLUMN founded_on;
