-- +goose Up
-- The product code of QĐ 26/2026 ("(tỉnh)-(xã)-(STT)-(năm)"), given when the
-- commune receives the product's first dossier and kept afterwards.
ALTER TABLE products ADD COLUMN code TEXT NOT NULL DEFAULT '';

-- A re-rating dossier opened less than 120 days before the certificate
-- expires (Điều 7 bước 6) is accepted but flagged late.
ALTER TABLE dossiers ADD COLUMN late BOOLEAN NOT NULL DEFAULT FALSE;

-- Product photos: JPEG, PNG or WebP in the file store; one is the main
-- photo; the caption is the alt text.
CREATE TABLE product_photos (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id   INTEGER NOT NULL REFERENCES products(id),
    file_name    TEXT NOT NULL,
    file_key     TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    caption      TEXT NOT NULL DEFAULT '',
    main         BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX product_photos_product ON product_photos(product_id);

-- OCOP certificates (giấy chứng nhận): "recorded" from a paper decision
-- made before the platform, "round" issued by an evaluation round (later).
-- Dates are calendar days, YYYY-MM-DD; expires_on is the last valid day.
CREATE TABLE certificates (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    number        TEXT NOT NULL,
    product_id    INTEGER NOT NULL REFERENCES products(id),
    producer_id   INTEGER NOT NULL REFERENCES producers(id),
    province_code TEXT NOT NULL,
    commune_code  TEXT NOT NULL,
    stars         INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5),
    level         TEXT NOT NULL CHECK (level IN ('province', 'ministry')),
    decision_no   TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    signer        TEXT NOT NULL DEFAULT '',
    issued_on     TEXT NOT NULL,
    expires_on    TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
    source        TEXT NOT NULL CHECK (source IN ('recorded', 'round')),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX certificates_product ON certificates(product_id);
CREATE INDEX certificates_expiry ON certificates(status, expires_on);

-- +goose Down
DROP TABLE certificates;
DROP TABLE product_photos;
ALTER TABLE dossiers DROP COLUMN late;
ALTER TABLE products DROP COLUMN code;
