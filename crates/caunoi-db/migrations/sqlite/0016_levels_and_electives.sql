-- The level a teacher is appointed to teach, which sets the quota of a teacher in a
-- multi-level school and the schools a recommendation may send them to: 'primary',
-- 'lower_secondary', 'upper_secondary' or NULL for the level of their school.
ALTER TABLE staff_members ADD COLUMN teaching_level TEXT;

-- 1 when a recommendation run let teachers teach at a school of another level.
ALTER TABLE recommendation_runs ADD COLUMN other_levels INTEGER NOT NULL DEFAULT 0;

-- Classes of an upper-secondary grade that take each elective subject in a school
-- year, as the school organised its subject combinations. A grade without rows counts
-- every elective at the estimated share of 4 subjects in 9.
CREATE TABLE school_elective_classes (
    school_id   BIGINT NOT NULL REFERENCES schools (id),
    school_year TEXT NOT NULL,
    grade       INTEGER NOT NULL,
    -- A key of caunoi_core::staffing::Subject.
    subject     TEXT NOT NULL,
    classes     INTEGER NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (school_id, school_year, grade, subject)
);

-- The region of Circular 20/2023 the province designates for the commune ('vung_1',
-- 'vung_2', 'vung_3'); NULL until designated, counted as region 2 or 3. It decides
-- which schools are large for the quotas and reductions of Circular 05/2025.
ALTER TABLE communes ADD COLUMN region TEXT;
