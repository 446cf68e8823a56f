//! Inter-school teaching recommendations: the runs of the optimiser, the assignments
//! they propose, and the department's review of them.
//!
//! A run stores what it was asked (scope, subjects, distance limit, what-if changes)
//! and its totals next to its proposed assignments, so a later review finds exactly what
//! the optimiser saw. Accepted assignments are what the load and shortage figures count,
//! one period for one, in both schools.

mod export;
mod solve;

use caunoi_core::staffing::Subject;
use serde::Serialize;
use sqlx::FromRow;

use crate::audit::{self, AuditEntry};
use crate::{Db, DbError, DbResult, now_ms};

pub use export::{ExportLabels, assignments_xlsx};
pub use solve::{Answer, Question, SolveError, WhatIf, solve};

/// The question a run was given, and its totals.
#[derive(Debug, Clone)]
pub struct RunInput {
    pub province: String,
    pub school_year: String,
    /// `None` for the whole province.
    pub cluster_id: Option<i64>,
    pub subjects: Vec<Subject>,
    pub max_distance_km: f64,
    pub same_cluster_only: bool,
    pub other_levels: bool,
    /// The what-if changes as JSON; a what-if run is never accepted.
    pub what_if: Option<String>,
    pub shortage_periods: i64,
    pub covered_periods: i64,
    pub total_distance_km: f64,
    pub solve_ms: i64,
    pub created_by: i64,
}

/// One assignment the optimiser proposes.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAssignment {
    pub staff_id: i64,
    pub from_school_id: i64,
    pub to_school_id: i64,
    pub subject: Subject,
    pub periods_per_week: i64,
    pub distance_km: f64,
    /// The teacher's spare periods per week when the run was made.
    pub teacher_spare: i64,
}

/// A stored run.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Run {
    pub id: i64,
    pub province_code: String,
    pub school_year: String,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub subjects: String,
    pub max_distance_km: f64,
    pub same_cluster_only: i64,
    pub other_levels: i64,
    pub what_if: Option<String>,
    pub shortage_periods: i64,
    pub covered_periods: i64,
    pub total_distance_km: f64,
    pub solve_ms: i64,
    pub created_by: i64,
    pub created_at: i64,
}

impl Run {
    /// Returns the subjects of the run, in the order chosen.
    pub fn subject_list(&self) -> Vec<Subject> {
        self.subjects.split(',').filter_map(Subject::from_key).collect()
    }

    pub fn is_what_if(&self) -> bool {
        self.what_if.is_some()
    }
}

/// An assignment with the names a review shows.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Assignment {
    pub id: i64,
    pub run_id: Option<i64>,
    pub staff_id: i64,
    pub staff_name: String,
    pub staff_sort_key: String,
    pub from_school_id: i64,
    pub from_school: String,
    pub to_school_id: i64,
    pub to_school: String,
    pub subject: String,
    pub periods_per_week: i64,
    pub distance_km: f64,
    pub teacher_spare: i64,
    pub status: String,
    pub note: String,
    pub decided_at: Option<i64>,
}

/// Status of an assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Proposed,
    Accepted,
    Rejected,
    Ended,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Ended => "ended",
        }
    }
}

/// A reviewer's decision on one assignment.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Accept,
    Reject,
    /// Changes the periods of a proposed assignment, within what the teacher had spare.
    Edit { periods_per_week: i64 },
    /// Ends an accepted assignment (the teacher stops going to the other school).
    End,
}

/// The reason a decision is refused; each names what the reviewer can do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A what-if run's assignments are never accepted.
    WhatIf,
    /// The decision does not apply to the assignment's status.
    WrongStatus { status: String },
    /// Periods out of 1..=`max`.
    Periods { max: i64 },
    /// Accepting would take more than the teacher has spare, given what was accepted.
    OverQuota { spare: i64, taken: i64 },
}

