-- +goose Up
-- Training tests, feedback and completion certificates (issue 6 items 7, 8).

-- A course's pre-test or post-test. questions is a JSON snapshot of the
-- chosen bank questions in their fixed order (body, options, correct),
-- so later edits of the bank change neither the test nor its scores.
CREATE TABLE course_tests (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id  INTEGER NOT NULL REFERENCES courses(id),
    kind       TEXT NOT NULL,             -- pre | post
    status     TEXT NOT NULL,             -- open | closed
    questions  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version    INTEGER NOT NULL,
    UNIQUE (course_id, kind)
);

-- One result per trainee and test. An online attempt keeps the answers
-- (JSON array of chosen option indexes, -1 unanswered) and correct of
-- total; a paper result entered by an organiser has paper = 1, no
-- answers, and the score as correct of 100.
CREATE TABLE test_results (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    test_id      INTEGER NOT NULL REFERENCES course_tests(id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolments(id),
    answers      TEXT NOT NULL DEFAULT '[]',
    correct      INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    paper        INTEGER NOT NULL DEFAULT 0,
    entered_by   INTEGER REFERENCES users(id),
    submitted_at TIMESTAMP NOT NULL,
    UNIQUE (test_id, enrolment_id)
);

-- The feedback survey after a course, once per trainee; ratings 1–5.
CREATE TABLE course_feedback (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id    INTEGER NOT NULL REFERENCES courses(id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolments(id),
    content      INTEGER NOT NULL,
    lecturers    INTEGER NOT NULL,
    organisation INTEGER NOT NULL,
    usefulness   INTEGER NOT NULL,
    comment      TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (course_id, enrolment_id)
);

-- Completion certificates: what was printed is kept as issued; code is the
-- signed public verification code (internal/secret). A revoked one keeps
-- its row with the reason.
CREATE TABLE training_certificates (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id         INTEGER NOT NULL REFERENCES courses(id),
    enrolment_id      INTEGER NOT NULL REFERENCES enrolments(id),
    number            TEXT NOT NULL UNIQUE,
    code              TEXT NOT NULL UNIQUE,
    full_name         TEXT NOT NULL,
    unit_name         TEXT NOT NULL DEFAULT '',
    course_title      TEXT NOT NULL,
    organiser         TEXT NOT NULL,
    start_date        TEXT NOT NULL,
    end_date          TEXT NOT NULL,
    sessions_total    INTEGER NOT NULL,
    sessions_attended INTEGER NOT NULL,
    hours             REAL NOT NULL,
    posttest_pct      REAL NOT NULL,
    province_code     TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,      -- valid | revoked
    revoke_reason     TEXT NOT NULL DEFAULT '',
    revoked_at        TIMESTAMP,
    issued_by         INTEGER REFERENCES users(id),
    issued_at         TIMESTAMP NOT NULL,
    version           INTEGER NOT NULL,
    UNIQUE (course_id, enrolment_id)
);

-- +goose Down
DROP TABLE training_certificates;
DROP TABLE course_feedback;
DROP TABLE test_results;
DROP TABLE course_tests;
