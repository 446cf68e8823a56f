-- Directives down, requests up, notifications and the job queue.

-- Files attached to directives, requests and replies. The bytes live in the object
-- store under `storage_key`, a generated name; `file_name` is what the uploader called it.
CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    -- 'directive' or 'request'.
    owner_kind    TEXT NOT NULL,
    owner_id      BIGINT NOT NULL,
    -- Directive version or request message the file came with; NULL for a draft's files.
    owner_part    BIGINT,
    file_name     TEXT NOT NULL,
    -- Sniffed from the content, never taken from the name or the client.
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    storage_key   TEXT NOT NULL,
    uploaded_by   BIGINT NOT NULL REFERENCES users (id),
    uploaded_at   BIGINT NOT NULL,
    CONSTRAINT attachments_storage_key UNIQUE (storage_key)
);
CREATE INDEX attachments_owner_idx ON attachments (owner_kind, owner_id);

CREATE TABLE directives (
    id                  INTEGER PRIMARY KEY,
    province_code       TEXT NOT NULL REFERENCES provinces (code),
    -- NULL when the department sends it; the cluster when its board does.
    cluster_id          BIGINT REFERENCES clusters (id),
    -- 'draft', 'published' or 'withdrawn'.
    status              TEXT NOT NULL,
    -- Version the schools see; 0 while a draft, 1 at first publication.
    version             INTEGER NOT NULL DEFAULT 0,
    -- 'dispatch', 'plan', 'guidance', 'decision' or 'notice'.
    kind                TEXT NOT NULL,
    -- Number and symbol as printed, e.g. '1581/SGDĐT-GDTrH'.
    number_symbol       TEXT NOT NULL,
    issuing_body        TEXT NOT NULL,
    signer              TEXT NOT NULL,
    -- Calendar date 'YYYY-MM-DD' as printed on the document.
    issued_on           TEXT,
    title               TEXT NOT NULL,
    summary             TEXT NOT NULL,
    body                TEXT NOT NULL,
    ack_deadline        BIGINT,
    -- Minutes before the deadline when a first reminder goes out.
    remind_before_min   INTEGER NOT NULL,
    -- JSON: clusters, communes, levels, ownerships, schools, roles.
    audience            TEXT NOT NULL,
    -- Folded number, title, summary and attachment names, for search.
    search_text         TEXT NOT NULL,
    created_by          BIGINT NOT NULL REFERENCES users (id),
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    published_at        BIGINT,
    withdrawn_at        BIGINT,
    withdrawn_by        BIGINT REFERENCES users (id),
    withdraw_reason     TEXT,
    -- 1 for demo directives, invented for the demo province.
    is_generated        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX directives_province_idx ON directives (province_code, status, published_at);
CREATE INDEX directives_cluster_idx ON directives (cluster_id);

-- What each published version said: the directive row holds the current one.
CREATE TABLE directive_versions (
    directive_id  BIGINT NOT NULL REFERENCES directives (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    number_symbol TEXT NOT NULL,
    issuing_body  TEXT NOT NULL,
    signer        TEXT NOT NULL,
    issued_on     TEXT,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL,
    body          TEXT NOT NULL,
    ack_deadline  BIGINT,
    change_note   TEXT NOT NULL,
    published_by  BIGINT NOT NULL REFERENCES users (id),
    published_at  BIGINT NOT NULL,
    CONSTRAINT directive_versions_key PRIMARY KEY (directive_id, version)
);

-- One row per school in the resolved audience, with the state of the current version.
-- Cluster and commune are copied at publication so tracking counts stay stable.
CREATE TABLE directive_recipients (
    directive_id     BIGINT NOT NULL REFERENCES directives (id) ON DELETE CASCADE,
    school_id        BIGINT NOT NULL REFERENCES schools (id),
    cluster_id       BIGINT,
    commune_code     TEXT,
    read_at          BIGINT,
    read_by          BIGINT,
    acknowledged_at  BIGINT,
    acknowledged_by  BIGINT,
    ack_note         TEXT,
    CONSTRAINT directive_recipients_key PRIMARY KEY (directive_id, school_id)
);
CREATE INDEX directive_recipients_school_idx ON directive_recipients (school_id, directive_id);

-- Every read and acknowledgement of every version, kept when a version is superseded.
CREATE TABLE directive_receipts (
    id           INTEGER PRIMARY KEY,
    directive_id BIGINT NOT NULL REFERENCES directives (id) ON DELETE CASCADE,
    school_id    BIGINT NOT NULL REFERENCES schools (id),
    version      INTEGER NOT NULL,
    -- 'read' or 'acknowledged'.
    event        TEXT NOT NULL,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    note         TEXT,
    occurred_at  BIGINT NOT NULL
);
CREATE INDEX directive_receipts_idx ON directive_receipts (directive_id, school_id);

-- A school leader passing a directive on to people of the school.
CREATE TABLE directive_forwards (
    directive_id BIGINT NOT NULL REFERENCES directives (id) ON DELETE CASCADE,
    school_id    BIGINT NOT NULL REFERENCES schools (id),
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    forwarded_by BIGINT NOT NULL REFERENCES users (id),
    forwarded_at BIGINT NOT NULL,
    CONSTRAINT directive_forwards_key PRIMARY KEY (directive_id, user_id)
);
CREATE INDEX directive_forwards_user_idx ON directive_forwards (user_id);

-- Reminder steps already taken: the key makes a second send impossible, whichever
-- instance tries.
CREATE TABLE directive_reminders (
    directive_id BIGINT NOT NULL REFERENCES directives (id) ON DELETE CASCADE,
    school_id    BIGINT NOT NULL REFERENCES schools (id),
    version      INTEGER NOT NULL,
    -- 'before_deadline' or 'overdue'.
    step         TEXT NOT NULL,
    sent_at      BIGINT NOT NULL,
    CONSTRAINT directive_reminders_key PRIMARY KEY (directive_id, school_id, version, step)
);

-- Questions and problems raised by schools (kiến nghị, phản ánh).
CREATE TABLE requests (
    id                  INTEGER PRIMARY KEY,
    province_code       TEXT NOT NULL REFERENCES provinces (code),
    school_id           BIGINT NOT NULL REFERENCES schools (id),
    -- The school's cluster when the request was raised; its board handles it.
    cluster_id          BIGINT REFERENCES clusters (id),
    directive_id        BIGINT REFERENCES directives (id),
    category            TEXT NOT NULL,
    title               TEXT NOT NULL,
    body                TEXT NOT NULL,
    -- 'open', 'in_progress', 'answered' or 'closed'.
    status              TEXT NOT NULL,
    -- 'cluster' or 'department': who handles it now.
    handler_level       TEXT NOT NULL,
    owner_id            BIGINT REFERENCES users (id),
    created_by          BIGINT NOT NULL REFERENCES users (id),
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    first_answer_due    BIGINT NOT NULL,
    first_answered_at   BIGINT,
    closed_at           BIGINT,
    search_text         TEXT NOT NULL,
    -- 1 for demo requests, invented for the demo province.
    is_generated        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX requests_province_idx ON requests (province_code, status, created_at);
CREATE INDEX requests_school_idx ON requests (school_id, created_at);
CREATE INDEX requests_cluster_idx ON requests (cluster_id, status);

-- The thread of a request: replies and every change of status, owner or level.
CREATE TABLE request_messages (
    id          INTEGER PRIMARY KEY,
    request_id  BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    author_id   BIGINT NOT NULL REFERENCES users (id),
    -- 'reply', 'status', 'escalate' or 'assign'.
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL,
    status_from TEXT,
    status_to   TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX request_messages_request_idx ON request_messages (request_id, id);

-- Answers to frequent questions, visible to every school of the province.
CREATE TABLE published_answers (
    id            INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    request_id    BIGINT REFERENCES requests (id),
    category      TEXT NOT NULL,
    question      TEXT NOT NULL,
    answer        TEXT NOT NULL,
    search_text   TEXT NOT NULL,
    published_by  BIGINT NOT NULL REFERENCES users (id),
    published_at  BIGINT NOT NULL
);
CREATE INDEX published_answers_province_idx ON published_answers (province_code, published_at);

-- The in-app notification centre. `params` is JSON of Fluent arguments; the text is
-- rendered in the reader's language when shown.
CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- 'directive', 'reminder', 'request_reply', 'request_status'.
    kind         TEXT NOT NULL,
    -- Fluent message id of the line shown.
    message_id   TEXT NOT NULL,
    params       TEXT NOT NULL,
    -- Path inside the app the notification links to.
    link         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    read_at      BIGINT,
    -- NULL until the email step is decided: 'queued', 'skipped', then 'sent' or 'failed'.
    email_state  TEXT
);
CREATE INDEX notifications_user_idx ON notifications (user_id, read_at, id);

-- Which kinds of notification a person also wants by email. No row: the default.
CREATE TABLE notification_settings (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    email   INTEGER NOT NULL,
    CONSTRAINT notification_settings_key PRIMARY KEY (user_id, kind)
);

-- The background job queue shared by every app instance.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    -- 'queued', 'running', 'done', 'skipped' or 'failed'.
    status       TEXT NOT NULL,
    run_at       BIGINT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    locked_by    TEXT,
    locked_until BIGINT,
    last_error   TEXT,
    -- Makes enqueueing idempotent, e.g. one reminder scan per minute.
    dedupe_key   TEXT,
    created_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    CONSTRAINT jobs_dedupe_key UNIQUE (dedupe_key)
);
CREATE INDEX jobs_due_idx ON jobs (status, run_at);

-- Full-text search over the folded text (see `search.rs`): FTS5 with external content,
-- kept in step by triggers.
CREATE VIRTUAL TABLE directives_fts USING fts5 (
    search_text, content = 'directives', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER directives_fts_insert AFTER INSERT ON directives BEGIN
    INSERT INTO directives_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER directives_fts_delete AFTER DELETE ON directives BEGIN
    INSERT INTO directives_fts (directives_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER directives_fts_update AFTER UPDATE OF search_text ON directives BEGIN
    INSERT INTO directives_fts (directives_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO directives_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE VIRTUAL TABLE requests_fts USING fts5 (
    search_text, content = 'requests', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER requests_fts_insert AFTER INSERT ON requests BEGIN
    INSERT INTO requests_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER requests_fts_delete AFTER DELETE ON requests BEGIN
    INSERT INTO requests_fts (requests_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER requests_fts_update AFTER UPDATE OF search_text ON requests BEGIN
    INSERT INTO requests_fts (requests_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO requests_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
