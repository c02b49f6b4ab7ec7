-- +goose Up
-- The OCOP dossier of a product (hồ sơ sản phẩm): the producer's
-- self-assessment on the product's scorecard (Mẫu 02 phần III) kept as the
-- engine's sheet in JSON, with evidence files per criterion.
CREATE TABLE dossiers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id    INTEGER NOT NULL REFERENCES products(id),
    producer_id   INTEGER NOT NULL REFERENCES producers(id),
    commune_code  TEXT NOT NULL,
    province_code TEXT NOT NULL,
    kind          TEXT NOT NULL,
    decision      TEXT NOT NULL,
    card          INTEGER NOT NULL,
    status        TEXT NOT NULL,
    sheet         TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    submitted_at  TIMESTAMP,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dossiers_product ON dossiers(product_id);
CREATE INDEX dossiers_scope ON dossiers(province_code, commune_code, status);

CREATE TABLE dossier_evidence (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id   INTEGER NOT NULL REFERENCES dossiers(id),
    criterion    TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    file_key     TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX dossier_evidence_dossier ON dossier_evidence(dossier_id);

-- +goose Down
DROP TABLE dossier_evidence;
DROP TABLE dossiers;