/// Saves a run and its proposed assignments in one transaction; returns its id.
pub async fn save_run(db: &Db, input: &RunInput, assignments: &[NewAssignment]) -> DbResult<i64> {
    let now = now_ms();
    let subjects: Vec<&str> = input.subjects.iter().map(|subject| subject.key()).collect();
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO recommendation_runs (province_code, school_year, cluster_id, subjects, max_distance_km, \
         same_cluster_only, other_levels, what_if, shortage_periods, covered_periods, total_distance_km, solve_ms, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(input.province.clone())
    .bind(input.school_year.clone())
    .bind(input.cluster_id)
    .bind(subjects.join(","))
    .bind(input.max_distance_km)
    .bind(i64::from(input.same_cluster_only))
    .bind(i64::from(input.other_levels))
    .bind(input.what_if.clone())
    .bind(input.shortage_periods)
    .bind(input.covered_periods)
    .bind(input.total_distance_km)
    .bind(input.solve_ms)
    .bind(input.created_by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;

    for assignment in assignments {
        sqlx::query(
            "INSERT INTO teaching_assignments (run_id, staff_id, from_school_id, to_school_id, subject, periods_per_week, \
             distance_km, teacher_spare, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'proposed', $9, $9)",
        )
        .bind(id)
        .bind(assignment.staff_id)
        .bind(assignment.from_school_id)
        .bind(assignment.to_school_id)
        .bind(assignment.subject.key())
        .bind(assignment.periods_per_week)
        .bind(assignment.distance_km)
        .bind(assignment.teacher_spare)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }

    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(input.created_by),
            province: Some(&input.province),
            action: "recommendation.run",
            entity: "recommendation_run",
            entity_id: id.to_string(),
            details: serde_json::json!({ "assignments": assignments.len(), "covered_periods": input.covered_periods, "what_if": input.what_if.is_some() }),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(run.id = id, run.assignments = assignments.len(), run.solve_ms = input.solve_ms, "recommendation run saved");
    Ok(id)
}

const RUN_COLUMNS: &str = "r.id, r.province_code, r.school_year, r.cluster_id, c.name AS cluster_name, r.subjects, \
    r.max_distance_km, r.same_cluster_only, r.other_levels, r.what_if, r.shortage_periods, r.covered_periods, r.total_distance_km, \
    r.solve_ms, r.created_by, r.created_at";

/// Reads one run.
pub async fn run(db: &Db, id: i64) -> DbResult<Run> {
    let sql = format!("SELECT {RUN_COLUMNS} FROM recommendation_runs r LEFT JOIN clusters c ON c.id = r.cluster_id WHERE r.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// Lists the latest runs of a province, newest first; of one cluster when `cluster` is given.
pub async fn runs(db: &Db, province: &str, cluster: Option<i64>, limit: i64) -> DbResult<Vec<Run>> {
    let filter = if cluster.is_some() { "AND r.cluster_id = $3" } else { "AND $3 = 0" };
    let sql = format!(
        "SELECT {RUN_COLUMNS} FROM recommendation_runs r LEFT JOIN clusters c ON c.id = r.cluster_id \
         WHERE r.province_code = $1 {filter} ORDER BY r.created_at DESC, r.id DESC LIMIT $2"
    );
    let query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(province).bind(limit).bind(cluster.unwrap_or(0));
    Ok(query.fetch_all(&db.pool).await?)
}

const ASSIGNMENT_COLUMNS: &str = "a.id, a.run_id, a.staff_id, m.full_name AS staff_name, m.sort_key AS staff_sort_key, \
    a.from_school_id, f.name AS from_school, a.to_school_id, t.name AS to_school, a.subject, a.periods_per_week, \
    a.distance_km, a.teacher_spare, a.status, a.note, a.decided_at";

const ASSIGNMENT_FROM: &str = "teaching_assignments a JOIN staff_members m ON m.id = a.staff_id \
    JOIN schools f ON f.id = a.from_school_id JOIN schools t ON t.id = a.to_school_id";

/// Lists the assignments of a run, by receiving school then teacher.
pub async fn assignments_of_run(db: &Db, run_id: i64) -> DbResult<Vec<Assignment>> {
    let sql = format!("SELECT {ASSIGNMENT_COLUMNS} FROM {ASSIGNMENT_FROM} WHERE a.run_id = $1 ORDER BY t.name_folded, a.subject, m.sort_key, a.id");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(run_id).fetch_all(&db.pool).await?)
}

/// Lists the accepted assignments that concern a school, giving or receiving.
pub async fn accepted_for_school(db: &Db, school_id: i64) -> DbResult<Vec<Assignment>> {
    let sql = format!(
        "SELECT {ASSIGNMENT_COLUMNS} FROM {ASSIGNMENT_FROM} \
         WHERE a.status = 'accepted' AND (a.from_school_id = $1 OR a.to_school_id = $1) ORDER BY a.subject, m.sort_key, a.id"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(school_id).fetch_all(&db.pool).await?)
}

/// Reads one assignment.
pub async fn assignment(db: &Db, id: i64) -> DbResult<Assignment> {
    let sql = format!("SELECT {ASSIGNMENT_COLUMNS} FROM {ASSIGNMENT_FROM} WHERE a.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// Applies a reviewer's decision. Returns `Ok(Err(refusal))` when the decision does not
/// fit the assignment, with nothing changed.
pub async fn decide(db: &Db, province: &str, id: i64, decision: &Decision, by: i64) -> DbResult<Result<(), Refusal>> {
    let mut tx = db.begin().await?;
    let row: Option<(String, i64, i64, i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT a.status, a.periods_per_week, a.teacher_spare, a.staff_id, r.what_if, COALESCE(r.created_at, a.created_at) \
         FROM teaching_assignments a LEFT JOIN recommendation_runs r ON r.id = a.run_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((status, periods, spare, staff_id, what_if, run_at)) = row else {
        return Err(DbError::NotFound);
    };
    if what_if.is_some() {
        return Ok(Err(Refusal::WhatIf));
    }

    let (new_status, new_periods) = match (decision, status.as_str()) {
        (Decision::Accept, "proposed") => {
            // What this teacher took on since the run, counted against what they had spare then.
            let taken: i64 = sqlx::query_scalar(
                "SELECT CAST(COALESCE(SUM(periods_per_week), 0) AS BIGINT) FROM teaching_assignments \
                 WHERE staff_id = $1 AND status = 'accepted' AND decided_at >= $2",
            )
            .bind(staff_id)
            .bind(run_at)
            .fetch_one(&mut *tx)
            .await?;
            if taken + periods > spare {
                return Ok(Err(Refusal::OverQuota { spare, taken }));
            }
            (Status::Accepted, periods)
        }
        (Decision::Reject, "proposed") => (Status::Rejected, periods),
        (Decision::Edit { periods_per_week }, "proposed") => {
            if !(1..=spare).contains(periods_per_week) {
                return Ok(Err(Refusal::Periods { max: spare }));
            }
            (Status::Proposed, *periods_per_week)
        }
        (Decision::End, "accepted") => (Status::Ended, periods),
        _ => return Ok(Err(Refusal::WrongStatus { status })),
    };

    let decided = (new_status != Status::Proposed).then_some(by);
    sqlx::query(
        "UPDATE teaching_assignments SET status = $1, periods_per_week = $2, decided_by = COALESCE($3, decided_by), \
         decided_at = CASE WHEN $3 IS NULL THEN decided_at ELSE $4 END, updated_at = $4 WHERE id = $5",
    )
    .bind(new_status.as_str())
    .bind(new_periods)
    .bind(decided)
    .bind(now_ms())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(by),
            province: Some(province),
            action: "teaching_assignment.decide",
            entity: "teaching_assignment",
            entity_id: id.to_string(),
            details: serde_json::json!({ "status": new_status.as_str(), "periods_per_week": new_periods }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}
