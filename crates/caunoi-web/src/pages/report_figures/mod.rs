//! The figures of a report request: aggregates by cluster, commune, level, former
//! district or the whole province with drill-down province → cluster → commune →
//! school, a per-grade view of table fields, comparisons across the 2025 reform and
//! across periods, and the spreadsheet exports.
//!
//! Group figures come from the roll-ups; only the school level reads the values of the
//! few schools of one commune. Every reader sees the schools `report_visibility` lets
//! through, and a school leader only their own school's values.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use caunoi_core::policy::{Action, ReportFacts, StaffVisibility, report_visibility};
use caunoi_core::report::aggregate::{NumericItem, Summary};
use caunoi_core::report::definition::{FieldKind, TableRows, TemplateDefinition};
use caunoi_db::reports::export::{self, Labels};
use caunoi_db::reports::figures::{self, GroupRow, Grouping, ItemDef, ItemKind, Narrowing, SchoolRow};
use caunoi_db::reports::requests::{self, ReportRequest};
use caunoi_db::reports::templates;
use serde::Deserialize;
use tracing::instrument;

use crate::auth::CurrentUser;
use crate::charts::{self, Bar, ChartLabels};
use crate::error::{AppError, AppResult};
use crate::i18n::{FluentArg, Locale};
use crate::pages::render;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::{Nav, query_base};

pub const XLSX_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports/{id}/figures", get(show))
        .route("/reports/{id}/figures.xlsx", get(download))
}

/// A request with what the reader may see of it.
pub(crate) struct Loaded {
    pub request: ReportRequest,
    pub facts: ReportFacts,
    pub template_id: i64,
    pub definition: TemplateDefinition,
    /// The reader's schools, before any drill-down.
    pub narrowing: Narrowing,
    /// A school leader: their own school's values, compared with nothing else.
    pub school_only: bool,
}

/// The schools of a request a reader may see: `report_visibility`, else the schools
/// they lead. `None` when they may see none.
pub(crate) fn visibility_of(user: &CurrentUser, facts: &ReportFacts) -> Option<(StaffVisibility, bool)> {
    let visibility = report_visibility(&user.actor, facts);
    if !visibility.is_empty() {
        return Some((visibility, false));
    }
    let schools: Vec<i64> =
        facts.actor_schools.iter().copied().filter(|school| user.allows(Action::SubmitReport { report: facts, school: *school })).collect();
    (!schools.is_empty()).then(|| (StaffVisibility { schools, ..StaffVisibility::default() }, true))
}

