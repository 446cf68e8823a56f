//! Reviewing a staged batch: listing its rows and recording a person's decisions.

use caunoi_core::org::{SchoolLevel, commune_code};
use serde::Serialize;
use sqlx::AnyConnection;

use super::problem::{Problem, Severity, ids};
use super::row::{CommuneSource, Exclusion, RowStatus, SchoolRow, derive_status};
use super::staging::{RowCounts, to_json};
use super::{ImportError, ImportResult, KIND_SCHOOLS};
use crate::sql::SqlBuilder;
use crate::{Db, DbError, Page};

/// A batch without its rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchInfo {
    pub id: i64,
    pub province_code: String,
    pub kind: String,
    pub file_name: String,
    /// `pending`, `applied` or `discarded`.
    pub status: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub applied_at: Option<i64>,
    pub counts: RowCounts,
}

/// A batch with one page of its rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Batch {
    pub info: BatchInfo,
    pub rows: Vec<ImportRow>,
    /// Rows matching the filter, over all pages.
    pub matching_rows: i64,
}

/// A staged row as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportRow {
    pub row_number: u32,
    pub status: RowStatus,
    pub data: SchoolRow,
    pub problems: Vec<Problem>,
    pub decision: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowFilter {
    pub status: Option<RowStatus>,
}

/// A person's decision on one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Places the school in this commune, which must be among the row's candidates.
    Commune(String),
    /// Imports an excluded row, or a row whose level could not be read, at this level.
    Include(SchoolLevel),
    /// Leaves the row out of the import.
    Exclude,
}

impl Decision {
    /// Reads a decision as forms send it: a commune code, `exclude`, or
    /// `include:<level>` with a level identifier such as `upper_secondary`.
    pub fn parse(text: &str) -> ImportResult<Decision> {
        let text = text.trim();
        let decision = if text == "exclude" {
            Some(Decision::Exclude)
        } else if let Some(level) = text.strip_prefix("include:") {
            SchoolLevel::parse(level).map(Decision::Include)
        } else {
            commune_code(text).map(Decision::Commune)
        };
        decision.ok_or_else(|| {
            ImportError::Rejected(
                Problem::error(ids::DECISION_INVALID).with_value("decision", text),
            )
        })
    }

    /// Returns the value stored in `import_rows.decision`.
    fn stored(&self) -> String {
        match self {
            Decision::Commune(code) => code.clone(),
            Decision::Include(_) => "include".to_owned(),
            Decision::Exclude => "exclude".to_owned(),
        }
    }
}

type BatchRecord = (
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    Option<i64>,
    String,
);

const SELECT_BATCH: &str = "SELECT id, province_code, kind, file_name, status, created_by, created_at, applied_at, \
                            summary FROM import_batches";

fn batch_info(record: BatchRecord) -> ImportResult<BatchInfo> {
    let (id, province_code, kind, file_name, status, created_by, created_at, applied_at, summary) =
        record;
    Ok(BatchInfo {
        id,
        province_code,
        kind,
        file_name,
        status,
        created_by,
        created_at,
        applied_at,
        counts: from_json(&summary)?,
    })
}

pub(crate) async fn load_info(conn: &mut AnyConnection, batch_id: i64) -> ImportResult<BatchInfo> {
    // Other kinds of import (staff lists) share the table but not this review.
    let sql = format!("{SELECT_BATCH} WHERE id = $1 AND kind = '{KIND_SCHOOLS}'");
    let record: BatchRecord = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(batch_id)
        .fetch_one(conn)
        .await?;
    batch_info(record)
}

/// Lists the batches of a province, newest first.
pub async fn batches(db: &Db, province: &str, page: Page) -> ImportResult<Vec<BatchInfo>> {
    let sql = format!(
        "{SELECT_BATCH} WHERE province_code = $1 AND kind = '{KIND_SCHOOLS}' ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"
    );
    let records: Vec<BatchRecord> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(province)
        .bind(page.size)
        .bind(page.offset())
        .fetch_all(&db.pool)
        .await?;
    records.into_iter().map(batch_info).collect()
}

/// Loads a batch with one page of its rows in file order, optionally only the rows of
/// one status.
pub async fn batch(db: &Db, batch_id: i64, filter: &RowFilter, page: Page) -> ImportResult<Batch> {
    let mut conn = db.pool.acquire().await?;
    let info = load_info(&mut conn, batch_id).await?;

    let mut count = SqlBuilder::new("SELECT COUNT(*) FROM import_rows");
    push_filter(&mut count, batch_id, filter);
    let matching_rows: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;

    let mut query =
        SqlBuilder::new("SELECT row_number, status, data, problems, decision FROM import_rows");
    push_filter(&mut query, batch_id, filter);
    query.push(" ORDER BY row_number");
    page.push_limit(&mut query);
    let records: Vec<RowRecord> = query.build_query_as().fetch_all(&mut *conn).await?;
    let rows = records
        .into_iter()
        .map(import_row)
        .collect::<ImportResult<_>>()?;
    Ok(Batch {
        info,
        rows,
        matching_rows,
    })
}

fn push_filter(query: &mut SqlBuilder, batch_id: i64, filter: &RowFilter) {
    query.push(" WHERE batch_id = ").push_bind(batch_id);
    if let Some(status) = filter.status {
        query.push(" AND status = ").push_bind(status.as_str());
    }
}

type RowRecord = (i64, String, String, String, Option<String>);

