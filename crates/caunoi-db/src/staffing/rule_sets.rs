//! Versioned staffing rule sets: the national versions shipped in `reference-data/rules`
//! and the versions a department makes (copy, edit a value, activate). A province reads
//! its own active version of a family when it has one, else the national one.

use caunoi_core::staffing::rules::{CurriculumRules, LoadRules, NormRules, Rule, RuleFamily};
use caunoi_core::staffing::shortage::StaffingRules;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Any, FromRow, Transaction};
use tracing::info;

use super::rule_files::{RULE_FILES, parse};
use crate::audit::{self, AuditEntry};
use crate::sql::SqlBuilder;
use crate::{Db, DbError, DbResult, now_ms};

/// Owner of the shipped versions.
pub const NATIONAL: &str = "national";

/// Rows per multi-row INSERT; keeps each statement under SQLite's bound-parameter limit.
const CHUNK_ROWS: usize = 50;

#[derive(Debug, Clone, PartialEq, Serialize, FromRow)]
pub struct RuleSet {
    pub id: i64,
    pub family: String,
    pub owner: String,
    pub version: i64,
    pub name: String,
    pub source: String,
    pub based_on: Option<i64>,
    pub status: String,
    pub created_at: i64,
    pub activated_at: Option<i64>,
}

const SET_COLUMNS: &str = "id, family, owner, version, name, source, based_on, status, created_at, activated_at";

