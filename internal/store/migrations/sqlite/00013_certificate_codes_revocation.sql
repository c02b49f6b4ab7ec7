-- +goose Up
-- The public verification code of a certificate (its QR code opens
-- /verify/{code}): random and signed with the server's key, see
-- internal/secret/code.go. Rows from before this migration get one at
-- start-up; until then the code is empty, which the partial index allows.
ALTER TABLE certificates ADD COLUMN code TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX certificates_code ON certificates(code) WHERE code <> '';

-- Revocation (QĐ 26/2026 Điều 8): the ground (a, b, c, d, dd for đ, e), the
-- revoking decision, the day of the finding it rests on, and a note.
ALTER TABLE certificates ADD COLUMN revoke_ground TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN revoke_decision_no TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN revoke_decision_date TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN revoke_finding_date TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN revoke_note TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN revoked_at TIMESTAMP;

-- +goose Down
ALTER TABLE certificates DROP COLUMN revoked_at;
ALTER TABLE certificates DROP COLUMN revoke_note;
ALTER TABLE certificates DROP COLUMN revoke_finding_date;
ALTER TABLE certificates DROP COLUMN revoke_decision_date;
ALTER TABLE certificates DROP COLUMN revoke_decision_no;
ALTER TABLE certificates DROP COLUMN revoke_ground;
DROP INDEX certificates_code;
ALTER TABLE certificates DROP COLUMN code;