fn import_row(record: RowRecord) -> ImportResult<ImportRow> {
    let (row_number, status, data, problems, decision) = record;
    let status = RowStatus::parse(&status).ok_or_else(|| {
        DbError::Invalid(format!(
            "import row {row_number} has unknown status {status:?}"
        ))
    })?;
    Ok(ImportRow {
        row_number: u32::try_from(row_number).unwrap_or_default(),
        status,
        data: from_json(&data)?,
        problems: from_json(&problems)?,
        decision,
    })
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> ImportResult<T> {
    serde_json::from_str(text)
        .map_err(|error| ImportError::Db(DbError::Invalid(format!("stored import JSON: {error}"))))
}

/// Records a person's decision on one row of a pending batch and returns the row with
/// its new status. The batch's counts follow.
pub async fn decide(
    db: &Db,
    batch_id: i64,
    row_number: u32,
    decision: Decision,
) -> ImportResult<ImportRow> {
    let mut tx = db.begin().await?;
    transition(&mut tx, batch_id, "pending", None).await?;
    let mut info = load_info(&mut tx, batch_id).await?;
    let record: RowRecord = sqlx::query_as(
        "SELECT row_number, status, data, problems, decision FROM import_rows WHERE batch_id = $1 AND row_number = $2",
    )
    .bind(batch_id)
    .bind(i64::from(row_number))
    .fetch_one(&mut *tx)
    .await?;
    let mut row = import_row(record)?;
    let before = (row.status, row.data.change);

    apply_decision(&mut row, &decision)?;
    info.counts.remove(before.0, before.1);
    info.counts.add(row.status, row.data.change);

    sqlx::query(
        "UPDATE import_rows SET status = $1, data = $2, problems = $3, decision = $4 \
         WHERE batch_id = $5 AND row_number = $6",
    )
    .bind(row.status.as_str())
    .bind(to_json(&row.data))
    .bind(to_json(&row.problems))
    .bind(row.decision.as_deref())
    .bind(batch_id)
    .bind(i64::from(row_number))
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE import_batches SET summary = $1 WHERE id = $2")
        .bind(to_json(&info.counts))
        .bind(batch_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(row)
}

/// Moves a pending batch to `status` (`pending` again to only lock it), inside the
/// caller's transaction. The UPDATE makes SQLite take its write lock at once and
/// PostgreSQL lock the row, so concurrent changes to one batch wait for each other
/// rather than overwrite each other's counts. Rejects a batch that is not pending.
pub(crate) async fn transition(
    conn: &mut AnyConnection,
    batch_id: i64,
    status: &str,
    applied_at: Option<i64>,
) -> ImportResult<()> {
    let result = sqlx::query(
        "UPDATE import_batches SET status = $1, applied_at = COALESCE($2, applied_at) \
         WHERE id = $3 AND status = 'pending'",
    )
    .bind(status)
    .bind(applied_at)
    .bind(batch_id)
    .execute(&mut *conn)
    .await?;
    if result.rows_affected() > 0 {
        return Ok(());
    }
    let info = load_info(conn, batch_id).await?;
    let problem = Problem::error(ids::BATCH_NOT_PENDING)
        .with_arg("batch", batch_id)
        .with_arg("status", info.status);
    Err(ImportError::Rejected(problem))
}

/// Applies `decision` to `row` and derives its new status.
fn apply_decision(row: &mut ImportRow, decision: &Decision) -> ImportResult<()> {
    let allowed = match decision {
        Decision::Commune(_) => row.status != RowStatus::Duplicate,
        Decision::Include(_) => matches!(row.status, RowStatus::Excluded | RowStatus::Error),
        Decision::Exclude => row.status != RowStatus::Duplicate,
    };
    if !allowed {
        let problem = Problem::error(ids::DECISION_NOT_ALLOWED)
            .with_arg("row", row.row_number)
            .with_arg("status", row.status.as_str());
        return Err(ImportError::Rejected(problem));
    }
    match decision {
        Decision::Commune(code) => choose_commune(row, code)?,
        Decision::Include(level) => include(row, *level),
        Decision::Exclude => exclude(row),
    }
    row.decision = Some(decision.stored());
    row.data.update_change();
    row.status = derive_status(&row.data, &row.problems);
    Ok(())
}

fn choose_commune(row: &mut ImportRow, code: &str) -> ImportResult<()> {
    let Some(candidate) = row.data.candidates.iter().find(|c| c.code == code).cloned() else {
        let problem = Problem::error(ids::DECISION_NOT_CANDIDATE)
            .with_value("commune_code", code)
            .with_arg("row", row.row_number);
        return Err(ImportError::Rejected(problem));
    };
    row.data.set_commune(&candidate, CommuneSource::Decision);
    Ok(())
}

/// Includes the row at `level`. The level settles the problems about the level, so
/// they are dropped; other problems stay.
fn include(row: &mut ImportRow, level: SchoolLevel) {
    row.data.level = Some(level);
    row.data.exclusion = None;
    row.problems
        .retain(|p| p.message_id != ids::UNKNOWN_LEVEL && p.message_id != ids::EXCLUDED_BY_PERSON);
}

fn exclude(row: &mut ImportRow) {
    if row.data.exclusion.is_none() {
        row.data.exclusion = Some(Exclusion::Person);
        row.problems.push(
            Problem::new(Severity::Info, ids::EXCLUDED_BY_PERSON).with_arg("row", row.row_number),
        );
    }
}

/// Marks a pending batch as discarded; its rows stay for the record.
pub async fn discard(db: &Db, batch_id: i64) -> ImportResult<()> {
    let mut conn = db.pool.acquire().await?;
    transition(&mut conn, batch_id, "discarded", None).await
}