/// Stores each shipped rule table as a national version, unless the latest national
/// version contains the same file. A changed file (a new circular) becomes a new active
/// version and retires the old one. Returns the number of versions written.
pub async fn load_national(db: &Db) -> DbResult<usize> {
    let mut written = 0;
    for file in &RULE_FILES {
        let digest: String = Sha256::digest(file.text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        let latest: Option<String> = sqlx::query_scalar(
            "SELECT digest FROM staffing_rule_sets WHERE family = $1 AND owner = $2 ORDER BY version DESC LIMIT 1",
        )
        .bind(file.family.key())
        .bind(NATIONAL)
        .fetch_optional(&db.pool)
        .await?
        .flatten();
        if latest.as_deref() == Some(digest.as_str()) {
            continue;
        }
        let rules = parse(file.family, file.text)?;
        let mut tx = db.begin().await?;
        sqlx::query("UPDATE staffing_rule_sets SET status = 'retired' WHERE family = $1 AND owner = $2 AND status = 'active'")
            .bind(file.family.key())
            .bind(NATIONAL)
            .execute(&mut *tx)
            .await?;
        let id = insert_set(&mut tx, file.family, NATIONAL, file.name, file.source, None, "active", Some(&digest), None).await?;
        insert_rules(&mut tx, id, &rules).await?;
        tx.commit().await?;
        info!(rule_set.id = id, rule_set.family = file.family.key(), rules = rules.len(), "national rule set stored");
        written += 1;
    }
    Ok(written)
}

#[expect(clippy::too_many_arguments, reason = "one column each; a struct would only rename them")]
async fn insert_set(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    family: RuleFamily,
    owner: &str,
    name: &str,
    source: &str,
    based_on: Option<i64>,
    status: &str,
    digest: Option<&str>,
    created_by: Option<i64>,
) -> DbResult<i64> {
    let version: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM staffing_rule_sets WHERE family = $1 AND owner = $2")
        .bind(family.key())
        .bind(owner)
        .fetch_one(&mut **tx)
        .await?;
    let now = now_ms();
    let activated_at = (status == "active").then_some(now);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO staffing_rule_sets (family, owner, version, name, source, based_on, status, digest, created_by, \
         created_at, activated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(family.key())
    .bind(owner)
    .bind(version)
    .bind(name)
    .bind(source)
    .bind(based_on)
    .bind(status)
    .bind(digest)
    .bind(created_by)
    .bind(now)
    .bind(activated_at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

async fn insert_rules(tx: &mut sqlx::Transaction<'_, sqlx::Any>, rule_set_id: i64, rules: &[Rule]) -> DbResult<()> {
    let numbered: Vec<(usize, &Rule)> = rules.iter().enumerate().collect();
    for chunk in numbered.chunks(CHUNK_ROWS) {
        let mut query = SqlBuilder::new(
            "INSERT INTO staffing_rules (rule_set_id, position, kind, level, school_type, region, grade, subject, \
             item_key, item_vi, item_en, value, unit, condition, article, source, verified) ",
        );
        query.push_values(chunk, |mut row, (position, rule)| {
            row.push_bind(rule_set_id)
                .push_bind(*position as i64)
                .push_bind(rule.kind.clone())
                .push_bind(rule.level.clone())
                .push_bind(rule.school_type.clone())
                .push_bind(rule.region.clone())
                .push_bind(rule.grade.map(i64::from))
                .push_bind(rule.subject.clone())
                .push_bind(rule.item_key.clone())
                .push_bind(rule.item_vi.clone())
                .push_bind(rule.item_en.clone())
                .push_bind(rule.value)
                .push_bind(rule.unit.clone())
                .push_bind(rule.condition.clone())
                .push_bind(rule.article.clone())
                .push_bind(rule.source.clone())
                .push_bind(i64::from(rule.verified));
        });
        query.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Lists the versions a province can see: the national ones and its own, newest first.
pub async fn list(db: &Db, province: &str) -> DbResult<Vec<RuleSet>> {
    let sql = format!(
        "SELECT {SET_COLUMNS} FROM staffing_rule_sets WHERE owner = $1 OR owner = $2 ORDER BY family, owner, version DESC"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(NATIONAL).bind(province).fetch_all(&db.pool).await?)
}

pub async fn get(db: &Db, id: i64) -> DbResult<RuleSet> {
    let sql = format!("SELECT {SET_COLUMNS} FROM staffing_rule_sets WHERE id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// One stored rule with its position in the set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredRule {
    pub position: i64,
    #[serde(flatten)]
    pub rule: Rule,
}

#[derive(FromRow)]
struct RuleRow {
    position: i64,
    kind: String,
    level: String,
    school_type: String,
    region: String,
    grade: Option<i64>,
    subject: Option<String>,
    item_key: String,
    item_vi: String,
    item_en: String,
    value: Option<f64>,
    unit: String,
    condition: String,
    article: String,
    source: String,
    verified: i64,
}

impl From<RuleRow> for StoredRule {
    fn from(row: RuleRow) -> StoredRule {
        StoredRule {
            position: row.position,
            rule: Rule {
                kind: row.kind,
                level: row.level,
                school_type: row.school_type,
                region: row.region,
                grade: row.grade.and_then(|g| i32::try_from(g).ok()),
                subject: row.subject,
                item_key: row.item_key,
                item_vi: row.item_vi,
                item_en: row.item_en,
                value: row.value,
                unit: row.unit,
                condition: row.condition,
                article: row.article,
                source: row.source,
                verified: row.verified == 1,
            },
        }
    }
}

/// Returns the rules of one set in file order.
pub async fn rules(db: &Db, rule_set_id: i64) -> DbResult<Vec<StoredRule>> {
    let rows: Vec<RuleRow> = sqlx::query_as(
        "SELECT position, kind, level, school_type, region, grade, subject, item_key, item_vi, item_en, value, unit, \
         condition, article, source, verified FROM staffing_rules WHERE rule_set_id = $1 ORDER BY position",
    )
    .bind(rule_set_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(StoredRule::from).collect())
}

/// Returns the id of the version a province uses for a family: its own active version,
/// else the active national one.
pub async fn active_id(db: &Db, province: &str, family: RuleFamily) -> DbResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM staffing_rule_sets WHERE family = $1 AND status = 'active' AND owner IN ($2, $3) \
         ORDER BY CASE WHEN owner = $3 THEN 0 ELSE 1 END LIMIT 1",
    )
    .bind(family.key())
    .bind(NATIONAL)
    .bind(province)
    .fetch_optional(&db.pool)
    .await?)
}

/// Reads the three families a province uses. A family with no active version yields no
/// rules, so every quota and requirement of it counts as zero.
pub async fn active(db: &Db, province: &str) -> DbResult<StaffingRules> {
    let mut families = Vec::new();
    for family in RuleFamily::ALL {
        let rules = match active_id(db, province, family).await? {
            Some(id) => rules(db, id).await?.into_iter().map(|stored| stored.rule).collect(),
            None => Vec::new(),
        };
        families.push(rules);
    }
    let norms = families.pop().unwrap_or_default();
    let curriculum = families.pop().unwrap_or_default();
    let load = families.pop().unwrap_or_default();
    Ok(StaffingRules { load: LoadRules { rules: load }, curriculum: CurriculumRules { rules: curriculum }, norms: NormRules { rules: norms } })
}

/// Copies a version into a new draft owned by `province`; returns the draft's id.
pub async fn copy(db: &Db, source_id: i64, province: &str, user_id: i64) -> DbResult<i64> {
    let source = get(db, source_id).await?;
    if source.owner != NATIONAL && source.owner != province {
        return Err(DbError::NotFound);
    }
    let family = RuleFamily::from_key(&source.family).ok_or(DbError::NotFound)?;
    let rules: Vec<Rule> = rules(db, source_id).await?.into_iter().map(|stored| stored.rule).collect();
    let mut tx = db.begin().await?;
    let id = insert_set(&mut tx, family, province, &source.name, &source.source, Some(source_id), "draft", None, Some(user_id)).await?;
    insert_rules(&mut tx, id, &rules).await?;
    let draft = RuleSet { id, owner: province.to_owned(), ..source.clone() };
    audit_rule_set(&mut tx, &draft, "staffing_rules.copy", user_id, serde_json::json!({ "based_on": source_id })).await?;
    tx.commit().await?;
    info!(rule_set.id = id, rule_set.based_on = source_id, user.id = user_id, "rule set copied");
    Ok(id)
}

/// Sets the value of one rule of a draft and audits the change with the old and new
/// value. A department-set value counts as checked by the department, so it is marked
/// verified.
pub async fn set_value(db: &Db, rule_set_id: i64, position: i64, value: Option<f64>, user_id: i64) -> DbResult<()> {
    let set = get(db, rule_set_id).await?;
    if set.status != "draft" {
        return Err(DbError::Invalid(format!("rule set {rule_set_id} is {}, only drafts can change", set.status)));
    }
    let mut tx = db.begin().await?;
    let before: Option<(String, Option<f64>)> =
        sqlx::query_as("SELECT item_key, value FROM staffing_rules WHERE rule_set_id = $1 AND position = $2")
            .bind(rule_set_id)
            .bind(position)
            .fetch_optional(&mut *tx)
            .await?;
    let (item_key, old_value) = before.ok_or(DbError::NotFound)?;
    sqlx::query("UPDATE staffing_rules SET value = $1, verified = 1 WHERE rule_set_id = $2 AND position = $3")
        .bind(value)
        .bind(rule_set_id)
        .bind(position)
        .execute(&mut *tx)
        .await?;
    let details = serde_json::json!({ "position": position, "item_key": item_key, "old_value": old_value, "new_value": value });
    audit_rule_set(&mut tx, &set, "staffing_rules.set_value", user_id, details).await?;
    tx.commit().await?;
    info!(rule_set.id = rule_set_id, rule.position = position, user.id = user_id, "rule value changed");
    Ok(())
}

/// Writes the audit record of a change to a department's rule set.
async fn audit_rule_set(tx: &mut Transaction<'static, Any>, set: &RuleSet, action: &'static str, user_id: i64, details: serde_json::Value) -> DbResult<()> {
    let entry = AuditEntry {
        user_id: Some(user_id),
        province: Some(&set.owner),
        action,
        entity: "staffing_rule_set",
        entity_id: set.id.to_string(),
        details,
    };
    audit::record(&mut **tx, &entry).await
}

/// Makes a draft the active version of its family for its owner, retiring the one
/// active before. Activating a retired version again is allowed, so a department can
/// go back.
pub async fn activate(db: &Db, rule_set_id: i64, user_id: i64) -> DbResult<()> {
    let set = get(db, rule_set_id).await?;
    let mut tx = db.begin().await?;
    let retired: Vec<i64> = sqlx::query_scalar("SELECT id FROM staffing_rule_sets WHERE family = $1 AND owner = $2 AND status = 'active'")
        .bind(&set.family)
        .bind(&set.owner)
        .fetch_all(&mut *tx)
        .await?;
    sqlx::query("UPDATE staffing_rule_sets SET status = 'retired' WHERE family = $1 AND owner = $2 AND status = 'active'")
        .bind(&set.family)
        .bind(&set.owner)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE staffing_rule_sets SET status = 'active', activated_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(rule_set_id)
        .execute(&mut *tx)
        .await?;
    let details = serde_json::json!({ "family": set.family, "retired": retired });
    audit_rule_set(&mut tx, &set, "staffing_rules.activate", user_id, details).await?;
    tx.commit().await?;
    info!(rule_set.id = rule_set_id, rule_set.family = %set.family, user.id = user_id, "rule set activated");
    Ok(())
}
