//! Report templates and their versions.

use caunoi_core::policy::TemplateFacts;
use caunoi_core::report::TemplateDefinition;
use serde::Serialize;
use sqlx::FromRow;

use crate::audit::{self, AuditEntry};
use crate::{Db, DbError, DbResult, now_ms};

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Template {
    pub id: i64,
    pub province_code: String,
    pub cluster_id: Option<i64>,
    pub name: String,
    pub description: String,
    pub current_version: i64,
    pub archived: i64,
    pub is_generated: i64,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const TEMPLATE_COLUMNS: &str = "id, province_code, cluster_id, name, description, current_version, archived, \
    is_generated, created_by, created_at, updated_at";

/// One version of a template, its definition parsed.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateVersion {
    pub id: i64,
    pub template_id: i64,
    pub version: i64,
    pub definition: TemplateDefinition,
    pub change_note: String,
    /// Set once a request used the version: it can no longer change.
    pub frozen_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewTemplate<'a> {
    pub province: &'a str,
    pub cluster: Option<i64>,
    pub name: &'a str,
    pub description: &'a str,
    pub definition: &'a TemplateDefinition,
    pub created_by: i64,
}

/// Creates a template with its first version. Returns `(template id, version id)`.
/// Fails with [`DbError::Invalid`] when the definition has problems
/// (`caunoi_core::report::validate::definition_problems`).
/// The conflict [`create`] reports when the owner already uses the name.
pub const NAME_TAKEN: &str = "report_templates_name";

