//! Applying a reviewed batch: upserting its ready rows into `schools`.

use std::collections::{HashMap, HashSet};

use caunoi_core::text::fold;
use serde::Serialize;
use serde_json::json;
use sqlx::AnyConnection;
use tracing::info;

use super::problem::{Problem, ids};
use super::review::{load_info, transition};
use super::row::{ExistingSchool, SchoolRow};
use super::staging::existing_schools;
use super::{ImportError, ImportResult};
use crate::audit::{self, AuditEntry};
use crate::sql::SqlBuilder;
use crate::{Db, DbError, now_ms};

/// Schools per multi-row upsert; 11 parameters each.
const CHUNK_ROWS: usize = 200;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Imports the ready rows and leaves out rows still in `error` or `review`. The
    /// person confirmed this choice; without it such rows make [`apply`] reject the batch.
    pub skip_unresolved: bool,
}

/// Row counts of one [`apply`] call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ApplySummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows not imported: errors and reviews left unresolved, excluded rows, duplicates.
    pub skipped: usize,
}

/// Writes the ready rows of a pending batch into `schools` and marks the batch applied,
/// in one transaction: on any failure nothing is written.
///
/// Rejects the batch while rows are in `error` or `review`, unless
/// `options.skip_unresolved` is set, and rejects a batch that is not pending (applied
/// twice, or discarded). Rows already stored under the same import key are updated in
/// place, so applying a second import of the same list creates no duplicates.
pub async fn apply(
    db: &Db,
    batch_id: i64,
    user_id: Option<i64>,
    options: ApplyOptions,
) -> ImportResult<ApplySummary> {
    let mut tx = db.begin().await?;
    // Marking the batch applied first makes a concurrent apply of the same batch find
    // it no longer pending. The transaction undoes the mark if anything later fails.
    transition(&mut tx, batch_id, "applied", Some(now_ms())).await?;
    let info = load_info(&mut tx, batch_id).await?;
    check_unresolved(&mut tx, batch_id, options).await?;

    let rows = ready_rows(&mut tx, batch_id).await?;
    let existing = existing_schools(&mut tx, &info.province_code).await?;
    let plan = plan_writes(&rows, &existing);
    for chunk in plan.writes.chunks(CHUNK_ROWS) {
        upsert(&mut tx, &info.province_code, chunk).await?;
    }
    let summary = ApplySummary {
        created: plan.created,
        updated: plan.updated,
        unchanged: plan.unchanged,
        skipped: info.counts.total.saturating_sub(rows.len()) + plan.repeated,
    };
    write_audit(&mut tx, batch_id, &info.province_code, user_id, &summary).await?;
    tx.commit().await?;

    info!(
        import.batch = batch_id,
        import.province = info.province_code,
        import.created = summary.created,
        import.updated = summary.updated,
        import.unchanged = summary.unchanged,
        import.skipped = summary.skipped,
        "school list applied"
    );
    Ok(summary)
}

async fn check_unresolved(
    conn: &mut AnyConnection,
    batch_id: i64,
    options: ApplyOptions,
) -> ImportResult<()> {
    let (errors, reviews): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN status = 'review' THEN 1 ELSE 0 END), 0) \
         FROM import_rows WHERE batch_id = $1",
    )
    .bind(batch_id)
    .fetch_one(conn)
    .await?;
    if (errors > 0 || reviews > 0) && !options.skip_unresolved {
        let problem = Problem::error(ids::UNRESOLVED_ROWS)
            .with_arg("errors", errors)
            .with_arg("reviews", reviews);
        return Err(ImportError::Rejected(problem));
    }
    Ok(())
}

async fn ready_rows(conn: &mut AnyConnection, batch_id: i64) -> ImportResult<Vec<SchoolRow>> {
    let records: Vec<(String,)> = sqlx::query_as(
        "SELECT data FROM import_rows WHERE batch_id = $1 AND status = 'ready' ORDER BY row_number",
    )
    .bind(batch_id)
    .fetch_all(conn)
    .await?;
    records
        .into_iter()
        .map(|(data,)| {
            serde_json::from_str(&data).map_err(|error| {
                ImportError::Db(DbError::Invalid(format!("stored import row JSON: {error}")))
            })
        })
        .collect()
}

