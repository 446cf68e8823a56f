-- Personnel map: staff records with their competencies and duties, the classes each
-- school runs per grade, and what a school needs to count travel and quotas.

-- The school type of Circular 05/2025 (regular, pt_dan_toc_ban_tru,
-- pt_dan_toc_noi_tru, chuyen, khuyet_tat), which sets the weekly quota.
ALTER TABLE schools ADD COLUMN school_type TEXT NOT NULL DEFAULT 'regular';
-- Where the school stands, for travel distances; NULL falls back to its commune's centre.
ALTER TABLE schools ADD COLUMN lat DOUBLE PRECISION;
ALTER TABLE schools ADD COLUMN lon DOUBLE PRECISION;

CREATE TABLE staff_members (
    id               INTEGER PRIMARY KEY,
    school_id        BIGINT NOT NULL REFERENCES schools (id),
    -- The school's own code of the person (mã cán bộ), when the list has one.
    staff_code       TEXT,
    -- Deduplicates repeated imports: the staff code when known, else the folded name
    -- and the date of birth.
    import_key       TEXT NOT NULL,
    full_name        TEXT NOT NULL,
    name_folded      TEXT NOT NULL,
    -- Given name first, in Vietnamese alphabetical order.
    sort_key         TEXT NOT NULL,
    -- 'female', 'male' or NULL.
    gender           TEXT,
    -- Personal data, shown only to the person, their school leaders and the
    -- department's personnel roles; every read is audit-logged.
    birth_date       TEXT,
    identity_number  TEXT,
    phone            TEXT,
    email            TEXT,
    -- 'teacher', 'principal', 'deputy_head' or 'staff'.
    position         TEXT NOT NULL DEFAULT 'teacher',
    -- 'doctor', 'master', 'bachelor', 'college', 'intermediate' or 'other'.
    qualification    TEXT,
    trained_major    TEXT,
    -- Subjects taught, as the file or the form wrote them.
    subjects_taught  TEXT NOT NULL DEFAULT '',
    -- Periods taught per week at the school, as declared.
    periods_per_week DOUBLE PRECISION,
    is_core_teacher  INTEGER NOT NULL DEFAULT 0,
    -- Professional-standard rating: 'excellent', 'good', 'pass', 'fail' or NULL.
    standard_rating  TEXT,
    on_probation     INTEGER NOT NULL DEFAULT 0,
    -- 0 takes the person out of the available periods (leave, what-if).
    available        INTEGER NOT NULL DEFAULT 1,
    -- The account of the person, when they have one, so they can see their own record.
    user_id          BIGINT REFERENCES users (id),
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    CONSTRAINT staff_members_import_key UNIQUE (school_id, import_key)
);
CREATE INDEX staff_members_school_idx ON staff_members (school_id, sort_key);
CREATE INDEX staff_members_user_idx ON staff_members (user_id);

-- Subjects a person is qualified to teach, and why.
CREATE TABLE staff_subjects (
    staff_id BIGINT NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
    -- A key of caunoi_core::staffing::Subject.
    subject  TEXT NOT NULL,
    -- 'major' (trained major), 'certificate' or 'declared' (entered by the school).
    source   TEXT NOT NULL,
    PRIMARY KEY (staff_id, subject)
);
CREATE INDEX staff_subjects_subject_idx ON staff_subjects (subject, staff_id);

-- Duties that reduce the weekly quota (homeroom, subject_group_head, ...).
CREATE TABLE staff_duties (
    staff_id BIGINT NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
    duty     TEXT NOT NULL,
    PRIMARY KEY (staff_id, duty)
);

-- Classes a school runs per grade in a school year: the base of required periods.
CREATE TABLE school_classes (
    school_id   BIGINT NOT NULL REFERENCES schools (id),
    school_year TEXT NOT NULL,
    grade       INTEGER NOT NULL,
    classes     INTEGER NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (school_id, school_year, grade)
);
