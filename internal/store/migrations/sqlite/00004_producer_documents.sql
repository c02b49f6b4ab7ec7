-- +goose Up
-- Documents a producer keeps once and every product and dossier reuses:
-- business registration, food-safety certificate, licences, trademark and
-- quality certificates, lab reports. Files live outside the database under
-- a random name (file_key); dates are ISO text.
CREATE TABLE producer_documents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    producer_id   INTEGER NOT NULL REFERENCES producers(id),
    commune_code  TEXT NOT NULL,
    province_code TEXT NOT NULL,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    number        TEXT NOT NULL DEFAULT '',
    issuer        TEXT NOT NULL DEFAULT '',
    issued_on     TEXT NOT NULL DEFAULT '',
    expires_on    TEXT NOT NULL DEFAULT '',
    file_name     TEXT NOT NULL,
    file_key      TEXT NOT NULL UNIQUE,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX producer_documents_producer ON producer_documents(producer_id);
CREATE INDEX producer_documents_expiry ON producer_documents(province_code, expires_on);

-- +goose Down
DROP TABLE producer_documents;
