-- Staged imports: a file is parsed into rows that a person reviews before anything
-- reaches the real tables.

CREATE TABLE import_batches (
    id            INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    kind          TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    -- 'pending', 'applied' or 'discarded'.
    status        TEXT NOT NULL,
    created_by    BIGINT REFERENCES users (id),
    created_at    BIGINT NOT NULL,
    applied_at    BIGINT,
    -- JSON counts per row status, filled when the file is parsed.
    summary       TEXT NOT NULL
);

CREATE TABLE import_rows (
    id          INTEGER PRIMARY KEY,
    batch_id    BIGINT NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
    -- Row number as the spreadsheet shows it (1-based, header rows included).
    row_number  INTEGER NOT NULL,
    -- 'ready', 'error', 'excluded', 'review' or 'duplicate'.
    status      TEXT NOT NULL,
    -- JSON: the parsed school (name, level, codes, district, candidate communes).
    data        TEXT NOT NULL,
    -- JSON list of {field, value, message_id}.
    problems    TEXT NOT NULL,
    -- A person's decision: a commune code, 'include' or 'exclude'.
    decision    TEXT,
    CONSTRAINT import_rows_key UNIQUE (batch_id, row_number)
);