/// Loads a request the reader may view; anything else is a 404.
pub(crate) async fn load(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<Loaded> {
    let facts = requests::facts(&state.db, id, user.id).await?;
    user.require(Action::ViewReport { report: &facts })?;
    let (visibility, school_only) = visibility_of(user, &facts).ok_or(AppError::NotFound)?;
    let request = requests::get(&state.db, id).await?;
    let version = templates::version(&state.db, request.template_version_id).await?;
    Ok(Loaded {
        request,
        facts,
        template_id: version.template_id,
        definition: version.definition,
        narrowing: Narrowing { visibility, ..Narrowing::default() },
        school_only,
    })
}

/// Formats a figure in the reader's number format (`1.234,5` in Vietnamese).
pub(crate) fn format_figure(locale: Locale, kind: &ItemKind, value: Option<f64>) -> String {
    match value {
        None => "–".to_owned(),
        Some(value) if matches!(kind, ItemKind::Sum) => locale.decimal(value, if value.fract() == 0.0 { 0 } else { 1 }),
        Some(value) => format!("{} %", locale.decimal(value, 1)),
    }
}

/// The figures of one school, as a group of one, so headlines read the same.
pub(crate) fn school_group(school: &SchoolRow) -> GroupRow {
    let items = school
        .items
        .iter()
        .map(|(item, (value, weight))| {
            (item.clone(), Summary::of_item(&NumericItem { item: item.clone(), value: *value, weight: *weight }))
        })
        .collect();
    GroupRow { key: school.school_id.to_string(), recipients: 1, counted: i64::from(school.counted), items }
}

/// Name of a group in the reader's language.
pub(crate) fn group_name(locale: Locale, grouping: Grouping, key: &str, names: &BTreeMap<String, String>) -> String {
    match grouping {
        Grouping::Province => locale.t("rfig-whole"),
        Grouping::Level => locale.tp("level", key),
        _ if key.is_empty() || key == "0" => locale.t("rfig-no-group"),
        _ => names.get(key).cloned().unwrap_or_else(|| key.to_owned()),
    }
}

/// The words of the exports in the reader's language.
pub(crate) fn export_labels(locale: Locale, province: &str) -> Labels {
    let mut labels = Labels {
        raw_sheet: locale.t("rfig-sheet-raw"),
        school: locale.t("rfig-col-school"),
        cluster: locale.t("rfig-group-cluster"),
        commune: locale.t("rfig-group-commune"),
        level: locale.t("rfig-group-level"),
        district: locale.t("rfig-group-district"),
        status: locale.t("rfig-col-status"),
        submitted_at: locale.t("rfig-col-submitted-at"),
        recipients: locale.t("rfig-col-recipients"),
        counted: locale.t("rfig-col-counted"),
        yes: locale.t("rfig-yes"),
        no: locale.t("rfig-no"),
        none: locale.t("rfig-no-group"),
        total_row: locale.t("rfig-total-row"),
        province: province.to_owned(),
        ..Labels::default()
    };
    for status in ["", "draft", "submitted", "forwarded", "returned", "accepted"] {
        let key = if status.is_empty() { "none" } else { status };
        labels.statuses.insert(status.to_owned(), locale.tp("rfig-status", key));
    }
    for level in caunoi_core::org::SchoolLevel::ALL {
        labels.levels.insert(level.as_str().to_owned(), locale.tp("level", level.as_str()));
    }
    for grouping in Grouping::ALL {
        labels.groupings.insert(grouping.as_str(), locale.tp("rfig-group", grouping.as_str()));
    }
    labels
}

#[derive(Debug, Default, Deserialize)]
pub struct FiguresQuery {
    group: Option<String>,
    field: Option<String>,
    item: Option<String>,
    cluster: Option<String>,
    commune: Option<String>,
    view: Option<String>,
}

/// An option of a select.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// A row of the figures table.
struct FigureRow {
    name: String,
    link: Option<String>,
    recipients: String,
    counted: String,
    coverage: String,
    cells: Vec<String>,
}

/// A step of the drill-down trail.
struct Crumb {
    label: String,
    link: Option<String>,
}

/// The per-grade view of a table field: rows × columns of the narrowed total.
struct Grid {
    columns: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

/// A table of one item's figure by group, for the comparisons.
struct Comparison {
    title: String,
    rows: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "report_figures/show.html")]
struct FiguresPage {
    nav: Nav,
    id: i64,
    title: String,
    period: String,
    school_only: bool,
    notices: Vec<String>,
    groupings: Vec<Choice>,
    fields: Vec<Choice>,
    items: Vec<Choice>,
    views: Vec<Choice>,
    crumbs: Vec<Crumb>,
    group_label: String,
    columns: Vec<String>,
    rows: Vec<FigureRow>,
    total: Option<FigureRow>,
    chart: String,
    grid: Option<Grid>,
    comparisons: Vec<Comparison>,
    export_raw: String,
    export_aggregated: String,
    hidden: Vec<(String, String)>,
}

/// The fields of a template that have figures, then its indicators: `(field key, label)`.
fn field_choices(items: &[ItemDef]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for item in items {
        if !fields.iter().any(|(key, _)| *key == item.field) {
            fields.push((item.field.clone(), item.labels[0].clone()));
        }
    }
    fields
}

/// The label of an item within its field: `Lớp 6 › Nữ` for a cell.
fn short_label(item: &ItemDef) -> String {
    if item.labels.len() > 1 { item.labels[1..].join(" › ") } else { item.labels[0].clone() }
}

/// Shows the figures of a request.
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn show(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<FiguresQuery>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let loaded = load(&state, &user, id).await?;
    let mut notices = Vec::new();
    let all_items = figures::items(&loaded.definition, &locale.t("rfig-total-row"));
    let fields = field_choices(&all_items);

    let field = match query.field.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
        Some(raw) if fields.iter().any(|(key, _)| key == raw) => Some(raw.to_owned()),
        Some(raw) => {
            notices.push(locale.t1("rfig-error-field", "value", raw));
            fields.first().map(|(key, _)| key.clone())
        }
        None => fields.first().map(|(key, _)| key.clone()),
    };
    let field_items: Vec<&ItemDef> = all_items.iter().filter(|item| Some(&item.field) == field.as_ref()).collect();
    let item = match query.item.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
        Some(raw) if field_items.iter().any(|item| item.key == raw) => field_items.iter().find(|item| item.key == raw).copied(),
        Some(raw) => {
            notices.push(locale.t1("rfig-error-item", "value", raw));
            field_items.first().copied()
        }
        None => field_items.first().copied(),
    };

    let mut narrowing = loaded.narrowing.clone();
    let mut drilled = false;
    if let Some(raw) = query.cluster.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
        match raw.parse::<i64>() {
            Ok(cluster) if cluster >= 0 => {
                narrowing.cluster = Some(cluster);
                drilled = true;
            }
            _ => notices.push(locale.t1("rfig-error-cluster", "value", raw)),
        }
    }
    if let Some(raw) = query.commune.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
        narrowing.commune = Some(raw.to_owned());
        drilled = true;
    }
    let default_group = if narrowing.cluster.is_some() { Grouping::Commune } else { Grouping::Cluster };
    let grouping = match query.group.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
        Some(raw) => Grouping::parse(raw).unwrap_or_else(|| {
            notices.push(locale.t1("rfig-error-group", "value", raw));
            default_group
        }),
        None => default_group,
    };
    let view = match query.view.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
        Some(raw @ ("groups" | "reform" | "series")) => raw.to_owned(),
        Some(raw) => {
            notices.push(locale.t1("rfig-error-view", "value", raw));
            "groups".to_owned()
        }
        None => "groups".to_owned(),
    };
    let schools_view = loaded.school_only || narrowing.commune.is_some();

    let sources = figures::sources(&field_items);
    let base = format!("/reports/{id}/figures");
    let keep = |pairs: &[(&str, Option<String>)]| -> String {
        let mut all = vec![("field", field.clone()), ("item", item.map(|item| item.key.clone()))];
        all.extend(pairs.iter().cloned());
        query_base(&base, &all).trim_end_matches(['&', '?']).to_owned()
    };
    let columns: Vec<String> = if field_items.len() == 1 {
        let only = field_items[0];
        let mut columns = vec![locale.t(match only.kind {
            ItemKind::Sum => "rfig-col-total",
            ItemKind::Percent => "rfig-col-weighted",
            ItemKind::Share => "rfig-col-share",
            ItemKind::Ratio { .. } => "rfig-col-ratio",
        })];
        if matches!(only.kind, ItemKind::Sum) && !schools_view {
            columns.push(locale.t("rfig-col-reporting"));
            columns.push(locale.t("rfig-col-mean"));
        }
        columns
    } else {
        field_items.iter().map(|item| short_label(item)).collect()
    };
    let cells = |row: &GroupRow, per_school: bool| -> Vec<String> {
        if field_items.len() == 1 {
            let only = field_items[0];
            let mut cells = vec![format_figure(locale, &only.kind, only.headline(row))];
            if matches!(only.kind, ItemKind::Sum) && !per_school {
                let summary = row.summary(&only.key);
                cells.push(locale.int(summary.schools));
                cells.push(format_figure(locale, &ItemKind::Sum, summary.mean().map(|mean| (mean * 10.0).round() / 10.0)));
            }
            cells
        } else {
            field_items.iter().map(|item| format_figure(locale, &item.kind, item.headline(row))).collect()
        }
    };
    let coverage = |row: &GroupRow| -> String {
        if row.recipients == 0 { "–".to_owned() } else { format!("{} %", locale.decimal(100.0 * row.counted as f64 / row.recipients as f64, 1)) }
    };

    let mut crumbs = Vec::new();
    let mut rows = Vec::new();
    let mut total = None;
    let mut chart = String::new();
    let mut grid = None;
    let mut comparisons = Vec::new();
    let group_label;
    if schools_view {
        group_label = locale.t("rfig-col-school");
        let schools = figures::schools(&state.db, id, &narrowing, Some(&sources)).await?;
        if drilled && schools.is_empty() {
            return Err(AppError::NotFound);
        }
        if !loaded.school_only {
            crumbs = trail(&state, locale, &narrowing, &keep).await?;
        }
        for school in &schools {
            let group = school_group(school);
            let status = locale.tp("rfig-status", school.status.as_deref().unwrap_or("none"));
            rows.push(FigureRow {
                name: school.name.clone(),
                link: None,
                recipients: status,
                counted: school.submitted_at.map(crate::i18n::datetime).unwrap_or_default(),
                coverage: String::new(),
                cells: cells(&group, true),
            });
        }
        if loaded.school_only && schools.len() == 1 {
            grid = table_grid(locale, &loaded.definition, field.as_deref(), &school_group(&schools[0]));
        }
    } else {
        group_label = locale.tp("rfig-group", grouping.as_str());
        let groups = figures::by_group(&state.db, id, grouping, &narrowing, Some(&sources)).await?;
        let whole = figures::total(&state.db, id, &narrowing, Some(&sources)).await?;
        if drilled && whole.recipients == 0 {
            return Err(AppError::NotFound);
        }
        crumbs = trail(&state, locale, &narrowing, &keep).await?;
        let keys: Vec<String> = groups.iter().map(|row| row.key.clone()).collect();
        let names = figures::group_names(&state.db, grouping, &keys).await?;
        let mut named: Vec<(String, &GroupRow)> = groups.iter().map(|row| (group_name(locale, grouping, &row.key, &names), row)).collect();
        named.sort_by(|a, b| caunoi_core::text::fold(&a.0).cmp(&caunoi_core::text::fold(&b.0)));
        let mut bars = Vec::new();
        for (name, row) in &named {
            let link = match grouping {
                Grouping::Cluster => Some(keep(&[("cluster", Some(row.key.clone()))])),
                Grouping::Commune if !row.key.is_empty() => Some(keep(&[("commune", Some(row.key.clone()))])),
                _ => None,
            };
            if let Some(item) = item {
                let value = item.headline(row);
                bars.push(Bar {
                    label: name.clone(),
                    value: value.unwrap_or(0.0),
                    value_label: format_figure(locale, &item.kind, value),
                    href: link.clone(),
                });
            }
            rows.push(FigureRow {
                name: name.clone(),
                link,
                recipients: locale.int(row.recipients),
                counted: locale.int(row.counted),
                coverage: coverage(row),
                cells: cells(row, false),
            });
        }
        total = Some(FigureRow {
            name: locale.t("rfig-total"),
            link: None,
            recipients: locale.int(whole.recipients),
            counted: locale.int(whole.counted),
            coverage: coverage(&whole),
            cells: cells(&whole, false),
        });
        if let Some(item) = item.filter(|_| !bars.is_empty()) {
            let labels = ChartLabels {
                id: "rfig-chart".into(),
                title: item.label(),
                description: locale.t1("rfig-chart-desc", "group", &group_label),
            };
            let max = if matches!(item.kind, ItemKind::Sum) { 0.0 } else { 100.0 };
            chart = charts::horizontal_bars(&labels, &bars, max);
        }
        grid = table_grid(locale, &loaded.definition, field.as_deref(), &whole);
        if let Some(item) = item {
            match view.as_str() {
                "reform" => {
                    for (grouping, title) in [(Grouping::District, "rfig-reform-districts"), (Grouping::Commune, "rfig-reform-communes")] {
                        comparisons.push(comparison(&state, locale, id, grouping, &narrowing, item, locale.t(title)).await?);
                    }
                }
                "series" => comparisons.push(series(&state, locale, &user, loaded.template_id, item).await?),
                _ => {}
            }
        }
    }

    let pairs_of_export = |kind: &str| {
        query_base(&format!("/reports/{id}/figures.xlsx"), &[
            ("kind", Some(kind.to_owned())),
            ("cluster", narrowing.cluster.map(|c| c.to_string())),
            ("commune", narrowing.commune.clone()),
        ])
        .trim_end_matches('&')
        .to_owned()
    };
    let mut hidden = Vec::new();
    if let Some(cluster) = narrowing.cluster {
        hidden.push(("cluster".to_owned(), cluster.to_string()));
    }
    if let Some(commune) = &narrowing.commune {
        hidden.push(("commune".to_owned(), commune.clone()));
    }
    let page = FiguresPage {
        nav: Nav::new(locale, &user, Some(&loaded.facts.province), "reports", &uri),
        id,
        title: loaded.request.title.clone(),
        period: loaded.request.period_label.clone(),
        school_only: loaded.school_only,
        notices,
        groupings: Grouping::ALL
            .iter()
            .map(|g| Choice { value: g.as_str().to_owned(), label: locale.tp("rfig-group", g.as_str()), selected: *g == grouping })
            .collect(),
        fields: fields
            .iter()
            .map(|(key, label)| Choice { value: key.clone(), label: label.clone(), selected: Some(key) == field.as_ref() })
            .collect(),
        items: if field_items.len() > 1 {
            field_items
                .iter()
                .map(|i| Choice { value: i.key.clone(), label: short_label(i), selected: Some(i.key.as_str()) == item.map(|x| x.key.as_str()) })
                .collect()
        } else {
            Vec::new()
        },
        views: ["groups", "reform", "series"]
            .iter()
            .map(|v| Choice { value: (*v).to_owned(), label: locale.tp("rfig-view", v), selected: *v == view })
            .collect(),
        crumbs,
        group_label,
        columns,
        rows,
        total,
        chart,
        grid,
        comparisons,
        export_raw: pairs_of_export("raw"),
        export_aggregated: pairs_of_export("aggregated"),
        hidden,
    };
    render(&page)
}

