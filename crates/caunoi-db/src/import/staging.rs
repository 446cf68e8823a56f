//! Writing a parsed file as a pending batch: `import_batches` and `import_rows`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use tracing::info;

use super::row::{Change, CommuneSource, ExistingSchool, ParsedRow, RowStatus};
use super::{ImportResult, KIND_SCHOOLS, ParsedFile};
use crate::sql::SqlBuilder;
use crate::{Db, now_ms};

/// Rows per multi-row INSERT, keeping each statement far below the bound-parameter
/// limits of SQLite (32,766) and PostgreSQL (65,535).
const CHUNK_ROWS: usize = 500;

/// Counts of rows per status, stored as `import_batches.summary`. `new`, `updated` and
/// `unchanged` split the `ready` rows by what applying them would do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCounts {
    pub total: usize,
    pub ready: usize,
    pub review: usize,
    pub error: usize,
    pub excluded: usize,
    pub duplicate: usize,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl RowCounts {
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a ParsedRow>) -> RowCounts {
        let mut counts = RowCounts::default();
        for row in rows {
            counts.total += 1;
            counts.add(row.status, row.data.change);
        }
        counts
    }

    /// Counts a row of `status` (the total is not changed).
    pub(crate) fn add(&mut self, status: RowStatus, change: Option<Change>) {
        *self.slot(status) += 1;
        if status == RowStatus::Ready {
            *self.change_slot(change) += 1;
        }
    }

    /// Uncounts a row of `status` (the total is not changed).
    pub(crate) fn remove(&mut self, status: RowStatus, change: Option<Change>) {
        let slot = self.slot(status);
        *slot = slot.saturating_sub(1);
        if status == RowStatus::Ready {
            let slot = self.change_slot(change);
            *slot = slot.saturating_sub(1);
        }
    }

    fn slot(&mut self, status: RowStatus) -> &mut usize {
        match status {
            RowStatus::Ready => &mut self.ready,
            RowStatus::Review => &mut self.review,
            RowStatus::Error => &mut self.error,
            RowStatus::Excluded => &mut self.excluded,
            RowStatus::Duplicate => &mut self.duplicate,
        }
    }

    fn change_slot(&mut self, change: Option<Change>) -> &mut usize {
        match change {
            Some(Change::Updated) => &mut self.updated,
            Some(Change::Unchanged) => &mut self.unchanged,
            Some(Change::New) | None => &mut self.new,
        }
    }

    pub fn get(&self, status: RowStatus) -> usize {
        match status {
            RowStatus::Ready => self.ready,
            RowStatus::Review => self.review,
            RowStatus::Error => self.error,
            RowStatus::Excluded => self.excluded,
            RowStatus::Duplicate => self.duplicate,
        }
    }
}

/// The batch a file was staged as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchSummary {
    pub batch_id: i64,
    pub sheet: Option<String>,
    pub header_row: u32,
    pub counts: RowCounts,
}

/// Stages a parsed file as a pending batch, after comparing its rows with the schools
/// already stored under the same import keys.
pub async fn stage_parsed(
    db: &Db,
    mut parsed: ParsedFile,
    created_by: Option<i64>,
) -> ImportResult<BatchSummary> {
    let mut conn = db.pool.acquire().await?;
    let existing = existing_schools(&mut conn, &parsed.province_code).await?;
    drop(conn);
    mark_existing(&mut parsed.rows, &existing);
    let counts = RowCounts::of(&parsed.rows);

    let mut tx = db.begin().await?;
    let batch_id: i64 = sqlx::query_scalar(
        "INSERT INTO import_batches (province_code, kind, file_name, status, created_by, created_at, summary) \
         VALUES ($1, $2, $3, 'pending', $4, $5, $6) RETURNING id",
    )
    .bind(&parsed.province_code)
    .bind(KIND_SCHOOLS)
    .bind(&parsed.file_name)
    .bind(created_by)
    .bind(now_ms())
    .bind(to_json(&counts))
    .fetch_one(&mut *tx)
    .await?;
    for chunk in parsed.rows.chunks(CHUNK_ROWS) {
        insert_rows(&mut tx, batch_id, chunk).await?;
    }
    tx.commit().await?;

    info!(
        import.batch = batch_id,
        import.province = parsed.province_code,
        import.rows = counts.total,
        import.ready = counts.ready,
        import.review = counts.review,
        import.error = counts.error,
        "school list staged"
    );
    Ok(BatchSummary {
        batch_id,
        sheet: parsed.sheet,
        header_row: parsed.header_row,
        counts,
    })
}

async fn insert_rows(
    conn: &mut AnyConnection,
    batch_id: i64,
    rows: &[ParsedRow],
) -> ImportResult<()> {
    let mut query =
        SqlBuilder::new("INSERT INTO import_rows (batch_id, row_number, status, data, problems) ");
    query.push_values(rows, |mut values, row| {
        values
            .push_bind(batch_id)
            .push_bind(i64::from(row.row_number))
            .push_bind(row.status.as_str())
            .push_bind(to_json(&row.data))
            .push_bind(to_json(&row.problems));
    });
    query.build().execute(conn).await?;
    Ok(())
}

/// Loads the province's schools by import key.
pub(crate) async fn existing_schools(
    conn: &mut AnyConnection,
    province: &str,
) -> ImportResult<HashMap<String, ExistingSchool>> {
    type Record = (
        String,
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let records: Vec<Record> = sqlx::query_as(
        "SELECT s.import_key, s.id, s.name, s.level, s.ownership, s.commune_code, c.name, s.moet_code, \
         s.former_district FROM schools s LEFT JOIN communes c ON c.code = s.commune_code \
         WHERE s.province_code = $1",
    )
    .bind(province)
    .fetch_all(conn)
    .await?;
    Ok(records
        .into_iter()
        .map(
            |(
                key,
                id,
                name,
                level,
                ownership,
                commune_code,
                commune_name,
                moet_code,
                former_district,
            )| {
                let school = ExistingSchool {
                    id,
                    name,
                    level,
                    ownership,
                    commune_code,
                    commune_name,
                    moet_code,
                    former_district,
                };
                (key, school)
            },
        )
        .collect())
}

/// Links rows to the schools already stored under their import key and records what
/// applying each row would change.
///
/// A stored school keeps its commune unless the file's commune column names one: the
/// stored commune was confirmed by a person or by an earlier file, which beats an
/// inference from the old district. This is what makes a second import of the same
/// file find every row unchanged.
pub(crate) fn mark_existing(rows: &mut [ParsedRow], existing: &HashMap<String, ExistingSchool>) {
    for row in rows.iter_mut() {
        let found = row
            .data
            .import_key
            .as_ref()
            .and_then(|key| existing.get(key));
        if let Some(school) = found {
            adopt_stored_commune(row, school);
            row.data.existing = Some(school.clone());
        }
        row.data.update_change();
        row.refresh_status();
    }
}

fn adopt_stored_commune(row: &mut ParsedRow, school: &ExistingSchool) {
    if school.commune_code.is_none() || row.data.commune_source == Some(CommuneSource::Column) {
        return;
    }
    row.data.commune_code.clone_from(&school.commune_code);
    row.data.commune_name.clone_from(&school.commune_name);
    row.data.commune_source = Some(CommuneSource::Existing);
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("import rows serialise to JSON")
}