/// One school to insert or update.
struct SchoolWrite {
    import_key: String,
    commune_code: String,
    name: String,
    level: &'static str,
    ownership: &'static str,
    moet_code: Option<String>,
    former_district: Option<String>,
}

#[derive(Default)]
struct Plan {
    writes: Vec<SchoolWrite>,
    created: usize,
    updated: usize,
    unchanged: usize,
    /// Ready rows left out because an earlier ready row had the same key.
    repeated: usize,
}

/// Compares ready rows with the stored schools as they are now (they may have changed
/// since staging) and keeps the writes that change something.
fn plan_writes(rows: &[SchoolRow], existing: &HashMap<String, ExistingSchool>) -> Plan {
    let mut plan = Plan::default();
    let mut seen = HashSet::new();
    for row in rows {
        let Some(write) = school_write(row) else {
            plan.repeated += 1;
            continue;
        };
        if !seen.insert(write.import_key.clone()) {
            plan.repeated += 1;
            continue;
        }
        match existing.get(&write.import_key) {
            None => plan.created += 1,
            Some(stored) if same_school(stored, &write) => {
                plan.unchanged += 1;
                continue;
            }
            Some(_) => plan.updated += 1,
        }
        plan.writes.push(write);
    }
    plan
}

/// Builds the write of a ready row. Ready rows always have a key, a level and a
/// commune; a row without them is left out rather than written half-filled.
fn school_write(row: &SchoolRow) -> Option<SchoolWrite> {
    Some(SchoolWrite {
        import_key: row.import_key.clone()?,
        commune_code: row.commune_code.clone()?,
        name: row.name.clone(),
        level: row.level?.as_str(),
        ownership: row
            .ownership
            .unwrap_or(caunoi_core::org::Ownership::Public)
            .as_str(),
        moet_code: row.moet_code(),
        former_district: row.old_district.clone(),
    })
}

fn same_school(stored: &ExistingSchool, write: &SchoolWrite) -> bool {
    stored.name == write.name
        && stored.level == write.level
        && stored.ownership == write.ownership
        && stored.commune_code.as_deref() == Some(write.commune_code.as_str())
        && stored.moet_code == write.moet_code
        && stored.former_district == write.former_district
}

async fn upsert(
    conn: &mut AnyConnection,
    province: &str,
    writes: &[SchoolWrite],
) -> ImportResult<()> {
    let now = now_ms();
    let mut query = SqlBuilder::new(
        "INSERT INTO schools (province_code, commune_code, name, name_folded, level, ownership, moet_code, \
         former_district, import_key, created_at, updated_at) ",
    );
    query.push_values(writes, |mut values, write| {
        values
            .push_bind(province.to_owned())
            .push_bind(write.commune_code.clone())
            .push_bind(write.name.clone())
            .push_bind(fold(&write.name))
            .push_bind(write.level)
            .push_bind(write.ownership)
            .push_bind(write.moet_code.clone())
            .push_bind(write.former_district.clone())
            .push_bind(write.import_key.clone())
            .push_bind(now)
            .push_bind(now);
    });
    query.push(
        " ON CONFLICT (province_code, import_key) DO UPDATE SET commune_code = excluded.commune_code, \
         name = excluded.name, name_folded = excluded.name_folded, level = excluded.level, \
         ownership = excluded.ownership, moet_code = excluded.moet_code, \
         former_district = excluded.former_district, updated_at = excluded.updated_at",
    );
    query.build().execute(conn).await?;
    Ok(())
}

async fn write_audit(
    conn: &mut AnyConnection,
    batch_id: i64,
    province: &str,
    user_id: Option<i64>,
    summary: &ApplySummary,
) -> ImportResult<()> {
    let entry = AuditEntry {
        user_id,
        province: Some(province),
        action: "import.apply",
        entity: "import_batch",
        entity_id: batch_id.to_string(),
        details: json!({
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "skipped": summary.skipped,
        }),
    };
    audit::record(conn, &entry).await?;
    Ok(())
}
