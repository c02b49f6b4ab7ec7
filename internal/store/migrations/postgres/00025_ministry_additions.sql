-- +goose Up
-- The Ministry's request for additions (QĐ 26/2026 Điều 7 bước 4): at
-- central level it is a letter to the province's People's Committee,
-- which passes it to the producer; the producer refiles with the
-- province, and the province's new letter sends the dossier back to the
-- Ministry. One request per dossier is open (not closed) at a time.
CREATE TABLE ministry_additions (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id    BIGINT NOT NULL REFERENCES dossiers(id),
    round_id      BIGINT NOT NULL REFERENCES rounds(id),    -- the Ministry round that asked
    province_code TEXT NOT NULL,
    letter_no     TEXT NOT NULL DEFAULT '',
    letter_date   TEXT NOT NULL,                            -- YYYY-MM-DD
    content       TEXT NOT NULL,                            -- what is missing, per criterion where possible
    working_days  INTEGER NOT NULL,
    due_on        TEXT NOT NULL,                            -- letter_date + working_days on the calendar
    status        TEXT NOT NULL CHECK (status IN ('open', 'passed', 'refiled', 'closed')),
    requested_by  BIGINT NOT NULL REFERENCES users(id),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ministry_additions_open ON ministry_additions(dossier_id) WHERE status <> 'closed';

-- A dossier may be proposed again (after the Ministry's additions, or
-- after a new provincial round): letters are numbered per dossier and the
-- earlier ones stay readable.
ALTER TABLE ministry_proposals ADD COLUMN n INTEGER NOT NULL DEFAULT 1;
ALTER TABLE ministry_proposals ALTER COLUMN n DROP DEFAULT;
ALTER TABLE ministry_proposals DROP CONSTRAINT ministry_proposals_pkey;
ALTER TABLE ministry_proposals ADD PRIMARY KEY (dossier_id, n);

-- A dossier the Ministry sent back below 5★ may join a new provincial
-- round: a dossier is in one round per level and pass, the pass counting
-- the decided rounds of the level it went through before.
ALTER TABLE round_dossiers ADD COLUMN pass INTEGER NOT NULL DEFAULT 1;
ALTER TABLE round_dossiers DROP CONSTRAINT round_dossiers_dossier_level_key;
ALTER TABLE round_dossiers ADD CONSTRAINT round_dossiers_dossier_level_pass_key UNIQUE (dossier_id, level, pass);

-- +goose Down
DELETE FROM round_dossiers WHERE pass > 1;
ALTER TABLE round_dossiers DROP CONSTRAINT round_dossiers_dossier_level_pass_key;
ALTER TABLE round_dossiers ADD CONSTRAINT round_dossiers_dossier_level_key UNIQUE (dossier_id, level);
ALTER TABLE round_dossiers DROP COLUMN pass;
DELETE FROM ministry_proposals WHERE n > 1;
ALTER TABLE ministry_proposals DROP CONSTRAINT ministry_proposals_pkey;
ALTER TABLE ministry_proposals DROP COLUMN n;
ALTER TABLE ministry_proposals ADD PRIMARY KEY (dossier_id);
DROP TABLE ministry_additions;
