//! Aggregated figures of a request, read from the roll-ups.
//!
//! Every receiving school sits in exactly one grouping cell (cluster, commune, level,
//! former district: `report_recipients`), and `report_rollups` holds one summary per
//! item and cell. A figure by cluster, commune, level, former district or for the whole
//! province is the sum of the cells in each group, so no school is counted twice and
//! percentages stay weighted (Σ value × weight / Σ weight). Groupings by province,
//! cluster or level read the coarser sums by cluster and level
//! (`report_cluster_rollups`) when no commune or district narrows them. Only the school level of
//! the drill-down reads `report_values`, for the few schools of one commune.

use std::collections::BTreeMap;

use caunoi_core::policy::StaffVisibility;
use caunoi_core::report::aggregate::{Summary, cell_item, choice_item, column_total_item, field_item};
use caunoi_core::report::definition::{ColumnKind, FieldKind, TableRows, TemplateDefinition};
use serde::Serialize;

use crate::sql::SqlBuilder;
use crate::{Db, DbResult};

/// How schools are grouped into rows of figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    Province,
    Cluster,
    Commune,
    Level,
    /// Former district, before the 2025 reform.
    District,
}

impl Grouping {
    pub const ALL: [Grouping; 5] = [Grouping::Province, Grouping::Cluster, Grouping::Commune, Grouping::Level, Grouping::District];

    pub fn as_str(self) -> &'static str {
        match self {
            Grouping::Province => "province",
            Grouping::Cluster => "cluster",
            Grouping::Commune => "commune",
            Grouping::Level => "level",
            Grouping::District => "district",
        }
    }

    pub fn parse(raw: &str) -> Option<Grouping> {
        Grouping::ALL.into_iter().find(|grouping| grouping.as_str() == raw)
    }

    /// The key expression of a group over a table aliased `r` that has the cell columns.
    fn key_sql(self) -> &'static str {
        match self {
            Grouping::Province => "'*'",
            Grouping::Cluster => "CAST(r.cluster_id AS TEXT)",
            Grouping::Commune => "r.commune_code",
            Grouping::Level => "r.level",
            Grouping::District => "r.district",
        }
    }
}

/// Which schools' figures are read: those the reader may see, further narrowed by the
/// drill-down.
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    /// From `report_visibility` (or whole province for the sender).
    pub visibility: StaffVisibility,
    pub cluster: Option<i64>,
    pub commune: Option<String>,
    pub level: Option<String>,
    pub district: Option<String>,
}

impl Narrowing {
    pub fn whole_province() -> Narrowing {
        Narrowing { visibility: StaffVisibility { whole_province: true, ..StaffVisibility::default() }, ..Narrowing::default() }
    }

    /// Tells whether the schools are chosen by cluster and level alone, so that the
    /// sums by cluster and level (`report_cluster_rollups`) can serve them.
    fn by_cluster_and_level(&self) -> bool {
        let visibility = &self.visibility;
        (visibility.whole_province || (visibility.communes.is_empty() && !visibility.clusters.is_empty()))
            && self.commune.is_none()
            && self.district.is_none()
    }

    /// Appends the conditions to a query over a table aliased `r` with the cell columns;
    /// `school_column` is the school id column when the table has one (recipients).
    pub(crate) fn push_conditions(&self, query: &mut SqlBuilder, school_column: Option<&str>) {
        let visibility = &self.visibility;
        if !visibility.whole_province {
            let schools = school_column.filter(|_| !visibility.schools.is_empty());
            if visibility.clusters.is_empty() && visibility.communes.is_empty() && schools.is_none() {
                query.push(" AND 1 = 0");
            } else {
                query.push(" AND (1 = 0");
                if !visibility.clusters.is_empty() {
                    query.push(" OR r.cluster_id IN (");
                    let mut list = query.separated(", ");
                    for id in &visibility.clusters {
                        list.push_bind(*id);
                    }
                    query.push(")");
                }
                if !visibility.communes.is_empty() {
                    query.push(" OR r.commune_code IN (");
                    let mut list = query.separated(", ");
                    for code in &visibility.communes {
                        list.push_bind(code.clone());
                    }
                    query.push(")");
                }
                if let Some(column) = schools {
                    query.push(format!(" OR {column} IN ("));
                    let mut list = query.separated(", ");
                    for id in &visibility.schools {
                        list.push_bind(*id);
                    }
                    query.push(")");
                }
                query.push(")");
            }
        }
        if let Some(cluster) = self.cluster {
            query.push(" AND r.cluster_id = ").push_bind(cluster);
        }
        if let Some(commune) = &self.commune {
            query.push(" AND r.commune_code = ").push_bind(commune.clone());
        }
        if let Some(level) = &self.level {
            query.push(" AND r.level = ").push_bind(level.clone());
        }
        if let Some(district) = &self.district {
            query.push(" AND r.district = ").push_bind(district.clone());
        }
    }
}

