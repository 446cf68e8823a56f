//! Cluster activity plans: one plan per cluster, school year and semester, its items
//! with their status and linked activity, copying the unfinished items of the
//! previous semester, the province overview and the spreadsheet export.

use caunoi_core::activity::ActivityKind;
use caunoi_core::activity::plan::{PlanItemStatus, PlanMonth, Semester};
use caunoi_core::school_year::SchoolYear;
use caunoi_core::text::normalize;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::Serialize;
use sqlx::{AnyConnection, FromRow};

use crate::{Db, DbError, DbResult, now_ms};

/// A plan row.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Plan {
    pub id: i64,
    pub province_code: String,
    pub cluster_id: i64,
    pub school_year: String,
    pub semester: i64,
    pub notes: String,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Plan {
    pub fn semester(&self) -> Semester {
        Semester::from_number(self.semester).unwrap_or(Semester::First)
    }
}

const PLAN_COLUMNS: &str =
    "p.id, p.province_code, p.cluster_id, p.school_year, p.semester, p.notes, p.created_by, p.created_at, p.updated_at";

/// An item of a plan with the activity that carries it out, if any. The activity is
/// the one the item names, or else the latest activity created from the item.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct PlanItem {
    pub id: i64,
    pub plan_id: i64,
    pub title: String,
    pub kind: String,
    pub subjects: String,
    /// `YYYY-MM`.
    pub planned_month: String,
    pub status: String,
    pub note: String,
    pub activity_id: Option<i64>,
    pub activity_title: Option<String>,
    pub activity_status: Option<String>,
    pub activity_starts_at: Option<i64>,
    pub activity_ends_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl PlanItem {
    pub fn status(&self) -> PlanItemStatus {
        PlanItemStatus::parse(&self.status).unwrap_or(PlanItemStatus::Planned)
    }

    pub fn kind(&self) -> Option<ActivityKind> {
        ActivityKind::parse(&self.kind)
    }

    pub fn subjects(&self) -> Vec<String> {
        serde_json::from_str(&self.subjects).unwrap_or_default()
    }

    pub fn month(&self) -> Option<PlanMonth> {
        PlanMonth::parse(&self.planned_month)
    }

    /// Returns whether the linked activity took place: published, not cancelled, and
/// ended before `now`.
    pub fn activity_ended(&self, now: i64) -> bool {
        self.activity_status.as_deref() == Some("published") && self.activity_ends_at.is_some_and(|end| end <= now)
    }

    pub fn activity_cancelled(&self) -> bool {
        self.activity_status.as_deref() == Some("cancelled")
    }
}

/// The linked activity of item `i`: the one it names, else the latest one created from it.
const ITEM_SELECT: &str = "SELECT i.id, i.plan_id, i.title, i.kind, i.subjects, i.planned_month, i.status, i.note, \
     a.id AS activity_id, a.title AS activity_title, a.status AS activity_status, a.starts_at AS activity_starts_at, \
     a.ends_at AS activity_ends_at, i.created_at, i.updated_at \
     FROM activity_plan_items i \
     LEFT JOIN activities a ON a.id = COALESCE(i.activity_id, \
       (SELECT MAX(x.id) FROM activities x WHERE x.plan_item_id = i.id))";

/// The fields of an item as the board types them. Text is normalised on the way in.
#[derive(Debug, Clone)]
pub struct ItemInput {
    pub title: String,
    pub kind: ActivityKind,
    pub subjects: Vec<String>,
    pub month: PlanMonth,
    pub status: PlanItemStatus,
    pub note: String,
}

/// Returns the plan of a cluster for one semester, if it was started.
pub async fn find(db: &Db, cluster_id: i64, year: SchoolYear, semester: Semester) -> DbResult<Option<Plan>> {
    let sql = format!(
        "SELECT {PLAN_COLUMNS} FROM activity_plans p WHERE p.cluster_id = $1 AND p.school_year = $2 AND p.semester = $3"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(cluster_id)
        .bind(year.to_string())
        .bind(semester.number())
        .fetch_optional(&db.pool)
        .await?)
}

