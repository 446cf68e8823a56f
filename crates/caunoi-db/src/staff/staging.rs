//! Staff lists uploaded on screen: staged for a preview, then applied or discarded.
//!
//! The batch is an `import_batches` row of kind `staff` and its rows are `import_rows`
//! with the parsed person as JSON. Applying or discarding deletes the rows, so the
//! personal data of a preview does not stay in the staging tables.

use serde::{Deserialize, Serialize};

use super::parse::StaffRow;
use super::{ImportSummary, ParsedStaff, Present, import_parsed};
use crate::import::Problem;
use crate::import::{ImportError, ImportResult};
use crate::{Db, DbError, DbResult, now_ms};

/// The value of `import_batches.kind` for staff lists.
pub const KIND_STAFF: &str = "staff";

/// The `import_batches.summary` of a staff list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct BatchSummary {
    /// The school of a school's list; `None` for a department's list, whose school
    /// column names schools anywhere in the province.
    school_id: Option<i64>,
    header_row: u32,
    rows: usize,
    error_rows: usize,
    present: Present,
}

/// A staged staff list with its parsed rows.
#[derive(Debug, Clone)]
pub struct StagedImport {
    pub id: i64,
    /// `None` for a list of the whole province.
    pub school_id: Option<i64>,
    pub province: String,
    pub file_name: String,
    /// `pending`, `applied` or `discarded`.
    pub status: String,
    pub created_by: Option<i64>,
    pub error_rows: usize,
    pub present: Present,
    pub rows: Vec<StaffRow>,
}

/// Stores a parsed list for the preview of a school's import, or of the province's
/// when `school_id` is `None`; returns the batch id.
pub async fn stage(db: &Db, province: &str, school_id: Option<i64>, parsed: &ParsedStaff, created_by: Option<i64>) -> DbResult<i64> {
    let summary = BatchSummary {
        school_id,
        header_row: parsed.header_row,
        rows: parsed.rows.len(),
        error_rows: parsed.error_rows(),
        present: parsed.present,
    };
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO import_batches (province_code, kind, file_name, status, created_by, created_at, summary) \
         VALUES ($1, $2, $3, 'pending', $4, $5, $6) RETURNING id",
    )
    .bind(province)
    .bind(KIND_STAFF)
    .bind(parsed.file_name.clone())
    .bind(created_by)
    .bind(now_ms())
    .bind(json(&summary)?)
    .fetch_one(&mut *tx)
    .await?;
    for row in &parsed.rows {
        let status = if row.has_errors() { "error" } else { "ready" };
        sqlx::query("INSERT INTO import_rows (batch_id, row_number, status, data, problems) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(i64::from(row.row_number))
            .bind(status)
            .bind(json(row)?)
            .bind(json(&row.problems)?)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Loads a staged staff list with its rows in file order.
pub async fn staged(db: &Db, id: i64) -> DbResult<StagedImport> {
    let (province, file_name, status, created_by, summary): (String, String, String, Option<i64>, String) = sqlx::query_as(
        "SELECT province_code, file_name, status, created_by, summary FROM import_batches WHERE id = $1 AND kind = $2",
    )
    .bind(id)
    .bind(KIND_STAFF)
    .fetch_one(&db.pool)
    .await?;
    let summary: BatchSummary = serde_json::from_str(&summary).map_err(|error| DbError::Invalid(error.to_string()))?;
    let data: Vec<String> = sqlx::query_scalar("SELECT data FROM import_rows WHERE batch_id = $1 ORDER BY row_number")
        .bind(id)
        .fetch_all(&db.pool)
        .await?;
    let rows = data
        .iter()
        .map(|text| serde_json::from_str(text).map_err(|error| DbError::Invalid(error.to_string())))
        .collect::<DbResult<Vec<StaffRow>>>()?;
    Ok(StagedImport {
        id,
        school_id: summary.school_id,
        province,
        file_name,
        status,
        created_by,
        error_rows: summary.error_rows,
        present: summary.present,
        rows,
    })
}

/// Imports a pending staged list and closes the batch. Rejects it, writing nothing,
/// when it is not pending or any row has an error.
pub async fn apply_staged(db: &Db, staged: StagedImport, user_id: Option<i64>) -> ImportResult<ImportSummary> {
    if staged.status != "pending" {
        return Err(ImportError::Rejected(Problem::error("staff-import-not-pending")));
    }
    let parsed = ParsedStaff {
        file_name: staged.file_name,
        header_row: 0,
        columns: Vec::new(),
        rows: staged.rows,
        present: staged.present,
    };
    let summary = import_parsed(db, &parsed, &staged.province, user_id).await?;
    close(db, staged.id, "applied").await?;
    Ok(summary)
}

/// Discards a pending staged list.
pub async fn discard_staged(db: &Db, id: i64) -> DbResult<()> {
    close(db, id, "discarded").await
}

/// Marks a batch closed and deletes its rows, which hold personal data.
async fn close(db: &Db, id: i64, status: &str) -> DbResult<()> {
    let mut tx = db.begin().await?;
    let closed = sqlx::query("UPDATE import_batches SET status = $1, applied_at = $2 WHERE id = $3 AND status = 'pending'")
        .bind(status)
        .bind(now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if closed.rows_affected() == 0 {
        return Err(DbError::Conflict("import_batches_status".into()));
    }
    sqlx::query("DELETE FROM import_rows WHERE batch_id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

fn json<T: Serialize>(value: &T) -> DbResult<String> {
    serde_json::to_string(value).map_err(|error| DbError::Invalid(error.to_string()))
}