fn push_items(query: &mut SqlBuilder, column: &str, items: Option<&[String]>) {
    if let Some(items) = items {
        if items.is_empty() {
            query.push(" AND 1 = 0");
            return;
        }
        query.push(format!(" AND {column} IN ("));
        let mut list = query.separated(", ");
        for item in items {
            list.push_bind(item.clone());
        }
        query.push(")");
    }
}

/// The figures of one group: its coverage and a summary per item.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupRow {
    /// Cluster id, commune code, level or former district; `*` for the province.
    pub key: String,
    /// Schools the request reaches in the group.
    pub recipients: i64,
    /// Schools whose submission is counted (submitted, forwarded or accepted).
    pub counted: i64,
    pub items: BTreeMap<String, Summary>,
}

impl GroupRow {
    pub fn summary(&self, item: &str) -> Summary {
        self.items.get(item).copied().unwrap_or_default()
    }
}

/// Reads the figures of `items` (`None`: every item) grouped by `grouping`, from the
/// roll-ups, with the coverage of each group. Groups come in key order.
pub async fn by_group(db: &Db, request_id: i64, grouping: Grouping, narrowing: &Narrowing, items: Option<&[String]>) -> DbResult<Vec<GroupRow>> {
    let key = grouping.key_sql();
    let mut coverage = SqlBuilder::new(format!(
        "SELECT {key}, COUNT(*), COALESCE(SUM(CASE WHEN s.counted = 1 THEN 1 ELSE 0 END), 0) FROM report_recipients r \
         LEFT JOIN report_submissions s ON s.request_id = r.request_id AND s.school_id = r.school_id WHERE r.request_id = "
    ));
    coverage.push_bind(request_id);
    narrowing.push_conditions(&mut coverage, Some("r.school_id"));
    if grouping != Grouping::Province {
        coverage.push(format!(" GROUP BY {key} ORDER BY 1"));
    }
    let coverage: Vec<(String, i64, i64)> = coverage.build_query_as().fetch_all(&db.pool).await?;

    let coarse = matches!(grouping, Grouping::Province | Grouping::Cluster | Grouping::Level) && narrowing.by_cluster_and_level();
    let table = if coarse { "report_cluster_rollups" } else { "report_rollups" };
    let mut sums = SqlBuilder::new(format!(
        "SELECT {key}, r.item, SUM(r.total), SUM(r.weighted), SUM(r.weight), CAST(SUM(r.schools) AS BIGINT) \
         FROM {table} r WHERE r.request_id = "
    ));
    sums.push_bind(request_id);
    push_items(&mut sums, "r.item", items);
    narrowing.push_conditions(&mut sums, None);
    // PostgreSQL refuses a constant in GROUP BY: the province is one group anyway.
    sums.push(if grouping == Grouping::Province { " GROUP BY r.item".to_owned() } else { format!(" GROUP BY {key}, r.item") });
    let sums: Vec<(String, String, f64, f64, f64, i64)> = sums.build_query_as().fetch_all(&db.pool).await?;

    let mut rows: BTreeMap<String, GroupRow> = coverage
        .into_iter()
        .map(|(key, recipients, counted)| (key.clone(), GroupRow { key, recipients, counted, items: BTreeMap::new() }))
        .collect();
    for (key, item, total, weighted, weight, schools) in sums {
        if schools == 0 && total == 0.0 {
            continue;
        }
        let row = rows.entry(key.clone()).or_insert_with(|| GroupRow { key, ..GroupRow::default() });
        row.items.insert(item, Summary { total, weighted, weight, schools });
    }
    let mut rows: Vec<GroupRow> = rows.into_values().collect();
    if grouping == Grouping::Cluster {
        // Cụm 2 before Cụm 10: cluster keys are ids, in number order.
        rows.sort_by_key(|row| row.key.parse::<i64>().unwrap_or(i64::MAX));
    }
    Ok(rows)
}