pub async fn create(db: &Db, new: &NewTemplate<'_>) -> DbResult<(i64, i64)> {
    check_definition(new.definition)?;
    let now = now_ms();
    let mut tx = db.begin().await?;
    // One owner's templates in use have distinct names, so that lists tell them apart.
    let same_name: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM report_templates WHERE province_code = $1 AND COALESCE(cluster_id, 0) = $2 \
         AND name_folded = $3 AND archived = 0",
    )
    .bind(new.province.to_owned())
    .bind(new.cluster.unwrap_or(0))
    .bind(caunoi_core::text::fold(new.name))
    .fetch_one(&mut *tx)
    .await?;
    if same_name > 0 {
        return Err(DbError::Conflict(NAME_TAKEN.to_owned()));
    }
    let template_id: i64 = sqlx::query_scalar(
        "INSERT INTO report_templates (province_code, cluster_id, name, name_folded, description, \
         created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(new.province.to_owned())
    .bind(new.cluster)
    .bind(new.name.to_owned())
    .bind(caunoi_core::text::fold(new.name))
    .bind(new.description.to_owned())
    .bind(new.created_by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let version_id = insert_version(&mut tx, template_id, 1, new.definition, "", new.created_by, now).await?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(new.created_by),
            province: Some(new.province),
            action: "report_template.create",
            entity: "report_template",
            entity_id: template_id.to_string(),
            details: serde_json::json!({ "version_id": version_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((template_id, version_id))
}

fn check_definition(definition: &TemplateDefinition) -> DbResult<()> {
    let problems = caunoi_core::report::validate::definition_problems(definition);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(DbError::Invalid(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")))
    }
}

async fn insert_version(
    conn: &mut sqlx::AnyConnection,
    template_id: i64,
    version: i64,
    definition: &TemplateDefinition,
    note: &str,
    user_id: i64,
    now: i64,
) -> DbResult<i64> {
    let json = serde_json::to_string(definition).map_err(|e| DbError::Invalid(e.to_string()))?;
    Ok(sqlx::query_scalar(
        "INSERT INTO report_template_versions (template_id, version, definition, change_note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(template_id)
    .bind(version)
    .bind(json)
    .bind(note.to_owned())
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// Saves a new definition. The current version changes in place while no request has
/// used it; once frozen, a new version is started, so what schools already received
/// never changes. Returns the id of the version holding the definition.
pub async fn save_definition(db: &Db, template_id: i64, definition: &TemplateDefinition, note: &str, user_id: i64) -> DbResult<i64> {
    check_definition(definition)?;
    let now = now_ms();
    let json = serde_json::to_string(definition).map_err(|e| DbError::Invalid(e.to_string()))?;
    let mut tx = db.begin().await?;
    let (version_id, version, frozen_at): (i64, i64, Option<i64>) = sqlx::query_as(
        "SELECT v.id, v.version, v.frozen_at FROM report_template_versions v JOIN report_templates t \
         ON t.id = v.template_id AND t.current_version = v.version WHERE t.id = $1",
    )
    .bind(template_id)
    .fetch_one(&mut *tx)
    .await?;
    let id = if frozen_at.is_none() {
        sqlx::query("UPDATE report_template_versions SET definition = $1, change_note = $2 WHERE id = $3 AND frozen_at IS NULL")
            .bind(json)
            .bind(note.to_owned())
            .bind(version_id)
            .execute(&mut *tx)
            .await?;
        version_id
    } else {
        let id = insert_version(&mut tx, template_id, version + 1, definition, note, user_id, now).await?;
        sqlx::query("UPDATE report_templates SET current_version = $1 WHERE id = $2")
            .bind(version + 1)
            .bind(template_id)
            .execute(&mut *tx)
            .await?;
        id
    };
    sqlx::query("UPDATE report_templates SET updated_at = $1 WHERE id = $2").bind(now).bind(template_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn get(db: &Db, id: i64) -> DbResult<Template> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {TEMPLATE_COLUMNS} FROM report_templates WHERE id = $1")))
        .bind(id)
        .fetch_one(&db.pool)
        .await?)
}

pub async fn facts(db: &Db, id: i64) -> DbResult<TemplateFacts> {
    let (province, cluster): (String, Option<i64>) =
        sqlx::query_as("SELECT province_code, cluster_id FROM report_templates WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;
    Ok(TemplateFacts { id, province, cluster })
}

type VersionRow = (i64, i64, i64, String, String, Option<i64>, i64);

fn parse_version(row: VersionRow) -> DbResult<TemplateVersion> {
    let (id, template_id, version, definition, change_note, frozen_at, created_at) = row;
    let definition = serde_json::from_str(&definition)
        .map_err(|e| DbError::Invalid(format!("definition of template version {id} is not valid JSON: {e}")))?;
    Ok(TemplateVersion { id, template_id, version, definition, change_note, frozen_at, created_at })
}

const VERSION_COLUMNS: &str = "id, template_id, version, definition, change_note, frozen_at, created_at";

/// A version by its id.
pub async fn version(db: &Db, version_id: i64) -> DbResult<TemplateVersion> {
    let row: VersionRow = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {VERSION_COLUMNS} FROM report_template_versions WHERE id = $1")))
        .bind(version_id)
        .fetch_one(&db.pool)
        .await?;
    parse_version(row)
}

/// The latest version of a template.
pub async fn current_version(db: &Db, template_id: i64) -> DbResult<TemplateVersion> {
    let row: VersionRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT v.{} FROM report_template_versions v JOIN report_templates t ON t.id = v.template_id \
         AND t.current_version = v.version WHERE t.id = $1",
        VERSION_COLUMNS.replace(", ", ", v.")
    )))
    .bind(template_id)
    .fetch_one(&db.pool)
    .await?;
    parse_version(row)
}

/// Every version of a template, newest first.
pub async fn versions(db: &Db, template_id: i64) -> DbResult<Vec<TemplateVersion>> {
    let rows: Vec<VersionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {VERSION_COLUMNS} FROM report_template_versions WHERE template_id = $1 ORDER BY version DESC"
    )))
    .bind(template_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(parse_version).collect()
}

/// A template in a list, with the number of requests that used any of its versions.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct TemplateSummary {
    pub id: i64,
    pub province_code: String,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub name: String,
    pub description: String,
    pub current_version: i64,
    pub archived: i64,
    pub updated_at: i64,
    pub requests: i64,
}

/// Which templates a list shows.
#[derive(Debug, Clone, Default)]
pub struct TemplateFilter {
    pub province: String,
    /// `None`: every template of the province (department staff); `Some(ids)`: the
    /// templates of these clusters only.
    pub clusters: Option<Vec<i64>>,
    /// Only the department's own templates (`cluster_id IS NULL`).
    pub department_only: bool,
    pub archived: bool,
    /// Words matched as parts of the folded name.
    pub query: Option<String>,
}

/// Lists templates by name, at most 500.
pub async fn list(db: &Db, filter: &TemplateFilter) -> DbResult<Vec<TemplateSummary>> {
    let mut query = crate::sql::SqlBuilder::new(
        "SELECT t.id, t.province_code, t.cluster_id, k.name AS cluster_name, t.name, t.description, t.current_version, \
         t.archived, t.updated_at, (SELECT COUNT(*) FROM report_requests r JOIN report_template_versions v \
         ON v.id = r.template_version_id WHERE v.template_id = t.id) AS requests \
         FROM report_templates t LEFT JOIN clusters k ON k.id = t.cluster_id WHERE t.province_code = ",
    );
    query.push_bind(filter.province.clone());
    query.push(" AND t.archived = ").push_bind(i64::from(filter.archived));
    if filter.department_only {
        query.push(" AND t.cluster_id IS NULL");
    }
    if let Some(clusters) = &filter.clusters {
        if clusters.is_empty() {
            return Ok(Vec::new());
        }
        query.push(" AND t.cluster_id IN (");
        let mut list = query.separated(", ");
        for id in clusters {
            list.push_bind(*id);
        }
        query.push(")");
    }
    for word in search_words(filter.query.as_deref().unwrap_or_default()) {
        query.push(" AND t.name_folded LIKE ").push_bind(format!("%{word}%"));
    }
    query.push(" ORDER BY t.name_folded, t.id LIMIT 500");
    Ok(query.build_query_as().fetch_all(&db.pool).await?)
}

/// Folded words of a search, without the `LIKE` wildcards `%` and `_`.
pub(crate) fn search_words(raw: &str) -> Vec<String> {
    caunoi_core::text::fold(raw)
        .split_whitespace()
        .map(|word| word.replace(['%', '_', '\\'], ""))
        .filter(|word| !word.is_empty())
        .take(8)
        .collect()
}

/// Renames a template and replaces its description.
pub async fn update_details(db: &Db, id: i64, name: &str, description: &str, user_id: i64) -> DbResult<()> {
    let mut tx = db.begin().await?;
    let province: String = sqlx::query_scalar(
        "UPDATE report_templates SET name = $1, name_folded = $2, description = $3, updated_at = $4 WHERE id = $5 \
         RETURNING province_code",
    )
    .bind(name.to_owned())
    .bind(caunoi_core::text::fold(name))
    .bind(description.to_owned())
    .bind(now_ms())
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(DbError::NotFound)?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: "report_template.update",
            entity: "report_template",
            entity_id: id.to_string(),
            details: serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Archives a template (hidden from lists and from new requests) or restores it.
pub async fn set_archived(db: &Db, id: i64, archived: bool, user_id: i64) -> DbResult<()> {
    let mut tx = db.begin().await?;
    let province: String =
        sqlx::query_scalar("UPDATE report_templates SET archived = $1, updated_at = $2 WHERE id = $3 RETURNING province_code")
            .bind(i64::from(archived))
            .bind(now_ms())
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(DbError::NotFound)?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: if archived { "report_template.archive" } else { "report_template.restore" },
            entity: "report_template",
            entity_id: id.to_string(),
            details: serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The number of requests of each version of a template, as `(version id, requests)`;
/// versions without requests are absent.
pub async fn request_counts(db: &Db, template_id: i64) -> DbResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT r.template_version_id, COUNT(*) FROM report_requests r JOIN report_template_versions v \
         ON v.id = r.template_version_id WHERE v.template_id = $1 GROUP BY r.template_version_id",
    )
    .bind(template_id)
    .fetch_all(&db.pool)
    .await?)
}