/// The drill-down trail: the whole set, then the cluster, then the commune.
async fn trail(
    state: &AppState,
    locale: Locale,
    narrowing: &Narrowing,
    keep: &(dyn Fn(&[(&str, Option<String>)]) -> String + Sync),
) -> AppResult<Vec<Crumb>> {
    let mut crumbs = vec![Crumb { label: locale.t("rfig-whole"), link: Some(keep(&[])) }];
    if let Some(cluster) = narrowing.cluster {
        let names = figures::group_names(&state.db, Grouping::Cluster, &[cluster.to_string()]).await?;
        crumbs.push(Crumb {
            label: group_name(locale, Grouping::Cluster, &cluster.to_string(), &names),
            link: Some(keep(&[("cluster", Some(cluster.to_string()))])),
        });
    }
    if let Some(commune) = &narrowing.commune {
        let names = figures::group_names(&state.db, Grouping::Commune, std::slice::from_ref(commune)).await?;
        crumbs.push(Crumb { label: group_name(locale, Grouping::Commune, commune, &names), link: None });
    }
    if let Some(last) = crumbs.last_mut() {
        last.link = None;
    }
    Ok(crumbs)
}

/// The rows × columns of a fixed-row table field for one group.
fn table_grid(locale: Locale, definition: &TemplateDefinition, field: Option<&str>, row: &GroupRow) -> Option<Grid> {
    let field = definition.field(field?)?;
    let FieldKind::Table(table) = &field.kind else { return None };
    let TableRows::Fixed { rows } = &table.rows else { return None };
    let columns: Vec<_> = table.columns.iter().filter(|c| c.kind != caunoi_core::report::ColumnKind::Text).collect();
    let kind_of = |kind: caunoi_core::report::ColumnKind| {
        if kind == caunoi_core::report::ColumnKind::Percent { ItemKind::Percent } else { ItemKind::Sum }
    };
    Some(Grid {
        columns: columns.iter().map(|c| c.label.clone()).collect(),
        rows: rows
            .iter()
            .map(|def| {
                let cells = columns
                    .iter()
                    .map(|column| {
                        let key = caunoi_core::report::aggregate::cell_item(&field.key, &def.key, &column.key);
                        let item = ItemDef { key: key.clone(), field: field.key.clone(), labels: Vec::new(), kind: kind_of(column.kind) };
                        format_figure(locale, &item.kind, item.headline(row))
                    })
                    .collect();
                (def.label.clone(), cells)
            })
            .collect(),
    })
}

