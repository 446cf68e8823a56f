//! The tracking page of a directive: counts per status overall, per cluster and per
//! commune, and the receiving schools with their read and acknowledgement times,
//! limited to the part of the audience the viewer follows. The same filters drive the
//! `.xlsx` export.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use caunoi_core::directive::ReceiptStatus;
use caunoi_core::org::{self, SchoolLevel};
use caunoi_core::policy::{StaffVisibility, directive_tracking};
use caunoi_core::text::fold;
use caunoi_db::directives::tracking::{self, GroupCounts, SchoolStatus, StatusCounts, TrackingCounts, TrackingFilter, TrackingScope};
use caunoi_db::directives::{self, Directive};
use caunoi_db::now_ms;
use serde::Deserialize;
use tracing::instrument;

use super::{StatusBadge, export, parse_status};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::pages::render;
use crate::pages::schools::{Choice, last_page_if_past_end, non_blank, parse_id, parse_page};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

#[derive(Debug, Default, Deserialize)]
pub struct TrackingQuery {
    status: Option<String>,
    cluster: Option<String>,
    commune: Option<String>,
    level: Option<String>,
    q: Option<String>,
    page: Option<String>,
}

/// A row of a count table: a group's name and its count per status.
pub(super) struct CountRow {
    pub name: String,
    /// Link that filters the school list to this group; `None` for the total row.
    pub filter_link: Option<String>,
    pub not_opened: String,
    pub read: String,
    pub acknowledged: String,
    pub overdue: String,
    pub total: String,
}

impl CountRow {
    fn new(locale: Locale, name: String, filter_link: Option<String>, counts: &StatusCounts) -> CountRow {
        CountRow {
            name,
            filter_link,
            not_opened: locale.int(counts.not_opened),
            read: locale.int(counts.read),
            acknowledged: locale.int(counts.acknowledged),
            overdue: locale.int(counts.overdue),
            total: locale.int(counts.total()),
        }
    }
}

/// The number of schools in one status.
struct OverallCard {
    badge: StatusBadge,
    count: String,
}

/// A receiving school of the list, formatted for the screen.
struct SchoolRow {
    school_id: i64,
    name: String,
    is_generated: bool,
    level: String,
    cluster: String,
    commune: String,
    badge: StatusBadge,
    read: String,
    acknowledged: String,
    note: String,
}

#[derive(Template)]
#[template(path = "tracking/show.html")]
struct TrackingPage {
    nav: Nav,
    directive: Directive,
    deadline: Option<String>,
    withdrawn: bool,
    /// The cards above the tables: one per status, then the total.
    overall: Vec<OverallCard>,
    total: String,
    clusters: Vec<CountRow>,
    communes: Vec<CountRow>,
    statuses: Vec<Choice>,
    cluster_choices: Vec<Choice>,
    commune_choices: Vec<Choice>,
    levels: Vec<Choice>,
    q: String,
    notices: Vec<String>,
    summary: String,
    schools: Vec<SchoolRow>,
    pager: Pager,
    /// The export link, carrying the current filters.
    export_link: String,
}

/// The directive and viewer scope that the page and the export load before filtering.
struct Tracked {
    facts_province: String,
    directive: Directive,
    visibility: StaffVisibility,
    now: i64,
}

impl Tracked {
    fn scope(&self) -> TrackingScope<'_> {
        TrackingScope {
            directive_id: self.directive.id,
            ack_deadline: self.directive.ack_deadline,
            now: self.now,
            visibility: &self.visibility,
        }
    }
}

