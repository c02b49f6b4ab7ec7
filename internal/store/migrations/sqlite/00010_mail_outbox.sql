-- +goose Up
-- E-mail outbox: written in the same transaction as the in-app
-- notification it copies, delivered later by the sender loop. A row is
-- claimed with a token and a short lease so two servers never send it twice.
CREATE TABLE mail_outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    address       TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_attempt  TIMESTAMP NOT NULL,
    claim_token   TEXT NOT NULL DEFAULT '',
    claimed_until TIMESTAMP,
    sent_at       TIMESTAMP,
    last_error    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt) WHERE sent_at IS NULL;

-- Reminders already sent: the key names the rule, the record and the
-- occasion, so each reminder goes out once.
CREATE TABLE reminders_sent (
    key     TEXT PRIMARY KEY,
    sent_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE reminders_sent;
DROP TABLE mail_outbox;