/// One item's figure by group, for the comparison across the reform.
#[allow(clippy::too_many_arguments)]
async fn comparison(
    state: &AppState,
    locale: Locale,
    id: i64,
    grouping: Grouping,
    narrowing: &Narrowing,
    item: &ItemDef,
    title: String,
) -> AppResult<Comparison> {
    let groups = figures::by_group(&state.db, id, grouping, narrowing, Some(&item.sources())).await?;
    let keys: Vec<String> = groups.iter().map(|row| row.key.clone()).collect();
    let names = figures::group_names(&state.db, grouping, &keys).await?;
    let mut rows: Vec<(String, String, String)> = groups
        .iter()
        .map(|row| {
            (group_name(locale, grouping, &row.key, &names), locale.t_args("rfig-coverage", &[
                ("counted", FluentArg::Number(row.counted)),
                ("recipients", FluentArg::Number(row.recipients)),
            ]), format_figure(locale, &item.kind, item.headline(row)))
        })
        .collect();
    rows.sort_by(|a, b| caunoi_core::text::fold(&a.0).cmp(&caunoi_core::text::fold(&b.0)));
    Ok(Comparison { title, rows })
}

/// The totals of `sources` over the requests of a template the reader may view, oldest
/// period first, each narrowed to what the reader sees of it. School leaders get none.
pub(crate) async fn series_points(
    state: &AppState,
    user: &CurrentUser,
    template_id: i64,
    sources: &[String],
) -> AppResult<Vec<(figures::PeriodRequest, GroupRow)>> {
    let mut points = Vec::new();
    for request in figures::requests_of_template(&state.db, template_id).await? {
        let facts = requests::facts(&state.db, request.id, user.id).await?;
        if !user.allows(Action::ViewReport { report: &facts }) {
            continue;
        }
        let Some((visibility, false)) = visibility_of(user, &facts) else { continue };
        let narrowing = Narrowing { visibility, ..Narrowing::default() };
        let total = figures::total(&state.db, request.id, &narrowing, Some(sources)).await?;
        points.push((request, total));
    }
    Ok(points)
}

