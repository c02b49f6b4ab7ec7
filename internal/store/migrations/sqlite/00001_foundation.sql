-- +goose Up
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE units (
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    short_name    TEXT NOT NULL,
    kind          TEXT NOT NULL,
    province_code TEXT REFERENCES units(code),
    search_text   TEXT NOT NULL
);
CREATE INDEX units_province ON units(province_code);

CREATE TABLE old_communes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    district_code TEXT NOT NULL,
    district_name TEXT NOT NULL,
    province_code TEXT NOT NULL,
    province_name TEXT NOT NULL,
    new_code      TEXT NOT NULL REFERENCES units(code),
    search_text   TEXT NOT NULL
);
CREATE INDEX old_communes_code ON old_communes(code);
CREATE INDEX old_communes_new ON old_communes(new_code);

CREATE TABLE producers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    legal_type      TEXT NOT NULL,
    registration_no TEXT NOT NULL DEFAULT '',
    tax_code        TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    commune_code    TEXT NOT NULL REFERENCES units(code),
    province_code   TEXT NOT NULL REFERENCES units(code),
    representative  TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX producers_commune ON producers(commune_code);
CREATE INDEX producers_province ON producers(province_code);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    username             TEXT NOT NULL UNIQUE,
    full_name            TEXT NOT NULL,
    email                TEXT NOT NULL DEFAULT '',
    phone                TEXT NOT NULL DEFAULT '',
    password_hash        TEXT NOT NULL,
    role                 TEXT NOT NULL,
    scope_level          TEXT NOT NULL,
    scope_province       TEXT NOT NULL DEFAULT '',
    scope_commune        TEXT NOT NULL DEFAULT '',
    producer_id          INTEGER REFERENCES producers(id),
    status               TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    last_login_at        TIMESTAMP,
    version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_scope ON users(scope_province, scope_commune);
CREATE INDEX users_producer ON users(producer_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE products (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    producer_id   INTEGER NOT NULL REFERENCES producers(id),
    name          TEXT NOT NULL,
    category      TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    stars         INTEGER NOT NULL DEFAULT 0,
    commune_code  TEXT NOT NULL REFERENCES units(code),
    province_code TEXT NOT NULL REFERENCES units(code),
    search_text   TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX products_producer ON products(producer_id);
CREATE INDEX products_province ON products(province_code);

-- The audit trail is append-only and hash-chained: hash = sha256(prev_hash
-- || canonical row). audit_head holds the last link; updating it inside the
-- writing transaction serialises appenders on both databases.
CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor_id     INTEGER NOT NULL DEFAULT 0,
    actor_name   TEXT NOT NULL,
    action       TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    unit_code    TEXT NOT NULL DEFAULT '',
    before_json  TEXT NOT NULL,
    after_json   TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- +goose Down
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE products;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE producers;
DROP TABLE old_communes;
DROP TABLE units;
DROP TABLE settings;
