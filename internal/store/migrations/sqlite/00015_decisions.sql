-- +goose Up
-- The recognition decision closing a round (QĐ 26/2026 Điều 7 bước 3e, 4):
-- the Chairman's (or the Minister's) decision, one per round, and what it
-- says of each dossier of the round: certified (a certificate issued),
-- none (1★/2★: no decision, no certificate, Điều 4) or ministry (90 points
-- or more: proposed to the Ministry for 5★).
CREATE TABLE decisions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id      INTEGER NOT NULL UNIQUE REFERENCES rounds(id),
    number        TEXT NOT NULL,
    decision_date TEXT NOT NULL,              -- YYYY-MM-DD
    signer        TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE decision_outcomes (
    decision_id    INTEGER NOT NULL REFERENCES decisions(id),
    dossier_id     INTEGER NOT NULL REFERENCES dossiers(id),
    total          REAL NOT NULL,
    stars          INTEGER NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('certified', 'none', 'ministry')),
    certificate_id INTEGER REFERENCES certificates(id),
    PRIMARY KEY (decision_id, dossier_id)
);

-- +goose Down
DROP TABLE decision_outcomes;
DROP TABLE decisions;