/// The figures of the whole narrowed set of schools, in one row.
pub async fn total(db: &Db, request_id: i64, narrowing: &Narrowing, items: Option<&[String]>) -> DbResult<GroupRow> {
    let rows = by_group(db, request_id, Grouping::Province, narrowing, items).await?;
    Ok(rows.into_iter().next().unwrap_or_else(|| GroupRow { key: "*".into(), ..GroupRow::default() }))
}

/// One school's line at the bottom of the drill-down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolRow {
    pub school_id: i64,
    pub name: String,
    pub cluster_id: i64,
    pub commune_code: String,
    pub level: String,
    pub district: String,
    /// Status of the submission; `None` before the school starts one.
    pub status: Option<String>,
    pub counted: bool,
    pub submitted_at: Option<i64>,
    /// The counted numbers of the school, by item: `(value, weight)`.
    pub items: BTreeMap<String, (f64, Option<f64>)>,
}

/// The schools of the narrowed set with their counted numbers, by name. Reads
/// `report_values`, so callers narrow it to a commune, a cluster or one school.
pub async fn schools(db: &Db, request_id: i64, narrowing: &Narrowing, items: Option<&[String]>) -> DbResult<Vec<SchoolRow>> {
    type Line = (i64, String, i64, String, String, String, Option<String>, Option<i64>, Option<i64>);
    let mut list = SqlBuilder::new(
        "SELECT r.school_id, sc.name, r.cluster_id, r.commune_code, r.level, r.district, s.status, s.counted, s.submitted_at \
         FROM report_recipients r JOIN schools sc ON sc.id = r.school_id \
         LEFT JOIN report_submissions s ON s.request_id = r.request_id AND s.school_id = r.school_id WHERE r.request_id = ",
    );
    list.push_bind(request_id);
    narrowing.push_conditions(&mut list, Some("r.school_id"));
    list.push(" ORDER BY sc.name_folded, r.school_id");
    let lines: Vec<Line> = list.build_query_as().fetch_all(&db.pool).await?;

    let mut values = SqlBuilder::new(
        "SELECT r.school_id, v.item, v.value, v.weight FROM report_recipients r \
         JOIN report_submissions s ON s.request_id = r.request_id AND s.school_id = r.school_id \
         JOIN report_values v ON v.submission_id = s.id WHERE s.counted = 1 AND r.request_id = ",
    );
    values.push_bind(request_id);
    push_items(&mut values, "v.item", items);
    narrowing.push_conditions(&mut values, Some("r.school_id"));
    let values: Vec<(i64, String, f64, Option<f64>)> = values.build_query_as().fetch_all(&db.pool).await?;
    let mut by_school: BTreeMap<i64, BTreeMap<String, (f64, Option<f64>)>> = BTreeMap::new();
    for (school, item, value, weight) in values {
        by_school.entry(school).or_default().insert(item, (value, weight));
    }
    Ok(lines
        .into_iter()
        .map(|(school_id, name, cluster_id, commune_code, level, district, status, counted, submitted_at)| SchoolRow {
            items: by_school.remove(&school_id).unwrap_or_default(),
            school_id,
            name,
            cluster_id,
            commune_code,
            level,
            district,
            status,
            counted: counted == Some(1),
            submitted_at,
        })
        .collect())
}