/// Loads the directive and the part of its audience the person follows; nothing to
/// follow is "not found", like a missing directive.
async fn load(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<Tracked> {
    let id = parse_id(raw_id)?;
    let facts = directives::facts(&state.db, id, user.id).await?;
    let visibility = directive_tracking(&user.actor, &facts);
    if visibility.is_empty() {
        return Err(AppError::NotFound);
    }
    let directive = directives::get(&state.db, id).await?;
    Ok(Tracked { facts_province: facts.province, directive, visibility, now: now_ms() })
}

/// The filter as accepted, with the notices of the values that were ignored.
struct ParsedFilter {
    filter: TrackingFilter,
    q: String,
    notices: Vec<String>,
}

/// Parses the filters. A cluster or commune must be one the person follows; an unknown
/// value is ignored with a notice naming it.
fn parse_filter(locale: Locale, query: &TrackingQuery, counts: &TrackingCounts) -> ParsedFilter {
    let mut notices = Vec::new();
    let status = parse_status(non_blank(&query.status), locale, &mut notices);
    let cluster = non_blank(&query.cluster).and_then(|raw| {
        let id = raw.parse::<i64>().ok().filter(|id| counts.clusters.iter().any(|group| group.key == Some(*id)));
        if id.is_none() {
            notices.push(locale.t1("tracking-notice-invalid-cluster", "value", raw));
        }
        id
    });
    let commune = non_blank(&query.commune).and_then(|raw| {
        let code = org::commune_code(raw).filter(|code| counts.communes.iter().any(|group| group.key.as_ref() == Some(code)));
        if code.is_none() {
            notices.push(locale.t1("tracking-notice-invalid-commune", "value", raw));
        }
        code
    });
    let level = non_blank(&query.level).and_then(|raw| {
        let level = SchoolLevel::parse(raw);
        if level.is_none() {
            notices.push(locale.t1("tracking-notice-invalid-level", "value", raw));
        }
        level
    });
    let q = non_blank(&query.q).unwrap_or_default().to_owned();
    let folded = Some(fold(&q)).filter(|text| !text.is_empty());
    ParsedFilter {
        filter: TrackingFilter { status, cluster, commune, level: level.map(|l| l.as_str().to_owned()), school_name: folded },
        q,
        notices,
    }
}

fn filter_pairs(parsed: &ParsedFilter) -> Vec<(&'static str, Option<String>)> {
    let filter = &parsed.filter;
    vec![
        ("status", filter.status.map(|s| s.as_str().to_owned())),
        ("cluster", filter.cluster.map(|id| id.to_string())),
        ("commune", filter.commune.clone()),
        ("level", filter.level.clone()),
        ("q", Some(parsed.q.clone())),
    ]
}

/// Shows a directive's tracking page.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn show(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<TrackingQuery>,
) -> AppResult<Response> {
    let tracked = load(&state, &user, &raw_id).await?;
    let scope = tracked.scope();
    let counts = tracking::counts(&state.db, &scope).await?;
    let mut parsed = parse_filter(locale, &query, &counts);
    let mut page = parse_page(query.page.as_deref(), locale, &mut parsed.notices);

    let (mut items, mut total) = tracking::school_statuses(&state.db, &scope, &parsed.filter, Some(page)).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut parsed.notices) {
        page = last;
        (items, total) = tracking::school_statuses(&state.db, &scope, &parsed.filter, Some(page)).await?;
    }

    let id = tracked.directive.id;
    let pairs = filter_pairs(&parsed);
    let base = query_base(&format!("/directives/{id}/tracking"), &pairs);
    let export_link = query_base(&format!("/directives/{id}/tracking.xlsx"), &pairs);
    let filter = &parsed.filter;
    let overall = ReceiptStatus::ALL
        .iter()
        .map(|status| OverallCard { badge: StatusBadge::new(locale, *status), count: locale.int(counts.overall.get(*status)) })
        .collect();
    let page = TrackingPage {
        nav: Nav::new(locale, &user, Some(&tracked.facts_province), "inbox", &uri),
        deadline: tracked.directive.ack_deadline.map(i18n::datetime),
        withdrawn: tracked.directive.withdrawn_at.is_some(),
        overall,
        total: locale.int(counts.overall.total()),
        clusters: cluster_rows(locale, id, &counts.clusters),
        communes: commune_rows(locale, id, &counts.communes),
        statuses: ReceiptStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: locale.tp("inbox-status", s.as_str()),
                selected: filter.status == Some(*s),
            })
            .collect(),
        cluster_choices: counts
            .clusters
            .iter()
            .filter_map(|group| {
                let key = group.key?;
                Some(Choice { value: key.to_string(), label: group_name(locale, group), selected: filter.cluster == Some(key) })
            })
            .collect(),
        commune_choices: counts
            .communes
            .iter()
            .filter_map(|group| {
                let key = group.key.clone()?;
                Some(Choice { selected: filter.commune.as_ref() == Some(&key), label: group_name(locale, group), value: key })
            })
            .collect(),
        levels: SchoolLevel::ALL
            .iter()
            .map(|level| Choice {
                value: level.as_str().to_owned(),
                label: locale.tp("level", level.as_str()),
                selected: filter.level.as_deref() == Some(level.as_str()),
            })
            .collect(),
        q: parsed.q.clone(),
        notices: parsed.notices,
        summary: locale.t1("tracking-school-count", "count", &locale.int(total)),
        schools: items.into_iter().map(|item| school_row(locale, &scope, item)).collect(),
        pager: Pager::new(page, total, base),
        export_link,
        directive: tracked.directive.clone(),
    };
    render(&page)
}

