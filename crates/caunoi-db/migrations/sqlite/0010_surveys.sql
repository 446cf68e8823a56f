-- Feedback surveys after activities: templates, one survey per activity with its
-- questions copied from a template, who has answered, the answers, the reminders
-- sent, and the action items a cluster's board draws from the results.
--
-- Anonymity is kept by the schema. `survey_respondents` records only who has answered
-- (for the once-only rule and reminders) and `survey_answers` stores one row per
-- question answered, with no respondent, no response id and no time. Neither table
-- has an insertion counter: both are WITHOUT ROWID tables in SQLite, and answers are
-- keyed by a random id. Each write of answers rewrites all of the survey's answer rows
-- with new random ids in random order (see caunoi_db::surveys::answers), so neither
-- physical order nor, in PostgreSQL, the row's transaction id (xmin) ties a row to
-- the respondent who was recorded in the same transaction.

-- Questions of a department's or cluster's template, as JSON (caunoi_core::survey::Question).
CREATE TABLE survey_templates (
    id            INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    -- NULL for the department's templates.
    cluster_id    BIGINT REFERENCES clusters (id),
    name          TEXT NOT NULL,
    questions     TEXT NOT NULL,
    -- 'default' on the department's copy of the template that ships with the product,
    -- NULL on every other, so that each province has one default.
    default_key   TEXT,
    created_by    BIGINT REFERENCES users (id),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CONSTRAINT survey_templates_default_key UNIQUE (province_code, default_key)
);
CREATE INDEX survey_templates_cluster_idx ON survey_templates (province_code, cluster_id);

-- The feedback survey of one activity.
CREATE TABLE surveys (
    id          INTEGER PRIMARY KEY,
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    template_id BIGINT REFERENCES survey_templates (id) ON DELETE SET NULL,
    -- Copied from the template when the survey is attached.
    questions   TEXT NOT NULL,
    -- 1: answers are stored without the respondent. Fixed once anyone has answered.
    anonymous   INTEGER NOT NULL DEFAULT 1,
    opens_at    BIGINT NOT NULL,
    closes_at   BIGINT NOT NULL,
    created_by  BIGINT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CONSTRAINT surveys_activity_key UNIQUE (activity_id)
);
CREATE INDEX surveys_closes_idx ON surveys (closes_at);

-- Who has answered: for the once-only rule and reminders. No time, no link to answers.
CREATE TABLE survey_respondents (
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    user_id   BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (survey_id, user_id)
) WITHOUT ROWID;

-- One answer to one question (its position in the survey's questions, from 0).
CREATE TABLE survey_answers (
    -- 32 random hex digits, new at every rewrite.
    id        TEXT NOT NULL PRIMARY KEY,
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    question  INTEGER NOT NULL,
    -- A point from 1 to 5 for a rating question; NULL for an open one.
    rating    INTEGER,
    -- The text of an open answer; NULL for a rating.
    answer_text TEXT,
    -- SHA-256 of the respondent's edit key, their id, the survey and the question. It
    -- lets the holder of the key (only the respondent's browser or client) replace this
    -- row while the survey is open, and ties no two rows together without the key.
    -- The worker blanks it once the survey has closed.
    edit_tag  TEXT,
    -- The respondent, only on surveys that are not anonymous; NULL otherwise. No screen
    -- lists answers by person yet: results are the same aggregates as anonymous ones.
    user_id   BIGINT REFERENCES users (id)
) WITHOUT ROWID;
CREATE INDEX survey_answers_survey_idx ON survey_answers (survey_id, question);
CREATE INDEX survey_answers_tag_idx ON survey_answers (edit_tag);

-- Reminders sent: one per survey and person who had not answered yet.
CREATE TABLE survey_reminders (
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    user_id   BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (survey_id, user_id)
) WITHOUT ROWID;

-- A finding a cluster's board turned into work for a later semester. It shows on the
-- cluster's plan of that semester until the board converts it into a plan item.
CREATE TABLE survey_action_items (
    id               INTEGER PRIMARY KEY,
    province_code    TEXT NOT NULL REFERENCES provinces (code),
    cluster_id       BIGINT NOT NULL REFERENCES clusters (id),
    survey_id        BIGINT REFERENCES surveys (id) ON DELETE SET NULL,
    action_text      TEXT NOT NULL,
    -- Who carries it out, as the board writes it.
    owner            TEXT NOT NULL DEFAULT '',
    -- '2026-2027' and 1 or 2.
    target_year      TEXT NOT NULL,
    target_semester  INTEGER NOT NULL,
    plan_item_id     BIGINT REFERENCES activity_plan_items (id) ON DELETE SET NULL,
    created_by       BIGINT NOT NULL REFERENCES users (id),
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX survey_action_items_target_idx ON survey_action_items (target_year, target_semester, cluster_id);
