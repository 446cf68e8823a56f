-- Organisation model: reference units, departments, schools, clusters, people.
-- Flags are INTEGER 0/1 and instants BIGINT Unix milliseconds UTC, as in the
-- PostgreSQL twin of this file; only identity columns differ.

-- The 34 provinces since 1 July 2025, from the national list. `code` is the NSO code
-- with two digits ('79' for Ho Chi Minh City).
CREATE TABLE provinces (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    lat         DOUBLE PRECISION,
    lon         DOUBLE PRECISION
);

-- Commune-level units (xã, phường, đặc khu). `code` is the five-digit NSO code.
CREATE TABLE communes (
    code          TEXT PRIMARY KEY,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    name          TEXT NOT NULL,
    short_name    TEXT NOT NULL,
    name_folded   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    lat           DOUBLE PRECISION NOT NULL,
    lon           DOUBLE PRECISION NOT NULL,
    area_km2      DOUBLE PRECISION,
    -- 2025 population; NULL where the source says it is still being updated.
    population    BIGINT
);
CREATE INDEX communes_province_idx ON communes (province_code, name_folded);

-- The official table converting pre-July-2025 communes into today's units. One row per
-- (new unit, old unit) pair; old units split between several new ones appear once each.
CREATE TABLE commune_conversions (
    new_commune_code   TEXT NOT NULL REFERENCES communes (code),
    old_commune_code   TEXT NOT NULL,
    old_commune_name   TEXT NOT NULL,
    -- 'Nhập toàn bộ', 'Nhập một phần', 'Giữ nguyên', ... as published.
    note               TEXT NOT NULL,
    old_district_code  TEXT NOT NULL,
    old_district_name  TEXT NOT NULL,
    old_district_folded TEXT NOT NULL,
    old_province_code  TEXT NOT NULL,
    old_province_name  TEXT NOT NULL,
    CONSTRAINT commune_conversions_pair_key UNIQUE (new_commune_code, old_commune_code)
);
CREATE INDEX commune_conversions_district_idx
    ON commune_conversions (old_province_code, old_district_folded);

-- MOET's national list of upper-secondary school codes (2019-2020 admissions season).
-- `moet_province_code` is MOET's own numbering ('02' for the old Ho Chi Minh City).
CREATE TABLE moet_school_codes (
    moet_province_code TEXT NOT NULL,
    moet_province_name TEXT NOT NULL,
    district_code      TEXT NOT NULL,
    district_name      TEXT NOT NULL,
    district_type      TEXT NOT NULL,
    school_code        TEXT NOT NULL,
    school_name        TEXT NOT NULL,
    CONSTRAINT moet_school_codes_key UNIQUE (moet_province_code, school_code)
);

-- A province's Department of Education and Training hosted by this deployment.
CREATE TABLE departments (
    id            INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    name          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    CONSTRAINT departments_province_key UNIQUE (province_code)
);

CREATE TABLE schools (
    id                 INTEGER PRIMARY KEY,
    province_code      TEXT NOT NULL REFERENCES provinces (code),
    -- NULL until a person confirms the commune of a school whose old district maps
    -- to several of today's units.
    commune_code       TEXT REFERENCES communes (code),
    name               TEXT NOT NULL,
    name_folded        TEXT NOT NULL,
    level              TEXT NOT NULL,
    ownership          TEXT NOT NULL,
    -- MOET code with the MOET province prefix ('02-001'): codes repeat across the
    -- old provinces that merged into one.
    moet_code          TEXT,
    former_district    TEXT,
    -- Deduplicates repeated imports: the MOET code when known, else name and district.
    import_key         TEXT NOT NULL,
    -- 1 for demo schools generated from population, never real.
    is_generated       INTEGER NOT NULL DEFAULT 0,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    CONSTRAINT schools_import_key UNIQUE (province_code, import_key)
);
CREATE INDEX schools_province_idx ON schools (province_code, level, name_folded);
CREATE INDEX schools_commune_idx ON schools (commune_code);

-- Clusters are drawn per school year; a new year's layout never touches last year's.
CREATE TABLE clusters (
    id            INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    school_year   TEXT NOT NULL,
    name          TEXT NOT NULL,
    position      INTEGER NOT NULL,
    created_at    BIGINT NOT NULL,
    CONSTRAINT clusters_name_key UNIQUE (province_code, school_year, name)
);

-- Membership follows communes: one cluster per commune per school year.
CREATE TABLE cluster_communes (
    cluster_id   BIGINT NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    school_year  TEXT NOT NULL,
    commune_code TEXT NOT NULL REFERENCES communes (code),
    CONSTRAINT cluster_communes_key PRIMARY KEY (school_year, commune_code)
);
CREATE INDEX cluster_communes_cluster_idx ON cluster_communes (cluster_id);

-- A school placed in another cluster than its commune's for one school year.
CREATE TABLE cluster_school_overrides (
    cluster_id  BIGINT NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    school_year TEXT NOT NULL,
    school_id   BIGINT NOT NULL REFERENCES schools (id),
    reason      TEXT NOT NULL,
    CONSTRAINT cluster_school_overrides_key PRIMARY KEY (school_year, school_id)
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL,
    full_name            TEXT NOT NULL,
    name_folded          TEXT NOT NULL,
    -- Given name first, then the rest, in Vietnamese alphabetical order.
    sort_key             TEXT NOT NULL,
    email                TEXT,
    phone                TEXT,
    password_hash        TEXT,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    deployment_admin     INTEGER NOT NULL DEFAULT 0,
    is_active            INTEGER NOT NULL DEFAULT 1,
    is_generated         INTEGER NOT NULL DEFAULT 0,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username)
);

-- A role held on one scope. Exactly one of the scope columns is set, except for
-- province roles, which set only `province_code`; `scope_key` makes grants unique.
CREATE TABLE role_grants (
    id            INTEGER PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    cluster_id    BIGINT REFERENCES clusters (id) ON DELETE CASCADE,
    commune_code  TEXT REFERENCES communes (code),
    school_id     BIGINT REFERENCES schools (id) ON DELETE CASCADE,
    scope_key     TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    CONSTRAINT role_grants_key UNIQUE (user_id, role, scope_key)
);
CREATE INDEX role_grants_school_idx ON role_grants (school_id);
CREATE INDEX role_grants_province_idx ON role_grants (province_code, role);

-- The coordinating board of a cluster: department staff, commune officers, school
-- leaders and core teachers. `level` is set for the head of one school level.
CREATE TABLE cluster_board_members (
    id          INTEGER PRIMARY KEY,
    cluster_id  BIGINT NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- 'coordinator', 'member' or 'level_head'.
    board_role  TEXT NOT NULL,
    level       TEXT,
    -- 'department', 'commune' or 'school'.
    affiliation TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    CONSTRAINT cluster_board_members_key UNIQUE (cluster_id, user_id)
);

-- Drafts of cluster layouts that a department edits before saving them.
CREATE TABLE cluster_proposals (
    id            INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL REFERENCES provinces (code),
    school_year   TEXT NOT NULL,
    k             INTEGER NOT NULL,
    -- JSON: cluster names and the cluster index of every commune.
    layout        TEXT NOT NULL,
    created_by    BIGINT NOT NULL REFERENCES users (id),
    created_at    BIGINT NOT NULL,
    saved_at      BIGINT
);
