-- +goose Up
-- Mẫu 02 parts I, II and IV (QĐ 26/2026 Phụ lục III) as JSON beside the
-- part III sheet, and every submitted version of a dossier kept as it was
-- filed, so the province and the producer can compare them (Điều 7.3: the
-- province may ask for completion; the earlier filing must stay readable).
ALTER TABLE dossiers ADD COLUMN self_report TEXT NOT NULL DEFAULT '{}';
-- Evidence removed from a draft stays on file while a submitted version
-- names it.
ALTER TABLE dossier_evidence ADD COLUMN removed_at TIMESTAMP;

CREATE TABLE dossier_versions (
    dossier_id   INTEGER NOT NULL REFERENCES dossiers(id),
    n            INTEGER NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    submitted_by INTEGER NOT NULL DEFAULT 0,
    sheet        TEXT NOT NULL,
    self_report  TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    PRIMARY KEY (dossier_id, n)
);

-- +goose Down
DROP TABLE dossier_versions;
ALTER TABLE dossier_evidence DROP COLUMN removed_at;
ALTER TABLE dossiers DROP COLUMN self_report;
