-- +goose Up
-- Training tests kept on the server while drafting, and each trainee's own
-- hours on a completion certificate (issue 6 items 7, 8).

-- A trainee's unfinished answers to a test, one row per trainee and test,
-- so they can move from phone to computer. answers is a JSON array of the
-- chosen option's index per question, -1 unanswered; it never holds the
-- answer key. Submitting removes the row.
CREATE TABLE test_drafts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    test_id      BIGINT NOT NULL REFERENCES course_tests(id),
    enrolment_id BIGINT NOT NULL REFERENCES enrolments(id),
    answers      TEXT NOT NULL,
    saved_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (test_id, enrolment_id)
);

-- hours is now the trainee's own hours (the sessions they attended);
-- course_hours is the course's. Certificates issued before printed the
-- course's hours in hours.
ALTER TABLE training_certificates ADD COLUMN course_hours DOUBLE PRECISION NOT NULL DEFAULT 0;
UPDATE training_certificates SET course_hours = hours;

-- +goose Down
ALTER TABLE training_certificates DROP COLUMN course_hours;
DROP TABLE test_drafts;
