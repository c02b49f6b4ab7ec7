-- +goose Up
-- The advisory team's review of a round's dossiers before the council
-- session (QĐ 26/2026 Điều 7.3.c): notes, site visits with photos,
-- requests for extra lab tests, a pre-screening verdict per dossier and
-- the team's report to the council chair.
CREATE TABLE advisory_notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX advisory_notes_dossier ON advisory_notes (round_id, dossier_id);

CREATE TABLE site_visits (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id     INTEGER NOT NULL REFERENCES rounds(id),
    dossier_id   INTEGER NOT NULL REFERENCES dossiers(id),
    visit_date   TEXT NOT NULL,              -- YYYY-MM-DD
    place        TEXT NOT NULL,
    participants TEXT NOT NULL,
    findings     TEXT NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX site_visits_dossier ON site_visits (round_id, dossier_id);

CREATE TABLE site_visit_photos (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    visit_id     INTEGER NOT NULL REFERENCES site_visits(id),
    file_name    TEXT NOT NULL,
    file_key     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE lab_requests (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id      INTEGER NOT NULL REFERENCES rounds(id),
    dossier_id    INTEGER NOT NULL REFERENCES dossiers(id),
    what          TEXT NOT NULL,
    lab           TEXT NOT NULL,
    deadline      TEXT NOT NULL,             -- YYYY-MM-DD
    status        TEXT NOT NULL,             -- requested | received
    result_note   TEXT NOT NULL DEFAULT '',
    result_name   TEXT NOT NULL DEFAULT '',
    result_key    TEXT NOT NULL DEFAULT '',
    result_type   TEXT NOT NULL DEFAULT '',
    result_size   INTEGER NOT NULL DEFAULT 0,
    result_sha256 TEXT NOT NULL DEFAULT '',
    requested_by  INTEGER NOT NULL REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL
);
CREATE INDEX lab_requests_dossier ON lab_requests (round_id, dossier_id);

-- One pre-screening verdict per dossier of a round, changed in place
-- (the audit trail keeps every change).
CREATE TABLE advisory_verdicts (
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    verdict    TEXT NOT NULL,                -- eligible | needs_more | ineligible
    reasons    TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    version    INTEGER NOT NULL,
    PRIMARY KEY (round_id, dossier_id)
);

-- The team lead's report to the council chair; once submitted the
-- review is read-only.
CREATE TABLE advisory_reports (
    round_id     INTEGER PRIMARY KEY REFERENCES rounds(id),
    summary      TEXT NOT NULL,
    submitted_by INTEGER NOT NULL REFERENCES users(id),
    submitted_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE advisory_reports;
DROP TABLE advisory_verdicts;
DROP TABLE lab_requests;
DROP TABLE site_visit_photos;
DROP TABLE site_visits;
DROP TABLE advisory_notes;