/// Exports the tracking list with the page's filters to `.xlsx`: a sheet of schools and
/// a sheet of counts.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn export(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Query(query): Query<TrackingQuery>,
) -> AppResult<Response> {
    let tracked = load(&state, &user, &raw_id).await?;
    let scope = tracked.scope();
    let counts = tracking::counts(&state.db, &scope).await?;
    let parsed = parse_filter(locale, &query, &counts);

    let (items, _) = tracking::school_statuses(&state.db, &scope, &parsed.filter, None).await?;

    let rows: Vec<export::ExportRow> = items
        .into_iter()
        .map(|item| export::ExportRow {
            status: locale.tp("inbox-status", item.status(&scope).as_str()),
            level: locale.tp("level", &item.level),
            school: item,
        })
        .collect();
    let sheets = export::Sheets {
        locale,
        directive_number: tracked.directive.number_symbol.clone(),
        directive_title: tracked.directive.title.clone(),
        generated_at: scope.now,
        rows,
        counts,
    };
    let bytes = tokio::task::spawn_blocking(move || export::workbook(&sheets))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;

    let file_name = export::file_name(&tracked.directive.number_symbol);
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")).map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(export::XLSX_CONTENT_TYPE)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

fn group_name<K>(locale: Locale, group: &GroupCounts<K>) -> String {
    group.name.clone().unwrap_or_else(|| locale.t("tracking-no-group"))
}

fn cluster_rows(locale: Locale, directive_id: i64, groups: &[GroupCounts<i64>]) -> Vec<CountRow> {
    groups
        .iter()
        .map(|group| {
            let link = group.key.map(|key| format!("/directives/{directive_id}/tracking?cluster={key}#schools"));
            CountRow::new(locale, group_name(locale, group), link, &group.counts)
        })
        .collect()
}

fn commune_rows(locale: Locale, directive_id: i64, groups: &[GroupCounts<String>]) -> Vec<CountRow> {
    groups
        .iter()
        .map(|group| {
            let link = group.key.as_ref().map(|key| format!("/directives/{directive_id}/tracking?commune={key}#schools"));
            CountRow::new(locale, group_name(locale, group), link, &group.counts)
        })
        .collect()
}

fn school_row(locale: Locale, scope: &TrackingScope<'_>, item: SchoolStatus) -> SchoolRow {
    let status = item.status(scope);
    let at_by = |at: Option<i64>, name: &Option<String>| match at {
        Some(at) => match name {
            Some(name) => format!("{} · {name}", i18n::datetime(at)),
            None => i18n::datetime(at),
        },
        None => String::new(),
    };
    SchoolRow {
        school_id: item.school_id,
        is_generated: item.is_generated == 1,
        level: locale.tp("level", &item.level),
        cluster: item.cluster_name.clone().unwrap_or_default(),
        commune: item.commune_name.clone().unwrap_or_default(),
        badge: StatusBadge::new(locale, status),
        read: at_by(item.read_at, &item.read_by_name),
        acknowledged: at_by(item.acknowledged_at, &item.acknowledged_by_name),
        note: item.ack_note.unwrap_or_default(),
        name: item.school_name,
    }
}
