-- +goose Up
-- Evaluation rounds (đợt đánh giá, QĐ 26/2026 Điều 5), their council and
-- advisory team (Điều 8), members' declared conflicts of interest and
-- recusals, and the blind score sheets, every version kept.
CREATE TABLE rounds (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    level          TEXT NOT NULL,              -- province | ministry
    province_code  TEXT NOT NULL DEFAULT '',   -- '' for the Ministry
    year           INTEGER NOT NULL,
    number         INTEGER NOT NULL,
    kind           TEXT NOT NULL,              -- regular | extra
    title          TEXT NOT NULL DEFAULT '',
    forwarded_from TEXT NOT NULL,              -- YYYY-MM-DD, window of forwarding [from, to)
    forwarded_to   TEXT NOT NULL,
    decide_by      TEXT NOT NULL,              -- YYYY-MM-DD, statutory decision deadline
    status         TEXT NOT NULL,              -- open | scoring | closed | decided
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        INTEGER NOT NULL,
    UNIQUE (level, province_code, year, kind, number)
);

-- A dossier is evaluated in one round only.
CREATE TABLE round_dossiers (
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) UNIQUE,
    scoring    BOOLEAN NOT NULL DEFAULT FALSE, -- members may score it now
    added_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (round_id, dossier_id)
);

-- The council (kind council) and the advisory team (kind advisory).
CREATE TABLE councils (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id        INTEGER NOT NULL REFERENCES rounds(id),
    kind            TEXT NOT NULL,
    decision_no     TEXT NOT NULL DEFAULT '',
    decision_date   TEXT NOT NULL DEFAULT '',
    signer          TEXT NOT NULL DEFAULT '',
    quorum_percent  REAL NOT NULL,
    require_chair   BOOLEAN NOT NULL,
    tolerance       REAL NOT NULL,
    written_opinion BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL,
    UNIQUE (round_id, kind)
);

CREATE TABLE council_members (
    council_id INTEGER NOT NULL REFERENCES councils(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    position   TEXT NOT NULL,  -- chair | vice_chair | member | secretary | expert
    department TEXT NOT NULL,
    present    BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (council_id, user_id)
);

-- Producers a member declared a link to: the member never sees their dossiers.
CREATE TABLE member_conflicts (
    user_id     INTEGER NOT NULL REFERENCES users(id),
    producer_id INTEGER NOT NULL REFERENCES producers(id),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, producer_id)
);

CREATE TABLE recusals (
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    reason     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (round_id, dossier_id, user_id)
);

-- One row per version of a member's sheet on a dossier; a re-score adds
-- a version, nothing is overwritten once submitted.
CREATE TABLE score_sheets (
    round_id     INTEGER NOT NULL REFERENCES rounds(id),
    dossier_id   INTEGER NOT NULL REFERENCES dossiers(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    n            INTEGER NOT NULL,
    sheet        TEXT NOT NULL,
    comments     TEXT NOT NULL,
    status       TEXT NOT NULL,              -- draft | submitted
    paper        BOOLEAN NOT NULL DEFAULT FALSE,
    entered_by   INTEGER NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    version      INTEGER NOT NULL,
    PRIMARY KEY (round_id, dossier_id, user_id, n)
);

-- +goose Down
DROP TABLE score_sheets;
DROP TABLE recusals;
DROP TABLE member_conflicts;
DROP TABLE council_members;
DROP TABLE councils;
DROP TABLE round_dossiers;
DROP TABLE rounds;
