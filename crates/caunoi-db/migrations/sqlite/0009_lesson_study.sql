-- Lesson study (nghiên cứu bài học) on activities of kind 'lesson_study': the lesson
-- plan's versions, the seating chart, observation notes, analysis forms, the summary
-- and the minutes sent to cluster boards.

-- One row per lesson study, created with its first record.
CREATE TABLE lesson_studies (
    activity_id      BIGINT PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
    -- JSON caunoi_core::lesson_study::observation::SeatingChart; rows = 0 until drawn.
    seating          TEXT NOT NULL DEFAULT '{"rows":0,"columns":0,"seats":[]}',
    -- JSON list of caunoi_core::lesson_study::analysis::Criterion; NULL takes the
    -- default criteria of reference-data/rules/lesson_analysis_criteria.csv.
    criteria         TEXT,
    -- The summary: the group's conclusions (step 3) and lessons to apply (step 4).
    conclusions      TEXT NOT NULL DEFAULT '',
    lessons_to_apply TEXT NOT NULL DEFAULT '',
    -- Name of the secretary who signs the minutes beside the chair.
    secretary        TEXT NOT NULL DEFAULT '',
    summary_by       BIGINT REFERENCES users (id),
    summary_at       BIGINT,
    -- Set when the organiser closes the summary; analysis forms are then read-only.
    closed_at        BIGINT,
    updated_at       BIGINT NOT NULL
);

-- Every save of the lesson plan is a new version, numbered from 1 per activity. The
-- unique key turns two saves based on the same version into one success and one
-- conflict.
CREATE TABLE lesson_plan_versions (
    id          INTEGER PRIMARY KEY,
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    -- JSON caunoi_core::lesson_study::plan::LessonPlan.
    content     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    author_id   BIGINT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    CONSTRAINT lesson_plan_versions_key UNIQUE (activity_id, version)
);

-- An observer's note, stamped to the second and tied to a seat or a group. Photos are
-- attachments with owner_kind 'lesson_note' and owner_id this id.
CREATE TABLE lesson_observation_notes (
    id           INTEGER PRIMARY KEY,
    activity_id  BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    author_id    BIGINT NOT NULL REFERENCES users (id),
    -- 'clock' (seconds after midnight, Vietnam time) or 'lesson' (seconds into the lesson).
    time_kind    TEXT NOT NULL,
    time_seconds INTEGER NOT NULL,
    -- A seat (row and column from 1) or, when both are NULL, the group in group_name.
    seat_row     INTEGER,
    seat_column  INTEGER,
    group_name   TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX lesson_observation_notes_activity_idx ON lesson_observation_notes (activity_id, time_kind, time_seconds);

-- One analysis form per observer.
CREATE TABLE lesson_analyses (
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    author_id   BIGINT NOT NULL REFERENCES users (id),
    -- JSON list of caunoi_core::lesson_study::analysis::Answer.
    answers     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (activity_id, author_id)
);

-- Minutes (.docx, an attachment with owner_kind 'lesson_minutes') sent to the board of
-- a cluster, whose members may then download them.
CREATE TABLE lesson_minutes_sent (
    id            INTEGER PRIMARY KEY,
    activity_id   BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    attachment_id BIGINT NOT NULL REFERENCES attachments (id),
    cluster_id    BIGINT NOT NULL REFERENCES clusters (id),
    sent_by       BIGINT NOT NULL REFERENCES users (id),
    sent_at       BIGINT NOT NULL
);
CREATE INDEX lesson_minutes_sent_attachment_idx ON lesson_minutes_sent (attachment_id);
CREATE INDEX lesson_minutes_sent_activity_idx ON lesson_minutes_sent (activity_id, sent_at);
