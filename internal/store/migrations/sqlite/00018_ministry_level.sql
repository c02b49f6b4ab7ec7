-- +goose Up
-- The Ministry's level (QĐ 26/2026 Điều 4.1.b, 7 bước 4): a dossier of 90
-- points or more is proposed to the Ministry by the province's letter, is
-- evaluated again in a Ministry round, and is recognised 5★ by the
-- Minister; below that the province may recognise 3★/4★ from the central
-- result. So a dossier may sit in one round per level, and a round may
-- carry, besides its own decision, each province's decision taken from
-- its result. SQLite cannot drop a constraint: the tables are rebuilt,
-- children first, so no foreign key is ever left dangling.
CREATE TABLE round_dossiers_new (
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    level      TEXT NOT NULL,                  -- the round's level: a dossier is in one round per level
    scoring    BOOLEAN NOT NULL DEFAULT FALSE,
    added_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (round_id, dossier_id),
    UNIQUE (dossier_id, level)
);
INSERT INTO round_dossiers_new (round_id, dossier_id, level, scoring, added_at)
    SELECT rd.round_id, rd.dossier_id, r.level, rd.scoring, rd.added_at FROM round_dossiers rd JOIN rounds r ON r.id = rd.round_id;
DROP TABLE round_dossiers;
ALTER TABLE round_dossiers_new RENAME TO round_dossiers;

CREATE TABLE decisions_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id      INTEGER NOT NULL REFERENCES rounds(id),
    kind          TEXT NOT NULL DEFAULT 'round',  -- round: the round's own | central: a province's, from the Ministry round's result
    province_code TEXT NOT NULL DEFAULT '',       -- the deciding province; '' for the Minister
    number        TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    signer        TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (round_id, kind, province_code)
);
INSERT INTO decisions_new (id, round_id, kind, province_code, number, decision_date, signer, created_at)
    SELECT d.id, d.round_id, 'round', r.province_code, d.number, d.decision_date, d.signer, d.created_at
    FROM decisions d JOIN rounds r ON r.id = d.round_id;

CREATE TABLE decision_outcomes_new (
    decision_id    INTEGER NOT NULL REFERENCES decisions_new(id),
    dossier_id     INTEGER NOT NULL REFERENCES dossiers(id),
    total          REAL NOT NULL,
    stars          INTEGER NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('certified', 'none', 'ministry', 'province')),
    certificate_id INTEGER REFERENCES certificates(id),
    PRIMARY KEY (decision_id, dossier_id)
);
INSERT INTO decision_outcomes_new SELECT decision_id, dossier_id, total, stars, outcome, certificate_id FROM decision_outcomes;
DROP TABLE decision_outcomes;
DROP TABLE decisions;
ALTER TABLE decisions_new RENAME TO decisions;
ALTER TABLE decision_outcomes_new RENAME TO decision_outcomes;

-- The province's letter proposing a dossier to the Ministry for 5★
-- (Điều 6.3): its date places the dossier in a Ministry round's window.
CREATE TABLE ministry_proposals (
    dossier_id    INTEGER PRIMARY KEY REFERENCES dossiers(id),
    province_code TEXT NOT NULL,
    letter_no     TEXT NOT NULL,
    letter_date   TEXT NOT NULL,                  -- YYYY-MM-DD
    signer        TEXT NOT NULL,
    sent_by       INTEGER NOT NULL REFERENCES users(id),
    sent_at       TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE ministry_proposals;
CREATE TABLE decisions_old (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id      INTEGER NOT NULL UNIQUE REFERENCES rounds(id),
    number        TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    signer        TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
INSERT INTO decisions_old SELECT id, round_id, number, decision_date, signer, created_at FROM decisions WHERE kind = 'round';
CREATE TABLE decision_outcomes_old (
    decision_id    INTEGER NOT NULL REFERENCES decisions_old(id),
    dossier_id     INTEGER NOT NULL REFERENCES dossiers(id),
    total          REAL NOT NULL,
    stars          INTEGER NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('certified', 'none', 'ministry')),
    certificate_id INTEGER REFERENCES certificates(id),
    PRIMARY KEY (decision_id, dossier_id)
);
INSERT INTO decision_outcomes_old SELECT o.* FROM decision_outcomes o JOIN decisions_old d ON d.id = o.decision_id
    WHERE o.outcome <> 'province';
DROP TABLE decision_outcomes;
DROP TABLE decisions;
ALTER TABLE decisions_old RENAME TO decisions;
ALTER TABLE decision_outcomes_old RENAME TO decision_outcomes;
CREATE TABLE round_dossiers_old (
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) UNIQUE,
    scoring    BOOLEAN NOT NULL DEFAULT FALSE,
    added_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (round_id, dossier_id)
);
INSERT INTO round_dossiers_old SELECT round_id, dossier_id, scoring, added_at FROM round_dossiers WHERE level = 'province';
DROP TABLE round_dossiers;
ALTER TABLE round_dossiers_old RENAME TO round_dossiers;
