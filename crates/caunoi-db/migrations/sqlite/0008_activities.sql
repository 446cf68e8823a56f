-- Professional-development activities: plans per cluster and semester, activities,
-- the schools their audience reaches, registrations with a waiting list, attendance,
-- and the secret personal calendar feeds.

-- A cluster's plan of activities for one semester of a school year.
CREATE TABLE activity_plans (
    id            INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    cluster_id    BIGINT NOT NULL REFERENCES clusters (id),
    -- '2026-2027'.
    school_year   TEXT NOT NULL,
    -- 1 or 2.
    semester      INTEGER NOT NULL,
    notes         TEXT NOT NULL DEFAULT '',
    created_by    BIGINT NOT NULL REFERENCES users (id),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CONSTRAINT activity_plans_key UNIQUE (cluster_id, school_year, semester)
);
CREATE INDEX activity_plans_province_idx ON activity_plans (province_code, school_year, semester);

-- One planned activity. `activity_id` links it to the activity that carries it out.
CREATE TABLE activity_plan_items (
    id            INTEGER PRIMARY KEY,
    plan_id       BIGINT NOT NULL REFERENCES activity_plans (id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    -- JSON list of subject codes.
    subjects      TEXT NOT NULL DEFAULT '[]',
    -- 'YYYY-MM' the activity is planned for.
    planned_month TEXT NOT NULL,
    -- 'planned', 'done' or 'cancelled'.
    status        TEXT NOT NULL,
    activity_id   BIGINT,
    note          TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX activity_plan_items_plan_idx ON activity_plan_items (plan_id, planned_month);

CREATE TABLE activities (
    id                    INTEGER PRIMARY KEY,
    province_code         TEXT NOT NULL REFERENCES provinces (code),
    -- 'department', 'cluster' or 'school' (caunoi_core::activity::Organiser).
    organiser_kind        TEXT NOT NULL,
    cluster_id            BIGINT REFERENCES clusters (id),
    school_id             BIGINT REFERENCES schools (id),
    kind                  TEXT NOT NULL,
    -- 'draft', 'published' or 'cancelled'.
    status                TEXT NOT NULL,
    title                 TEXT NOT NULL,
    -- Folded title, description and presenters, for search.
    search_text           TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    -- JSON lists: subject codes, school levels, grades (1 to 12).
    subjects              TEXT NOT NULL DEFAULT '[]',
    levels                TEXT NOT NULL DEFAULT '[]',
    grades                TEXT NOT NULL DEFAULT '[]',
    -- Names of the presenters, one per line.
    presenters            TEXT NOT NULL DEFAULT '',
    place_school_id       BIGINT REFERENCES schools (id),
    place_address         TEXT NOT NULL DEFAULT '',
    -- Zoom, Google Meet, Microsoft Teams, Jitsi or any https URL; '' when in person.
    meeting_url           TEXT NOT NULL DEFAULT '',
    starts_at             BIGINT NOT NULL,
    ends_at               BIGINT NOT NULL,
    -- NULL: no limit.
    capacity              INTEGER,
    -- Seats taken: kept with each registration, so that concurrent registrations on
    -- several instances never exceed the capacity (a conditional UPDATE of this row).
    registered_count      INTEGER NOT NULL DEFAULT 0,
    registration_deadline BIGINT,
    -- Minutes credited to each attendee.
    credit_minutes        INTEGER NOT NULL,
    -- 'audience', 'province' or 'everyone'.
    openness              TEXT NOT NULL,
    -- JSON caunoi_core::directive::Audience.
    audience              TEXT NOT NULL,
    checkin_code          TEXT NOT NULL,
    -- Increases with every change that calendars must show (iCalendar SEQUENCE).
    sequence              INTEGER NOT NULL DEFAULT 0,
    plan_item_id          BIGINT REFERENCES activity_plan_items (id),
    created_by            BIGINT NOT NULL REFERENCES users (id),
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    published_at          BIGINT,
    cancelled_at          BIGINT,
    cancel_reason         TEXT NOT NULL DEFAULT '',
    is_generated          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX activities_province_idx ON activities (province_code, status, starts_at);
CREATE INDEX activities_cluster_idx ON activities (cluster_id, starts_at);
CREATE INDEX activities_school_idx ON activities (school_id, starts_at);
-- The activities created from a plan item, shown on the cluster's plan.
CREATE INDEX activities_plan_item_idx ON activities (plan_item_id);

-- The schools an activity's audience reaches, resolved when it is published.
CREATE TABLE activity_recipients (
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    school_id   BIGINT NOT NULL REFERENCES schools (id),
    PRIMARY KEY (activity_id, school_id)
);
CREATE INDEX activity_recipients_school_idx ON activity_recipients (school_id);

-- One person's place: 'registered', 'waitlisted' or 'cancelled'. The waiting list is
-- in order of `queued_at`, then id.
CREATE TABLE activity_registrations (
    id           INTEGER PRIMARY KEY,
    activity_id  BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    -- The school the person registered from, if any.
    school_id    BIGINT REFERENCES schools (id),
    status       TEXT NOT NULL,
    -- The leader who nominated them; NULL when they registered themselves.
    nominated_by BIGINT REFERENCES users (id),
    queued_at    BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT activity_registrations_key UNIQUE (activity_id, user_id)
);
CREATE INDEX activity_registrations_queue_idx ON activity_registrations (activity_id, status, queued_at, id);
CREATE INDEX activity_registrations_user_idx ON activity_registrations (user_id, status);

-- Attendance: marked by the organiser ('organiser') or by the attendee typing the
-- session's code ('code'), with the minutes credited.
CREATE TABLE activity_attendance (
    activity_id     BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    method          TEXT NOT NULL,
    credited_minutes INTEGER NOT NULL,
    marked_by       BIGINT REFERENCES users (id),
    checked_at      BIGINT NOT NULL,
    PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX activity_attendance_user_idx ON activity_attendance (user_id, checked_at);

-- A personal calendar feed: the URL carries a secret token, stored only as its
-- SHA-256; revoking sets `revoked_at`, and a new feed gets a new token.
CREATE TABLE calendar_feeds (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT
);
CREATE INDEX calendar_feeds_user_idx ON calendar_feeds (user_id);