pub async fn get(db: &Db, id: i64) -> DbResult<Plan> {
    let sql = format!("SELECT {PLAN_COLUMNS} FROM activity_plans p WHERE p.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// Returns the plan of a cluster for one semester, creating it empty when missing.
/// Two boards starting the same plan at once get the same row, through the unique
/// key on (cluster, year, semester).
pub async fn ensure(
    db: &Db,
    province: &str,
    cluster_id: i64,
    year: SchoolYear,
    semester: Semester,
    user_id: i64,
) -> DbResult<Plan> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO activity_plans (province_code, cluster_id, school_year, semester, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (cluster_id, school_year, semester) DO NOTHING",
    )
    .bind(province.to_owned())
    .bind(cluster_id)
    .bind(year.to_string())
    .bind(semester.number())
    .bind(user_id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    find(db, cluster_id, year, semester).await?.ok_or(DbError::NotFound)
}

/// Lists the plans of a cluster, newest semester first.
pub async fn for_cluster(db: &Db, cluster_id: i64) -> DbResult<Vec<Plan>> {
    let sql = format!(
        "SELECT {PLAN_COLUMNS} FROM activity_plans p WHERE p.cluster_id = $1 ORDER BY p.school_year DESC, p.semester DESC"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(cluster_id).fetch_all(&db.pool).await?)
}

/// Lists the items of a plan by planned month, then in the order they were added.
pub async fn items(db: &Db, plan_id: i64) -> DbResult<Vec<PlanItem>> {
    let sql = format!("{ITEM_SELECT} WHERE i.plan_id = $1 ORDER BY i.planned_month, i.id");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(plan_id).fetch_all(&db.pool).await?)
}

pub async fn item(db: &Db, id: i64) -> DbResult<PlanItem> {
    let sql = format!("{ITEM_SELECT} WHERE i.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// Returns the plan an item belongs to, for the policy.
pub async fn plan_of_item(db: &Db, item_id: i64) -> DbResult<Plan> {
    let sql = format!(
        "SELECT {PLAN_COLUMNS} FROM activity_plans p JOIN activity_plan_items i ON i.plan_id = p.id WHERE i.id = $1"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(item_id).fetch_one(&db.pool).await?)
}

fn subjects_json(subjects: &[String]) -> String {
    let cleaned: Vec<String> =
        subjects.iter().map(|s| normalize(s.trim())).filter(|s| !s.is_empty()).collect();
    serde_json::to_string(&cleaned).unwrap_or_else(|_| "[]".into())
}

async fn touch_plan(db: &Db, plan_id: i64, now: i64) -> DbResult<()> {
    sqlx::query("UPDATE activity_plans SET updated_at = $1 WHERE id = $2").bind(now).bind(plan_id).execute(&db.pool).await?;
    Ok(())
}

/// Adds an item to a plan and returns its id.
pub async fn add_item(db: &Db, plan_id: i64, input: &ItemInput) -> DbResult<i64> {
    let mut conn = db.pool.acquire().await?;
    insert_item(&mut conn, plan_id, input).await
}

/// Adds an item to a plan inside the caller's transaction and returns its id.
pub(crate) async fn insert_item(conn: &mut AnyConnection, plan_id: i64, input: &ItemInput) -> DbResult<i64> {
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO activity_plan_items (plan_id, title, kind, subjects, planned_month, status, note, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(plan_id)
    .bind(normalize(input.title.trim()))
    .bind(input.kind.as_str())
    .bind(subjects_json(&input.subjects))
    .bind(input.month.key())
    .bind(input.status.as_str())
    .bind(normalize(input.note.trim()))
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("UPDATE activity_plans SET updated_at = $1 WHERE id = $2").bind(now).bind(plan_id).execute(&mut *conn).await?;
    Ok(id)
}

/// Saves the changes to an item.
pub async fn update_item(db: &Db, id: i64, input: &ItemInput) -> DbResult<()> {
    let now = now_ms();
    let plan_id: i64 = sqlx::query_scalar(
        "UPDATE activity_plan_items SET title = $1, kind = $2, subjects = $3, planned_month = $4, status = $5, note = $6, \
         updated_at = $7 WHERE id = $8 RETURNING plan_id",
    )
    .bind(normalize(input.title.trim()))
    .bind(input.kind.as_str())
    .bind(subjects_json(&input.subjects))
    .bind(input.month.key())
    .bind(input.status.as_str())
    .bind(normalize(input.note.trim()))
    .bind(now)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(DbError::NotFound)?;
    touch_plan(db, plan_id, now).await
}

/// Sets an item's status only.
pub async fn set_status(db: &Db, id: i64, status: PlanItemStatus) -> DbResult<()> {
    let now = now_ms();
    let plan_id: i64 =
        sqlx::query_scalar("UPDATE activity_plan_items SET status = $1, updated_at = $2 WHERE id = $3 RETURNING plan_id")
            .bind(status.as_str())
            .bind(now)
            .bind(id)
            .fetch_optional(&db.pool)
            .await?
            .ok_or(DbError::NotFound)?;
    touch_plan(db, plan_id, now).await
}

/// Records the activity that carries out an item, so that the item shows it even
/// when the activity was not created from the item's link.
pub async fn link_activity(db: &Db, item_id: i64, activity_id: i64) -> DbResult<()> {
    let linked = sqlx::query("UPDATE activity_plan_items SET activity_id = $1, updated_at = $2 WHERE id = $3")
        .bind(activity_id)
        .bind(now_ms())
        .bind(item_id)
        .execute(&db.pool)
        .await?
        .rows_affected();
    if linked == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// Removes an item. Activities created from it keep existing and lose the link.
pub async fn remove_item(db: &Db, id: i64) -> DbResult<()> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE activities SET plan_item_id = NULL WHERE plan_item_id = $1").bind(id).execute(&mut *tx).await?;
    let plan_id: i64 = sqlx::query_scalar("DELETE FROM activity_plan_items WHERE id = $1 RETURNING plan_id")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(DbError::NotFound)?;
    sqlx::query("UPDATE activity_plans SET updated_at = $1 WHERE id = $2").bind(now_ms()).bind(plan_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Returns the plan of the semester before `plan`'s for the same cluster. Clusters are
/// drawn again each school year, so for semester I it is the plan of the previous
/// year's cluster with the same name in the same province.
pub async fn previous(db: &Db, plan: &Plan) -> DbResult<Option<Plan>> {
    let Some(year) = SchoolYear::parse(&plan.school_year) else {
        return Ok(None);
    };
    let Some((previous_year, previous_semester)) = plan.semester().previous(year) else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT {PLAN_COLUMNS} FROM activity_plans p \
         JOIN clusters k ON k.id = p.cluster_id \
         JOIN clusters current ON current.id = $1 \
         WHERE p.school_year = $2 AND p.semester = $3 \
           AND (k.id = current.id OR (k.province_code = current.province_code AND k.name = current.name)) \
         ORDER BY CASE WHEN k.id = current.id THEN 0 ELSE 1 END LIMIT 1"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(plan.cluster_id)
        .bind(previous_year.to_string())
        .bind(previous_semester.number())
        .fetch_optional(&db.pool)
        .await?)
}

/// Copies the items still planned in `from` into `to`, planned for `month`, and
/// returns how many were copied. An item whose title `to` already contains is skipped,
/// so copying twice adds nothing.
pub async fn copy_unfinished(db: &Db, from: i64, to: i64, month: PlanMonth) -> DbResult<u64> {
    let now = now_ms();
    let copied = sqlx::query(
        "INSERT INTO activity_plan_items (plan_id, title, kind, subjects, planned_month, status, note, created_at, updated_at) \
         SELECT $1, s.title, s.kind, s.subjects, $2, 'planned', s.note, $3, $3 FROM activity_plan_items s \
         WHERE s.plan_id = $4 AND s.status = 'planned' \
           AND NOT EXISTS (SELECT 1 FROM activity_plan_items t WHERE t.plan_id = $1 AND t.title = s.title) \
         ORDER BY s.planned_month, s.id",
    )
    .bind(to)
    .bind(month.key())
    .bind(now)
    .bind(from)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if copied > 0 {
        touch_plan(db, to, now).await?;
    }
    Ok(copied)
}

/// Item counts of one plan by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, FromRow)]
pub struct StatusCounts {
    pub planned: i64,
    pub done: i64,
    pub cancelled: i64,
}

impl StatusCounts {
    pub fn of(items: &[PlanItem]) -> StatusCounts {
        let count = |status: PlanItemStatus| items.iter().filter(|item| item.status() == status).count() as i64;
        StatusCounts {
            planned: count(PlanItemStatus::Planned),
            done: count(PlanItemStatus::Done),
            cancelled: count(PlanItemStatus::Cancelled),
        }
    }

    pub fn total(&self) -> i64 {
        self.planned + self.done + self.cancelled
    }

    /// See [`caunoi_core::activity::plan::done_percent`].
    pub fn done_percent(&self) -> Option<f64> {
        caunoi_core::activity::plan::done_percent(self.planned, self.done)
    }
}

/// Returns the item counts of each plan of a cluster, by plan id, in one query.
/// Plans without items are left out.
pub async fn counts_by_plan(db: &Db, cluster_id: i64) -> DbResult<Vec<(i64, StatusCounts)>> {
    let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT p.id, \
           COALESCE(SUM(CASE WHEN i.status = 'planned' THEN 1 ELSE 0 END), 0), \
           COALESCE(SUM(CASE WHEN i.status = 'done' THEN 1 ELSE 0 END), 0), \
           COALESCE(SUM(CASE WHEN i.status = 'cancelled' THEN 1 ELSE 0 END), 0) \
         FROM activity_plans p JOIN activity_plan_items i ON i.plan_id = p.id \
         WHERE p.cluster_id = $1 GROUP BY p.id",
    )
    .bind(cluster_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(id, planned, done, cancelled)| (id, StatusCounts { planned, done, cancelled })).collect())
}

/// One cluster in the province overview.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct OverviewRow {
    pub cluster_id: i64,
    pub cluster_name: String,
    pub position: i64,
    /// `None` when the cluster has not started a plan for the semester.
    pub plan_id: Option<i64>,
    pub planned: i64,
    pub done: i64,
    pub cancelled: i64,
}

impl OverviewRow {
    pub fn counts(&self) -> StatusCounts {
        StatusCounts { planned: self.planned, done: self.done, cancelled: self.cancelled }
    }
}

/// Lists every cluster of a province in one school year, in the province's order,
/// with its plan's item counts for one semester, in one query.
pub async fn overview(db: &Db, province: &str, year: SchoolYear, semester: Semester) -> DbResult<Vec<OverviewRow>> {
    Ok(sqlx::query_as(
        "SELECT k.id AS cluster_id, k.name AS cluster_name, k.position, p.id AS plan_id, \
           COALESCE(SUM(CASE WHEN i.status = 'planned' THEN 1 ELSE 0 END), 0) AS planned, \
           COALESCE(SUM(CASE WHEN i.status = 'done' THEN 1 ELSE 0 END), 0) AS done, \
           COALESCE(SUM(CASE WHEN i.status = 'cancelled' THEN 1 ELSE 0 END), 0) AS cancelled \
         FROM clusters k \
         LEFT JOIN activity_plans p ON p.cluster_id = k.id AND p.school_year = $2 AND p.semester = $3 \
         LEFT JOIN activity_plan_items i ON i.plan_id = p.id \
         WHERE k.province_code = $1 AND k.school_year = $2 \
         GROUP BY k.id, k.name, k.position, p.id \
         ORDER BY k.position, k.id",
    )
    .bind(province.to_owned())
    .bind(year.to_string())
    .bind(semester.number())
    .fetch_all(&db.pool)
    .await?)
}

/// Labels of the export, in the reader's language.
pub struct ExportLabels<'a> {
    /// Sheet name.
    pub sheet: String,
    /// Column headers: month, title, kind, subjects, status, activity, its start, note.
    pub headers: [String; 8],
    /// Label of an activity kind (`thematic_workshop`).
    pub kind: &'a dyn Fn(&str) -> String,
    /// Label of an item status (`planned`).
    pub status: &'a dyn Fn(&str) -> String,
    /// Formats the linked activity's start (Unix ms UTC).
    pub date: &'a dyn Fn(i64) -> String,
}

fn xlsx_error(error: XlsxError) -> DbError {
    DbError::Invalid(format!("spreadsheet: {error}"))
}

/// Text starting like a formula (`=`, `+`, `-`, `@`, tab or carriage return), which a
/// spreadsheet application would otherwise run.
/// Writes text that can never run as a formula.
fn write_text(sheet: &mut Worksheet, row: u32, col: u16, text: &str, format: Option<&Format>) -> Result<(), XlsxError> {
    crate::xlsx::write_text(sheet, row, col, text, format)
}

/// Writes a plan as an `.xlsx` workbook: one row per item, in the order given.
pub fn export(items: &[PlanItem], labels: &ExportLabels<'_>) -> DbResult<Vec<u8>> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(&labels.sheet).map_err(xlsx_error)?;
    let bold = Format::new().set_bold().set_text_wrap();
    for (col, header) in labels.headers.iter().enumerate() {
        write_text(sheet, 0, col as u16, header, Some(&bold)).map_err(xlsx_error)?;
    }
    for (col, width) in [10.0, 48.0, 24.0, 24.0, 14.0, 40.0, 18.0, 32.0].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width).map_err(xlsx_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    for (index, item) in items.iter().enumerate() {
        let row = index as u32 + 1;
        let month = item.month().map(PlanMonth::display).unwrap_or_else(|| item.planned_month.clone());
        let cells = [
            month,
            item.title.clone(),
            (labels.kind)(&item.kind),
            item.subjects().join(", "),
            (labels.status)(&item.status),
            item.activity_title.clone().unwrap_or_default(),
            item.activity_starts_at.map(labels.date).unwrap_or_default(),
            item.note.clone(),
        ];
        for (col, text) in cells.iter().enumerate() {
            write_text(sheet, row, col as u16, text, None).map_err(xlsx_error)?;
        }
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}
