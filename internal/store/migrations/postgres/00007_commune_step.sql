-- +goose Up
-- The commune step (QĐ 26/2026 Điều 7.2): the receipt number of Mẫu 01
-- ("Phiếu số …/PĐK-(tỉnh)-(xã)-(năm)", a sequence each commune keeps per
-- year), the Mẫu 03 assessment as JSON, and the return reason.
ALTER TABLE dossiers ADD COLUMN receipt_no TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN received_at TIMESTAMPTZ;
ALTER TABLE dossiers ADD COLUMN commune_report TEXT NOT NULL DEFAULT '{}';
ALTER TABLE dossiers ADD COLUMN return_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN forwarded_at TIMESTAMPTZ;

CREATE TABLE commune_sequences (
    commune_code TEXT NOT NULL,
    year         INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    last         INTEGER NOT NULL,
    PRIMARY KEY (commune_code, year, kind)
);

-- +goose Down
DROP TABLE commune_sequences;
ALTER TABLE dossiers DROP COLUMN forwarded_at;
ALTER TABLE dossiers DROP COLUMN return_reason;
ALTER TABLE dossiers DROP COLUMN commune_report;
ALTER TABLE dossiers DROP COLUMN received_at;
ALTER TABLE dossiers DROP COLUMN receipt_no;
