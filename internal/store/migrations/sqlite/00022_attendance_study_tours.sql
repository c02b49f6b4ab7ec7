-- +goose Up
-- Attendance per course session (issue 6 item 5): one row per trainee and
-- session, marked by the trainee scanning the session's rotating QR code
-- (method 'qr') or by the organiser by hand with a reason ('manual').
CREATE TABLE attendance (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id   INTEGER NOT NULL REFERENCES course_sessions(id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolments(id),
    present      BOOLEAN NOT NULL,
    method       TEXT NOT NULL,               -- qr | manual
    reason       TEXT NOT NULL DEFAULT '',    -- required for manual marks
    marked_by    INTEGER REFERENCES users(id),
    marked_at    TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL,
    UNIQUE (session_id, enrolment_id)
);

-- The QR code windows each trainee used: a code works once per trainee,
-- so a replay after the organiser corrected the mark is refused.
CREATE TABLE attendance_codes_used (
    session_id   INTEGER NOT NULL REFERENCES course_sessions(id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolments(id),
    code_window  BIGINT NOT NULL,
    used_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, enrolment_id, code_window)
);

-- A study tour's itinerary (issue 6 item 6): stops in order, each a
-- producer or a product of the platform, or another place (an OCOP sales
-- point) named in free text with its address.
CREATE TABLE study_tour_stops (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id   INTEGER NOT NULL REFERENCES courses(id),
    stop_date   TEXT NOT NULL,               -- YYYY-MM-DD
    stop_time   TEXT NOT NULL DEFAULT '',    -- HH:MM
    sort_order  INTEGER NOT NULL,
    kind        TEXT NOT NULL,               -- producer | product | place
    producer_id INTEGER REFERENCES producers(id),
    product_id  INTEGER REFERENCES products(id),
    place_name  TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX study_tour_stops_course ON study_tour_stops (course_id, stop_date, sort_order);

-- Photos of a stop, stored through internal/files like product photos.
CREATE TABLE study_tour_photos (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    stop_id      INTEGER NOT NULL REFERENCES study_tour_stops(id),
    caption      TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    file_key     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_by   INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX study_tour_photos_stop ON study_tour_photos (stop_id);

-- +goose Down
DROP TABLE study_tour_photos;
DROP TABLE study_tour_stops;
DROP TABLE attendance_codes_used;
DROP TABLE attendance;
