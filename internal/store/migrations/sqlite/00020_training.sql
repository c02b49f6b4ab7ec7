-- +goose Up
-- OCOP training (tập huấn): a national topic catalogue with materials and a
-- question bank, yearly plans per province, courses with sessions and
-- lecturers, and enrolments with a waitlist. A course's province_code is
-- its scope; '' marks a national course. Dates are YYYY-MM-DD, times HH:MM.
CREATE TABLE training_topics (
    code        TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    sort_order  INTEGER NOT NULL
);

-- A file (file_* set, kind 'file') or a link (url set, kind 'link');
-- province_code is the manager's province who added it ('' national).
CREATE TABLE topic_materials (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    topic_code    TEXT NOT NULL REFERENCES training_topics(code),
    kind          TEXT NOT NULL,             -- file | link
    title         TEXT NOT NULL,
    url           TEXT NOT NULL DEFAULT '',
    file_name     TEXT NOT NULL DEFAULT '',
    file_key      TEXT NOT NULL DEFAULT '',
    content_type  TEXT NOT NULL DEFAULT '',
    size          INTEGER NOT NULL DEFAULT 0,
    sha256        TEXT NOT NULL DEFAULT '',
    province_code TEXT NOT NULL DEFAULT '',
    created_by    INTEGER REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX topic_materials_topic ON topic_materials (topic_code);

-- Multiple-choice questions: options is a JSON array of 2–6 strings,
-- correct the 0-based index of the one right answer.
CREATE TABLE topic_questions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    topic_code    TEXT NOT NULL REFERENCES training_topics(code),
    body          TEXT NOT NULL,
    options       TEXT NOT NULL,
    correct       INTEGER NOT NULL,
    province_code TEXT NOT NULL DEFAULT '',
    created_by    INTEGER REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL
);
CREATE INDEX topic_questions_topic ON topic_questions (topic_code);

-- A province's plan for a year: targets for courses and trainees by
-- audience; progress is computed from courses and enrolments.
CREATE TABLE training_plans (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code           TEXT NOT NULL,
    year                    INTEGER NOT NULL,
    target_courses          INTEGER NOT NULL DEFAULT 0,
    target_commune_official INTEGER NOT NULL DEFAULT 0,
    target_producer         INTEGER NOT NULL DEFAULT 0,
    target_province_official INTEGER NOT NULL DEFAULT 0,
    target_consultant       INTEGER NOT NULL DEFAULT 0,
    target_other            INTEGER NOT NULL DEFAULT 0,
    notes                   TEXT NOT NULL DEFAULT '',
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL,
    version                 INTEGER NOT NULL,
    UNIQUE (province_code, year)
);

CREATE TABLE courses (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code      TEXT NOT NULL DEFAULT '',  -- '' = national course
    title              TEXT NOT NULL,
    organiser          TEXT NOT NULL,
    co_organisers      TEXT NOT NULL DEFAULT '',
    course_type        TEXT NOT NULL,             -- classroom | online | study_tour
    start_date         TEXT NOT NULL,
    end_date           TEXT NOT NULL,
    venue              TEXT NOT NULL DEFAULT '',
    capacity           INTEGER NOT NULL,
    audiences          TEXT NOT NULL DEFAULT '',  -- comma-separated audience values
    description        TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL,             -- draft | open | closed | finished | cancelled
    min_attendance_pct INTEGER NOT NULL DEFAULT 80,
    min_posttest_pct   INTEGER NOT NULL DEFAULT 50,
    created_by         INTEGER REFERENCES users(id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    version            INTEGER NOT NULL
);
CREATE INDEX courses_province ON courses (province_code, start_date);

CREATE TABLE lecturers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    full_name     TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',   -- e.g. "TS.", "ThS."
    organisation  TEXT NOT NULL DEFAULT '',
    user_id       INTEGER REFERENCES users(id),
    province_code TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE course_sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id    INTEGER NOT NULL REFERENCES courses(id),
    session_date TEXT NOT NULL,
    start_time   TEXT NOT NULL,
    end_time     TEXT NOT NULL,
    topic_code   TEXT REFERENCES training_topics(code),
    lecturer_id  INTEGER REFERENCES lecturers(id),
    title        TEXT NOT NULL DEFAULT '',
    place        TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX course_sessions_course ON course_sessions (course_id, session_date, start_time);

-- A trainee on a course, with or without an account. status enrolled
-- holds a seat; waitlisted waits at waitlist_pos (1 = next);
-- cancelled keeps the row for the record.
CREATE TABLE enrolments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id    INTEGER NOT NULL REFERENCES courses(id),
    user_id      INTEGER REFERENCES users(id),
    full_name    TEXT NOT NULL,
    unit_name    TEXT NOT NULL DEFAULT '',
    commune_code TEXT NOT NULL DEFAULT '',
    audience     TEXT NOT NULL,
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,              -- enrolled | waitlisted | cancelled
    waitlist_pos INTEGER NOT NULL DEFAULT 0,
    source       TEXT NOT NULL,              -- self | organiser | import
    created_by   INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL
);
CREATE INDEX enrolments_course ON enrolments (course_id, status);
-- An account holds at most one live enrolment per course.
CREATE UNIQUE INDEX enrolments_user_once ON enrolments (course_id, user_id)
    WHERE user_id IS NOT NULL AND status <> 'cancelled';