/// A request in a series, told apart from the others of the same period by its title.
fn series_label(request: &figures::PeriodRequest) -> String {
    if request.period_label.contains(&request.school_year) {
        format!("{} — {}", request.period_label, request.title)
    } else {
        format!("{} ({}) — {}", request.period_label, request.school_year, request.title)
    }
}

async fn series(state: &AppState, locale: Locale, user: &CurrentUser, template_id: i64, item: &ItemDef) -> AppResult<Comparison> {
    let points = series_points(state, user, template_id, &item.sources()).await?;
    let rows = points
        .iter()
        .map(|(request, total)| {
            (
                series_label(request),
                locale.t_args("rfig-coverage", &[
                    ("counted", FluentArg::Number(total.counted)),
                    ("recipients", FluentArg::Number(total.recipients)),
                ]),
                format_figure(locale, &item.kind, item.headline(total)),
            )
        })
        .collect();
    Ok(Comparison { title: locale.t("rfig-series-title"), rows })
}

#[derive(Debug, Default, Deserialize)]
pub struct DownloadQuery {
    kind: Option<String>,
    cluster: Option<String>,
    commune: Option<String>,
}

/// The export kinds: raw submissions or aggregated tables.
pub(crate) fn parse_kind(raw: Option<&str>) -> Option<&'static str> {
    match raw.map(str::trim).filter(|raw| !raw.is_empty()) {
        None | Some("raw") => Some("raw"),
        Some("aggregated") => Some("aggregated"),
        Some(_) => None,
    }
}

