-- +goose Up
-- The record of a council's session per round (date, place, notes), which
-- the minutes (biên bản) print.
CREATE TABLE council_meetings (
    round_id     INTEGER PRIMARY KEY REFERENCES rounds(id),
    meeting_date TEXT NOT NULL,   -- YYYY-MM-DD
    place        TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    updated_at   TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL
);

-- +goose Down
DROP TABLE council_meetings;