-- The topics the seed courses teach; codes are stable references.
INSERT INTO training_topics (code, title, description, sort_order) VALUES
 ('ocop_programme', 'Chương trình OCOP và những điểm mới', 'Mục tiêu, nội dung và những điểm mới của Chương trình Mỗi xã một sản phẩm giai đoạn hiện nay.', 1),
 ('ocop_cycle', 'Chu trình OCOP và vai trò của cán bộ cấp xã', 'Các bước của chu trình OCOP thường niên; nhiệm vụ của UBND và cán bộ cấp xã.', 2),
 ('brand', 'Xây dựng, duy trì và phát triển thương hiệu sản phẩm OCOP', 'Thương hiệu sản phẩm OCOP và vai trò của các bên liên quan.', 3),
 ('product_development', 'Ý tưởng sản phẩm và phát triển sản phẩm mới', 'Từ ý tưởng đến sản phẩm OCOP: nghiên cứu, thiết kế, hoàn thiện sản phẩm.', 4),
 ('traceability', 'Vùng nguyên liệu, mã số vùng trồng, cơ sở đóng gói và truy xuất nguồn gốc', 'Quản lý vùng nguyên liệu, cấp mã số vùng trồng, mã số cơ sở đóng gói và truy xuất nguồn gốc.', 5),
 ('marketing', 'Tiếp thị và xúc tiến thương mại sản phẩm OCOP', 'Kênh phân phối, điểm bán, thương mại điện tử và xúc tiến thương mại.', 6),
 ('quality', 'Quản lý chất lượng nông sản', 'Tiêu chuẩn, quy chuẩn, hệ thống quản lý chất lượng và an toàn thực phẩm.', 7),
 ('support_policy', 'Chính sách hỗ trợ', 'Các chính sách hỗ trợ của Trung ương và địa phương cho chủ thể OCOP.', 8),
 ('intellectual_property', 'Sở hữu trí tuệ và bảo hộ thương hiệu', 'Nhãn hiệu, chỉ dẫn địa lý và bảo hộ quyền sở hữu trí tuệ.', 9),
 ('digital', 'Công nghệ thông tin và chuyển đổi số trong OCOP', 'Ứng dụng công nghệ thông tin, quản lý hồ sơ OCOP trực tuyến và chuyển đổi số.', 10),
 ('business_plan', 'Phương án sản xuất kinh doanh', 'Xây dựng phương án, kế hoạch sản xuất kinh doanh của chủ thể.', 11),
 ('evaluation', 'Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm OCOP', 'Bộ tiêu chí, cách chấm điểm và quy trình đánh giá, phân hạng.', 12);

-- +goose Down
DROP TABLE enrolments;
DROP TABLE course_sessions;
DROP TABLE lecturers;
DROP TABLE courses;
DROP TABLE training_plans;
DROP TABLE topic_questions;
DROP TABLE topic_materials;
DROP TABLE training_topics;