/// Builds an export of a loaded request; a school leader gets only the raw values of
/// their school.
pub(crate) async fn build_export(state: &AppState, locale: Locale, loaded: &Loaded, narrowing: &Narrowing, kind: &str) -> AppResult<Response> {
    let province = caunoi_db::provinces::department(&state.db, &loaded.facts.province).await.map(|d| d.name).unwrap_or_default();
    let labels = export_labels(locale, &province);
    let bytes = match kind {
        "aggregated" if !loaded.school_only => {
            export::aggregated(&state.db, loaded.request.id, &loaded.definition, narrowing, &labels).await?
        }
        "aggregated" => return Err(AppError::NotFound),
        _ => export::raw(&state.db, loaded.request.id, &loaded.definition, narrowing, &labels).await?,
    };
    let file_name = format!("bao-cao-{}-{kind}.xlsx", loaded.request.id);
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")).map_err(AppError::internal)?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static(XLSX_CONTENT_TYPE)), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}

/// Downloads an export of the figures.
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn download(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Query(query): Query<DownloadQuery>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let loaded = load(&state, &user, id).await?;
    let kind = parse_kind(query.kind.as_deref()).ok_or_else(|| AppError::bad_value("rfig-error-kind", query.kind.clone().unwrap_or_default()))?;
    let mut narrowing = loaded.narrowing.clone();
    narrowing.cluster = query.cluster.as_deref().and_then(|raw| raw.trim().parse().ok());
    narrowing.commune = query.commune.clone().filter(|raw| !raw.trim().is_empty());
    build_export(&state, locale, &loaded, &narrowing, kind).await
}
