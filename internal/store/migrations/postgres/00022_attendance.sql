-- +goose Up
-- Attendance per course session (issue 6 item 5): one row per trainee and
-- session, marked by the trainee scanning the session's rotating QR code
-- (method 'qr') or by the organiser by hand with a reason ('manual').
CREATE TABLE attendance (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id   BIGINT NOT NULL REFERENCES course_sessions(id),
    enrolment_id BIGINT NOT NULL REFERENCES enrolments(id),
    present      BOOLEAN NOT NULL,
    method       TEXT NOT NULL,               -- qr | manual
    reason       TEXT NOT NULL DEFAULT '',    -- required for manual marks
    marked_by    BIGINT REFERENCES users(id),
    marked_at    TIMESTAMPTZ NOT NULL,
    version      INTEGER NOT NULL,
    UNIQUE (session_id, enrolment_id)
);

-- The QR code windows each trainee used: a code works once per trainee,
-- so a replay after the organiser corrected the mark is refused.
CREATE TABLE attendance_codes_used (
    session_id   BIGINT NOT NULL REFERENCES course_sessions(id),
    enrolment_id BIGINT NOT NULL REFERENCES enrolments(id),
    code_window  BIGINT NOT NULL,
    used_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, enrolment_id, code_window)
);

-- +goose Down
DROP TABLE attendance_codes_used;
DROP TABLE attendance;
