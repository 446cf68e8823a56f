-- Inter-school teaching: recommendation runs of the optimiser, and the assignments
-- they propose, which the department reviews, edits and accepts.

CREATE TABLE recommendation_runs (
    id                 INTEGER PRIMARY KEY,
    province_code      TEXT NOT NULL REFERENCES provinces (code),
    school_year        TEXT NOT NULL,
    -- The cluster the run covers; NULL for the whole province.
    cluster_id         BIGINT REFERENCES clusters (id),
    -- Subject keys, comma-separated, in the order chosen.
    subjects           TEXT NOT NULL,
    max_distance_km    DOUBLE PRECISION NOT NULL,
    -- 1: only teachers of the same cluster; 0: other clusters allowed at a penalty.
    same_cluster_only  INTEGER NOT NULL DEFAULT 0,
    -- The what-if changes the run assumed, as JSON; NULL for the recorded data. A
    -- what-if run is never accepted.
    what_if            TEXT,
    shortage_periods   BIGINT NOT NULL,
    covered_periods    BIGINT NOT NULL,
    total_distance_km  DOUBLE PRECISION NOT NULL,
    solve_ms           BIGINT NOT NULL,
    created_by         BIGINT NOT NULL REFERENCES users (id),
    created_at         BIGINT NOT NULL
);
CREATE INDEX recommendation_runs_province_idx ON recommendation_runs (province_code, created_at);

CREATE TABLE teaching_assignments (
    id               INTEGER PRIMARY KEY,
    -- The run that proposed it; NULL for an assignment the department entered itself.
    run_id           BIGINT REFERENCES recommendation_runs (id),
    staff_id         BIGINT NOT NULL REFERENCES staff_members (id),
    from_school_id   BIGINT NOT NULL REFERENCES schools (id),
    to_school_id     BIGINT NOT NULL REFERENCES schools (id),
    -- A key of caunoi_core::staffing::Subject.
    subject          TEXT NOT NULL,
    periods_per_week BIGINT NOT NULL,
    distance_km      DOUBLE PRECISION NOT NULL,
    -- The teacher's spare periods per week when the run was made: accepting never
    -- takes more than that, counting what was accepted since.
    teacher_spare    BIGINT NOT NULL,
    -- 'proposed', 'accepted', 'rejected' or 'ended'. Accepted assignments count in
    -- both schools' loads, one period for one.
    status           TEXT NOT NULL DEFAULT 'proposed',
    decided_by       BIGINT REFERENCES users (id),
    decided_at       BIGINT,
    note             TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX teaching_assignments_run_idx ON teaching_assignments (run_id, status);
CREATE INDEX teaching_assignments_staff_idx ON teaching_assignments (staff_id, status);
CREATE INDEX teaching_assignments_to_idx ON teaching_assignments (to_school_id, status);
