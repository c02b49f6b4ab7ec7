-- +goose Up
-- The Ministry's request for additions (QĐ 26/2026 Điều 7 bước 4): at
-- central level it is a letter to the province's People's Committee,
-- which passes it to the producer; the producer refiles with the
-- province, and the province's new letter sends the dossier back to the
-- Ministry. One request per dossier is open (not closed) at a time.
CREATE TABLE ministry_additions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id    INTEGER NOT NULL REFERENCES dossiers(id),
    round_id      INTEGER NOT NULL REFERENCES rounds(id),   -- the Ministry round that asked
    province_code TEXT NOT NULL,
    letter_no     TEXT NOT NULL DEFAULT '',
    letter_date   TEXT NOT NULL,                            -- YYYY-MM-DD
    content       TEXT NOT NULL,                            -- what is missing, per criterion where possible
    working_days  INTEGER NOT NULL,
    due_on        TEXT NOT NULL,                            -- letter_date + working_days on the calendar
    status        TEXT NOT NULL CHECK (status IN ('open', 'passed', 'refiled', 'closed')),
    requested_by  INTEGER NOT NULL REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ministry_additions_open ON ministry_additions(dossier_id) WHERE status <> 'closed';

-- A dossier may be proposed again (after the Ministry's additions, or
-- after a new provincial round): letters are numbered per dossier and the
-- earlier ones stay readable.
CREATE TABLE ministry_proposals_new (
    dossier_id    INTEGER NOT NULL REFERENCES dossiers(id),
    n             INTEGER NOT NULL,
    province_code TEXT NOT NULL,
    letter_no     TEXT NOT NULL,
    letter_date   TEXT NOT NULL,
    signer        TEXT NOT NULL,
    sent_by       INTEGER NOT NULL REFERENCES users(id),
    sent_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (dossier_id, n)
);
INSERT INTO ministry_proposals_new SELECT dossier_id, 1, province_code, letter_no, letter_date, signer, sent_by, sent_at
    FROM ministry_proposals;
DROP TABLE ministry_proposals;
ALTER TABLE ministry_proposals_new RENAME TO ministry_proposals;

-- A dossier the Ministry sent back below 5★ may join a new provincial
-- round: a dossier is in one round per level and pass, the pass counting
-- the decided rounds of the level it went through before.
CREATE TABLE round_dossiers_new (
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    level      TEXT NOT NULL,
    pass       INTEGER NOT NULL DEFAULT 1,
    scoring    BOOLEAN NOT NULL DEFAULT FALSE,
    added_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (round_id, dossier_id),
    UNIQUE (dossier_id, level, pass)
);
INSERT INTO round_dossiers_new (round_id, dossier_id, level, pass, scoring, added_at)
    SELECT round_id, dossier_id, level, 1, scoring, added_at FROM round_dossiers;
DROP TABLE round_dossiers;
ALTER TABLE round_dossiers_new RENAME TO round_dossiers;

-- +goose Down
CREATE TABLE round_dossiers_old (
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    level      TEXT NOT NULL,
    scoring    BOOLEAN NOT NULL DEFAULT FALSE,
    added_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (round_id, dossier_id),
    UNIQUE (dossier_id, level)
);
INSERT INTO round_dossiers_old (round_id, dossier_id, level, scoring, added_at)
    SELECT round_id, dossier_id, level, scoring, added_at FROM round_dossiers WHERE pass = 1;
DROP TABLE round_dossiers;
ALTER TABLE round_dossiers_old RENAME TO round_dossiers;
CREATE TABLE ministry_proposals_old (
    dossier_id    INTEGER PRIMARY KEY REFERENCES dossiers(id),
    province_code TEXT NOT NULL,
    letter_no     TEXT NOT NULL,
    letter_date   TEXT NOT NULL,
    signer        TEXT NOT NULL,
    sent_by       INTEGER NOT NULL REFERENCES users(id),
    sent_at       TIMESTAMP NOT NULL
);
INSERT INTO ministry_proposals_old SELECT dossier_id, province_code, letter_no, letter_date, signer, sent_by, sent_at
    FROM ministry_proposals WHERE n = 1;
DROP TABLE ministry_proposals;
ALTER TABLE ministry_proposals_old RENAME TO ministry_proposals;
DROP TABLE ministry_additions;