/// Display names of the groups of a grouping: cluster and commune names; levels and
/// districts are their own names (levels are translated by the caller).
pub async fn group_names(db: &Db, grouping: Grouping, keys: &[String]) -> DbResult<BTreeMap<String, String>> {
    let mut names: BTreeMap<String, String> = keys.iter().map(|key| (key.clone(), key.clone())).collect();
    let wanted: Vec<&String> = keys.iter().filter(|key| !key.is_empty() && key.as_str() != "0").collect();
    if wanted.is_empty() {
        return Ok(names);
    }
    let found: Vec<(String, String)> = match grouping {
        Grouping::Cluster => {
            let mut query = SqlBuilder::new("SELECT CAST(id AS TEXT), name FROM clusters WHERE id IN (");
            let mut list = query.separated(", ");
            for key in &wanted {
                list.push_bind(key.parse::<i64>().unwrap_or(0));
            }
            query.push(")");
            query.build_query_as().fetch_all(&db.pool).await?
        }
        Grouping::Commune => {
            let mut query = SqlBuilder::new("SELECT code, name FROM communes WHERE code IN (");
            let mut list = query.separated(", ");
            for key in &wanted {
                list.push_bind((*key).clone());
            }
            query.push(")");
            query.build_query_as().fetch_all(&db.pool).await?
        }
        _ => Vec::new(),
    };
    names.extend(found);
    Ok(names)
}

/// How an item's headline figure is formed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemKind {
    /// A count or amount: Σ, with the mean per school.
    Sum,
    /// A percentage: Σ value × weight / Σ weight.
    Percent,
    /// Yes/no or one option of a choice: the share of responding schools.
    Share,
    /// A ratio indicator: 100 × Σ numerator / Σ denominator.
    Ratio { numerator: String, denominator: String },
}

/// One aggregating item of a template, with the labels of its path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemDef {
    /// Item key in the roll-ups; `indicator:KEY` for ratio indicators.
    pub key: String,
    /// The field's key, to group the items of one field.
    pub field: String,
    /// Field label, then row and column labels for table cells, or the option.
    pub labels: Vec<String>,
    pub kind: ItemKind,
}

impl ItemDef {
    /// The label joined as in headers: `Theo khối lớp › Lớp 6 › Nữ`.
    pub fn label(&self) -> String {
        self.labels.join(" › ")
    }

    /// The roll-up items the figure needs.
    pub fn sources(&self) -> Vec<String> {
        match &self.kind {
            ItemKind::Ratio { numerator, denominator } => vec![numerator.clone(), denominator.clone()],
            _ => vec![self.key.clone()],
        }
    }

    /// The headline figure over a group.
    pub fn headline(&self, row: &GroupRow) -> Option<f64> {
        let summary = row.summary(&self.key);
        match &self.kind {
            ItemKind::Sum => (summary.schools > 0).then_some(summary.total),
            ItemKind::Percent => summary.weighted_mean(),
            ItemKind::Share => (row.counted > 0).then(|| 100.0 * summary.total / row.counted as f64),
            ItemKind::Ratio { numerator, denominator } => {
                caunoi_core::report::aggregate::ratio_percent(&row.summary(numerator), &row.summary(denominator))
            }
        }
    }
}

/// The aggregating items of a template, field by field, then its indicators. The label
/// of a total row of an open table is `total_label`.
pub fn items(definition: &TemplateDefinition, total_label: &str) -> Vec<ItemDef> {
    let mut items = Vec::new();
    for field in definition.fields() {
        let item = |key: String, labels: Vec<String>, kind: ItemKind| ItemDef { key, field: field.key.clone(), labels, kind };
        match &field.kind {
            FieldKind::Integer { .. } | FieldKind::Decimal { .. } => {
                items.push(item(field_item(&field.key), vec![field.label.clone()], ItemKind::Sum));
            }
            FieldKind::Percent { .. } => items.push(item(field_item(&field.key), vec![field.label.clone()], ItemKind::Percent)),
            FieldKind::YesNo => items.push(item(field_item(&field.key), vec![field.label.clone()], ItemKind::Share)),
            FieldKind::Choice { options } | FieldKind::MultiChoice { options } => {
                for (index, option) in options.iter().enumerate() {
                    items.push(item(choice_item(&field.key, index), vec![field.label.clone(), option.clone()], ItemKind::Share));
                }
            }
            FieldKind::Table(table) => {
                let columns: Vec<_> = table.columns.iter().filter(|column| column.kind != ColumnKind::Text).collect();
                match &table.rows {
                    TableRows::Fixed { rows } => {
                        for row in rows {
                            for column in &columns {
                                items.push(item(
                                    cell_item(&field.key, &row.key, &column.key),
                                    vec![field.label.clone(), row.label.clone(), column.label.clone()],
                                    column_kind(column.kind),
                                ));
                            }
                        }
                    }
                    TableRows::Open { .. } => {
                        for column in &columns {
                            items.push(item(
                                column_total_item(&field.key, &column.key),
                                vec![field.label.clone(), total_label.to_owned(), column.label.clone()],
                                column_kind(column.kind),
                            ));
                        }
                    }
                }
            }
            FieldKind::Text { .. } | FieldKind::Date | FieldKind::File => {}
        }
    }
    for indicator in &definition.indicators {
        items.push(ItemDef {
            key: format!("indicator:{}", indicator.key),
            field: format!("indicator:{}", indicator.key),
            labels: vec![indicator.label.clone()],
            kind: ItemKind::Ratio { numerator: indicator.numerator.clone(), denominator: indicator.denominator.clone() },
        });
    }
    items
}

