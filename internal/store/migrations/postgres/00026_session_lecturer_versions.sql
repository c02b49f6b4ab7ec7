-- +goose Up
-- Sessions and lecturers become editable with optimistic concurrency: a
-- form or JSON body carries the version it was read at, and a save
-- against a newer one is a conflict. Existing rows start at version 1.
ALTER TABLE course_sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE lecturers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- "Buổi tôi giảng": the sessions of a lecturer's linked account.
CREATE INDEX lecturers_user ON lecturers (user_id);
CREATE INDEX course_sessions_lecturer ON course_sessions (lecturer_id);

-- +goose Down
DROP INDEX course_sessions_lecturer;
DROP INDEX lecturers_user;
ALTER TABLE lecturers DROP COLUMN version;
ALTER TABLE course_sessions DROP COLUMN version;
