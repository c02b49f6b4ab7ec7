-- +goose Up
-- The working-day calendar an administrator keeps: the days that differ
-- from an ordinary Monday–Friday week (see internal/calendar). Seeded from
-- the embedded 2025–2027 data at start-up when empty.
CREATE TABLE calendar_days (
    day        TEXT PRIMARY KEY, -- YYYY-MM-DD
    kind       TEXT NOT NULL CHECK (kind IN ('holiday', 'compensating', 'swapped_off', 'swapped_work')),
    name       TEXT NOT NULL,
    source     TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

-- +goose Down
DROP TABLE calendar_days;
