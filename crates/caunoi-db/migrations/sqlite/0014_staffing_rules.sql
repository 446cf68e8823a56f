-- Staffing rules as versioned data: the teaching load of Circular 05/2025, the
-- curriculum periods of 2018 and the staffing norms of Circular 20/2023. The national
-- versions come from reference-data/rules; a department copies one, edits values and
-- activates its own version. Old versions stay for the record.

CREATE TABLE staffing_rule_sets (
    id            INTEGER PRIMARY KEY,
    -- 'teaching_load', 'curriculum' or 'staffing_norms'.
    family        TEXT NOT NULL,
    -- 'national' for the shipped versions, else the code of the province that owns it.
    owner         TEXT NOT NULL,
    -- 1, 2, … per family and owner.
    version       INTEGER NOT NULL,
    name          TEXT NOT NULL,
    -- The circular or programme the values come from.
    source        TEXT NOT NULL,
    -- The version this one was copied from, if any.
    based_on      BIGINT REFERENCES staffing_rule_sets (id),
    -- 'draft' (editable), 'active' (at most one per family and owner) or 'retired'.
    status        TEXT NOT NULL,
    -- SHA-256 of the shipped file, on national versions, so a changed file makes a new version.
    digest        TEXT,
    created_by    BIGINT REFERENCES users (id),
    created_at    BIGINT NOT NULL,
    activated_at  BIGINT,
    CONSTRAINT staffing_rule_sets_version UNIQUE (family, owner, version)
);
CREATE INDEX staffing_rule_sets_status_idx ON staffing_rule_sets (family, owner, status);

-- One rule of a set, in the columns all three families share.
CREATE TABLE staffing_rules (
    rule_set_id BIGINT NOT NULL REFERENCES staffing_rule_sets (id) ON DELETE CASCADE,
    -- Row order in the source file.
    position    INTEGER NOT NULL,
    -- quota, reduction, conversion, working_year, rule; the curriculum category; or
    -- the norm's kind.
    kind        TEXT NOT NULL,
    level       TEXT NOT NULL,
    -- A school type, 'a|b' for either, or 'all'.
    school_type TEXT NOT NULL,
    region      TEXT NOT NULL,
    grade       INTEGER,
    -- A key of caunoi_core::staffing::Subject on curriculum rows.
    subject     TEXT,
    -- The name computations look the rule up by (homeroom, teacher, inter_school, …).
    item_key    TEXT NOT NULL,
    item_vi     TEXT NOT NULL,
    item_en     TEXT NOT NULL,
    -- NULL where the source's value was not found.
    value       DOUBLE PRECISION,
    unit        TEXT NOT NULL,
    condition   TEXT NOT NULL,
    article     TEXT NOT NULL,
    source      TEXT NOT NULL,
    -- 0 for values not checked against the source's text.
    verified    INTEGER NOT NULL,
    PRIMARY KEY (rule_set_id, position)
);