/// Percent columns of a table combine as a mean over schools (each weighs 1).
fn column_kind(kind: ColumnKind) -> ItemKind {
    if kind == ColumnKind::Percent { ItemKind::Percent } else { ItemKind::Sum }
}

/// The roll-up items a set of figures needs, without repeats.
pub fn sources(items: &[&ItemDef]) -> Vec<String> {
    let mut sources: Vec<String> = items.iter().flat_map(|item| item.sources()).collect();
    sources.sort();
    sources.dedup();
    sources
}

/// A request of a template in a comparison across periods.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PeriodRequest {
    pub id: i64,
    pub title: String,
    pub period_label: String,
    pub period_start: String,
    pub school_year: String,
    pub version: i64,
}

/// The published requests of a template, any version, oldest period first.
pub async fn requests_of_template(db: &Db, template_id: i64) -> DbResult<Vec<PeriodRequest>> {
    Ok(sqlx::query_as(
        "SELECT q.id, q.title, q.period_label, q.period_start, q.school_year, CAST(v.version AS BIGINT) AS version \
         FROM report_requests q JOIN report_template_versions v ON v.id = q.template_version_id \
         WHERE v.template_id = $1 AND q.status <> 'draft' ORDER BY q.period_start, q.id",
    )
    .bind(template_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A school's submission as stored, for the raw values of the API.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RawSubmission {
    pub school_id: i64,
    pub school_name: String,
    pub cluster_id: i64,
    pub commune_code: String,
    pub level: String,
    pub district: String,
    /// `None` before the school starts; drafts carry no values.
    pub status: Option<String>,
    pub submitted_at: Option<i64>,
    pub values: Option<caunoi_core::report::Values>,
}

/// One page of the receiving schools with their submitted values, by school name.
pub async fn submissions_page(db: &Db, request_id: i64, narrowing: &Narrowing, page: crate::Page) -> DbResult<(Vec<RawSubmission>, i64)> {
    let mut count = SqlBuilder::new("SELECT COUNT(*) FROM report_recipients r WHERE r.request_id = ");
    count.push_bind(request_id);
    narrowing.push_conditions(&mut count, Some("r.school_id"));
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;
    type Line = (i64, String, i64, String, String, String, Option<String>, Option<i64>, Option<String>);
    let mut query = SqlBuilder::new(
        "SELECT r.school_id, sc.name, r.cluster_id, r.commune_code, r.level, r.district, s.status, s.submitted_at, s.values_json \
         FROM report_recipients r JOIN schools sc ON sc.id = r.school_id \
         LEFT JOIN report_submissions s ON s.request_id = r.request_id AND s.school_id = r.school_id WHERE r.request_id = ",
    );
    query.push_bind(request_id);
    narrowing.push_conditions(&mut query, Some("r.school_id"));
    query.push(" ORDER BY sc.name_folded, r.school_id LIMIT ").push_bind(page.size).push(" OFFSET ").push_bind(page.offset());
    let lines: Vec<Line> = query.build_query_as().fetch_all(&db.pool).await?;
    let items = lines
        .into_iter()
        .map(|(school_id, school_name, cluster_id, commune_code, level, district, status, submitted_at, json)| {
            let shown = status.as_deref().is_some_and(|status| status != "draft");
            RawSubmission {
                values: json.filter(|_| shown).and_then(|json| serde_json::from_str(&json).ok()),
                school_id,
                school_name,
                cluster_id,
                commune_code,
                level,
                district,
                status,
                submitted_at,
            }
        })
        .collect();
    Ok((items, total))
}
