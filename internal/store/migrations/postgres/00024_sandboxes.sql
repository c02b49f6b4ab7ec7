-- +goose Up
-- Practice sandboxes (môi trường thực hành) for OCOP training: a fictional
-- province with communes, accounts and producers, owned by the province
-- that made it. Units of a sandbox carry sandbox = TRUE so every
-- real-world list can leave them out; their codes start with "T", a code
-- space the official numeric codes never use.
ALTER TABLE units ADD COLUMN sandbox BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE sandboxes (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT NOT NULL,
    course_id     INTEGER,                 -- the training course, linked when courses exist
    province_code TEXT NOT NULL,           -- the real province that owns it
    unit_code     TEXT NOT NULL UNIQUE,    -- the fictional province, "T<id>"
    seats         INTEGER NOT NULL,
    password      TEXT NOT NULL,           -- the one practice password, shown to the organiser
    created_by    BIGINT NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX sandboxes_province ON sandboxes(province_code);

-- +goose Down
DROP TABLE sandboxes;
ALTER TABLE units DROP COLUMN sandbox;
