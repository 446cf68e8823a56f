-- Standard reports: templates, requests to schools, submissions, their review, the
-- roll-ups that keep aggregates current, and the revision counters live pages follow.

-- A template belongs to the department (cluster_id NULL) or to one cluster board.
CREATE TABLE report_templates (
    id            INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    cluster_id    BIGINT REFERENCES clusters (id),
    name          TEXT NOT NULL,
    name_folded   TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    -- Latest version number; versions are rows of report_template_versions.
    current_version INTEGER NOT NULL DEFAULT 1,
    archived      INTEGER NOT NULL DEFAULT 0,
    is_generated  INTEGER NOT NULL DEFAULT 0,
    created_by    BIGINT NOT NULL REFERENCES users (id),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX report_templates_province_idx ON report_templates (province_code, archived, name_folded);

-- One version of a template: a JSON `TemplateDefinition` (caunoi_core::report). A version
-- is editable until a request first uses it (`frozen_at`); then it never changes, and
-- editing the template starts the next version.
CREATE TABLE report_template_versions (
    id          INTEGER PRIMARY KEY,
    template_id BIGINT NOT NULL REFERENCES report_templates (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    definition  TEXT NOT NULL,
    change_note TEXT NOT NULL DEFAULT '',
    frozen_at   BIGINT,
    created_by  BIGINT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    CONSTRAINT report_template_versions_key UNIQUE (template_id, version)
);

-- A template version requested from an audience of schools for a period.
CREATE TABLE report_requests (
    id                  INTEGER PRIMARY KEY,
    province_code       TEXT NOT NULL REFERENCES provinces (code),
    -- NULL when the department requests it; the cluster when its board does.
    cluster_id          BIGINT REFERENCES clusters (id),
    template_version_id BIGINT NOT NULL REFERENCES report_template_versions (id),
    title               TEXT NOT NULL,
    title_folded        TEXT NOT NULL,
    instructions        TEXT NOT NULL DEFAULT '',
    -- 'school_year', 'semester', 'month' or 'range'; the bounds are calendar dates
    -- 'YYYY-MM-DD' and `period_label` is how people name it ('Học kì I 2026-2027').
    period_kind         TEXT NOT NULL,
    period_label        TEXT NOT NULL,
    period_start        TEXT NOT NULL,
    period_end          TEXT NOT NULL,
    -- School year whose clusters the recipients were resolved in.
    school_year         TEXT NOT NULL,
    -- JSON `Audience` (caunoi_core::directive), as for directives.
    audience            TEXT NOT NULL,
    -- 'draft', 'published' or 'closed'.
    status              TEXT NOT NULL,
    opens_at            BIGINT NOT NULL,
    -- Inclusive to the minute: see caunoi_core::report::deadline::on_time.
    deadline_at         BIGINT NOT NULL,
    remind_before_hours INTEGER NOT NULL DEFAULT 48,
    is_generated        INTEGER NOT NULL DEFAULT 0,
    created_by          BIGINT NOT NULL REFERENCES users (id),
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    published_at        BIGINT,
    closed_at           BIGINT
);
CREATE INDEX report_requests_province_idx ON report_requests (province_code, status, deadline_at);
CREATE INDEX report_requests_cluster_idx ON report_requests (cluster_id);

-- The schools a published request reaches, with the grouping cell each counts in:
-- one cluster, one commune, one level and one former district per school, so no
-- figure is counted twice whatever grouping is chosen. Empty text and 0 stand for
-- "none" so the cell can be part of keys.
CREATE TABLE report_recipients (
    request_id    BIGINT NOT NULL REFERENCES report_requests (id) ON DELETE CASCADE,
    school_id     BIGINT NOT NULL REFERENCES schools (id),
    cluster_id    BIGINT NOT NULL DEFAULT 0,
    commune_code  TEXT NOT NULL DEFAULT '',
    level         TEXT NOT NULL,
    -- Former district (before 1 July 2025), from the school or the conversion table.
    district      TEXT NOT NULL DEFAULT '',
    CONSTRAINT report_recipients_key PRIMARY KEY (request_id, school_id)
);
CREATE INDEX report_recipients_school_idx ON report_recipients (school_id);

-- A school's answer to a request: one row per school, updated in place; the history
-- is in report_events.
CREATE TABLE report_submissions (
    id                 INTEGER PRIMARY KEY,
    request_id         BIGINT NOT NULL REFERENCES report_requests (id) ON DELETE CASCADE,
    school_id          BIGINT NOT NULL REFERENCES schools (id),
    -- 'draft', 'submitted', 'forwarded', 'returned' or 'accepted'.
    status             TEXT NOT NULL,
    -- JSON `Values` (caunoi_core::report).
    values_json        TEXT NOT NULL,
    -- 1 while the values are in report_values and the roll-ups.
    counted            INTEGER NOT NULL DEFAULT 0,
    -- 'form', 'xlsx' or 'api': how the current values arrived.
    source             TEXT NOT NULL,
    -- Signed scan (PDF) of the paper report, an attachment of kind 'report'.
    scan_attachment_id BIGINT REFERENCES attachments (id),
    first_submitted_at BIGINT,
    submitted_at       BIGINT,
    submitted_by       BIGINT REFERENCES users (id),
    -- Number of submissions so far (a correction after a return adds one).
    revision           INTEGER NOT NULL DEFAULT 0,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    CONSTRAINT report_submissions_key UNIQUE (request_id, school_id)
);
CREATE INDEX report_submissions_request_idx ON report_submissions (request_id, status);

-- What happened to a submission: saved, submitted, uploaded, forwarded, returned,
-- accepted; submissions keep a snapshot of the values they sent.
CREATE TABLE report_events (
    id            INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES report_submissions (id) ON DELETE CASCADE,
    action        TEXT NOT NULL,
    comment       TEXT NOT NULL DEFAULT '',
    values_json   TEXT,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    created_at    BIGINT NOT NULL
);
CREATE INDEX report_events_submission_idx ON report_events (submission_id, id);

-- The aggregating numbers of counted submissions, one row per item
-- (caunoi_core::report::aggregate); the source of full recomputes and drill-down.
CREATE TABLE report_values (
    submission_id BIGINT NOT NULL REFERENCES report_submissions (id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    -- Weight of a percentage; NULL weighs 1.
    weight        DOUBLE PRECISION,
    CONSTRAINT report_values_key PRIMARY KEY (submission_id, item)
);

-- Σ value, Σ value × weight, Σ weight and the number of schools, per request, item and
-- grouping cell (cluster, commune, level, former district), kept current as
-- submissions are counted or taken back. Any grouping is a sum of cells.
CREATE TABLE report_rollups (
    request_id   BIGINT NOT NULL REFERENCES report_requests (id) ON DELETE CASCADE,
    item         TEXT NOT NULL,
    cluster_id   BIGINT NOT NULL,
    commune_code TEXT NOT NULL,
    level        TEXT NOT NULL,
    district     TEXT NOT NULL,
    total        DOUBLE PRECISION NOT NULL,
    weighted     DOUBLE PRECISION NOT NULL,
    weight       DOUBLE PRECISION NOT NULL,
    schools      BIGINT NOT NULL,
    CONSTRAINT report_rollups_key PRIMARY KEY (request_id, item, cluster_id, commune_code, level, district)
);

-- Reminders sent, one per school, step ('before' or 'overdue') and request.
CREATE TABLE report_reminders (
    request_id BIGINT NOT NULL REFERENCES report_requests (id) ON DELETE CASCADE,
    school_id  BIGINT NOT NULL REFERENCES schools (id),
    step       TEXT NOT NULL,
    sent_at    BIGINT NOT NULL,
    CONSTRAINT report_reminders_key PRIMARY KEY (request_id, school_id, step)
);

-- A counter per province, raised in the transaction of every change a dashboard shows;
-- live pages on any instance poll it to know when to refresh.
CREATE TABLE live_revisions (
    province_code TEXT PRIMARY KEY REFERENCES provinces (code),
    revision      BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
