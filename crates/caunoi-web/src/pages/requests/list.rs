//! The lists of requests: a school's own, a cluster board's and the department's, each
//! oldest first with the late first answers flagged, filters and counts per category.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::org::Scope;
use caunoi_core::policy::{Action, RequestLevel};
use caunoi_core::request_status::RequestStatus;
use caunoi_core::text::fold;
use caunoi_db::requests::{self, RequestCategory, RequestFilter, RequestItem};
use caunoi_db::{clusters, now_ms, schools};
use serde::Deserialize;
use tracing::instrument;

use super::{category_label, level_label, queue_facts, status_label};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::provinces::hosted_code;
use crate::pages::render;
use crate::pages::schools::{Choice, last_page_if_past_end, non_blank, parse_id, parse_page};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Opens the request list of the user's own work: the department's, else the first
/// board they sit on, else the first school they lead.
#[instrument(skip_all)]
pub async fn mine(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    for grant in &user.actor.grants {
        let target = match (&grant.scope, grant.province.as_deref()) {
            (Scope::Province(code), _) if user.allows(Action::HandleRequest { request: &queue_facts(code, None) }) => {
                format!("/p/{code}/requests")
            }
            (Scope::Cluster(id), Some(province))
                if user.allows(Action::HandleRequest { request: &queue_facts(province, Some(*id)) }) =>
            {
                format!("/clusters/{id}/requests")
            }
            (Scope::School(id), _) => {
                let school = schools::facts(&state.db, *id).await?;
                if !user.allows(Action::ViewSchoolInbox { school: &school }) {
                    continue;
                }
                format!("/schools/{id}/requests")
            }
            _ => continue,
        };
        return Ok(Redirect::to(&target).into_response());
    }
    Err(AppError::NotFound)
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    category: Option<String>,
    level: Option<String>,
    cluster: Option<String>,
    school: Option<String>,
    q: Option<String>,
    page: Option<String>,
}

/// Owner of the list a page shows.
enum ListScope {
    Province,
    Cluster { id: i64, name: String },
    School { id: i64, name: String, can_raise: bool },
}

/// One row of the table.
struct Row {
    id: i64,
    title: String,
    school_id: i64,
    school_name: String,
    school_generated: bool,
    cluster_name: Option<String>,
    category: String,
    status_code: String,
    status: String,
    level: String,
    owner: Option<String>,
    created: String,
    age: String,
    due: String,
    overdue: bool,
    messages: String,
}

/// One category with its number of requests under the other filters.
struct CategoryCount {
    label: String,
    count: String,
    link: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "requests/list.html")]
struct ListPage {
    nav: Nav,
    heading: String,
    /// Path of this list, the target of the filter form.
    action: String,
    /// Link to the new request form, for the leaders of the school.
    new_link: Option<String>,
    answers_link: String,
    show_cluster: bool,
    show_school: bool,
    q: String,
    school_q: String,
    statuses: Vec<Choice>,
    categories: Vec<Choice>,
    levels: Vec<Choice>,
    clusters: Vec<Choice>,
    counts: Vec<CategoryCount>,
    notices: Vec<String>,
    summary: String,
    rows: Vec<Row>,
    pager: Pager,
}

/// Lists the requests of a province for its department.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn province(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let province = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::HandleRequest { request: &queue_facts(&province, None) })?;

    render_list(&state, locale, &user, &uri, &province, ListScope::Province, &query).await
}

/// Lists the requests sent to a cluster's board, including those it escalated.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn cluster(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = clusters::facts(&state.db, id).await?;
    user.require(Action::HandleRequest { request: &queue_facts(&facts.province, Some(id)) })?;

    let cluster = clusters::get(&state.db, id).await?;
    let scope = ListScope::Cluster { id, name: cluster.name };
    render_list(&state, locale, &user, &uri, &facts.province, scope, &query).await
}

/// Lists the requests a school raised, for its leaders and the department.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn school(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ViewSchoolInbox { school: &facts })?;

    let year = clusters::current_year(&state.db, &facts.province, i18n::today()).await?;
    let school = schools::get(&state.db, id, &year).await?;
    let can_raise = user.allows(Action::RaiseRequest { school: &facts });
    let scope = ListScope::School { id, name: school.name, can_raise };
    render_list(&state, locale, &user, &uri, &facts.province, scope, &query).await
}

/// Parses the status filter: pending (open or in progress) by default for handlers,
/// every status by default for a school, `all`, or one status.
fn parse_statuses(
    raw: Option<&str>,
    school_default: bool,
    locale: Locale,
    notices: &mut Vec<String>,
) -> (String, Vec<RequestStatus>) {
    let default = if school_default { "all" } else { "pending" };
    let value = match raw {
        None => default.to_owned(),
        Some(raw) if raw == "all" || raw == "pending" || RequestStatus::parse(raw).is_some() => raw.to_owned(),
        Some(raw) => {
            notices.push(locale.t1("requests-notice-invalid-status", "value", raw));
            default.to_owned()
        }
    };
    let statuses = match value.as_str() {
        "all" => Vec::new(),
        "pending" => vec![RequestStatus::Open, RequestStatus::InProgress],
        code => RequestStatus::parse(code).into_iter().collect(),
    };
    (value, statuses)
}

fn parse_category(raw: Option<&str>, locale: Locale, notices: &mut Vec<String>) -> Option<RequestCategory> {
    let raw = raw?;
    let category = RequestCategory::parse(raw);
    if category.is_none() {
        notices.push(locale.t1("requests-notice-invalid-category", "value", raw));
    }
    category
}

fn parse_level(raw: Option<&str>, locale: Locale, notices: &mut Vec<String>) -> Option<RequestLevel> {
    let raw = raw?;
    let level = RequestLevel::parse(raw);
    if level.is_none() {
        notices.push(locale.t1("requests-notice-invalid-level", "value", raw));
    }
    level
}

async fn render_list(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    province: &str,
    scope: ListScope,
    query: &ListQuery,
) -> AppResult<Response> {
    let mut notices = Vec::new();
    let is_school = matches!(scope, ListScope::School { .. });
    let (status_value, statuses) = parse_statuses(non_blank(&query.status), is_school, locale, &mut notices);
    let category = parse_category(non_blank(&query.category), locale, &mut notices);
    let level = parse_level(non_blank(&query.level), locale, &mut notices);
    let year_clusters = match scope {
        ListScope::Province => {
            clusters::list(&state.db, province, &clusters::current_year(&state.db, province, i18n::today()).await?).await?
        }
        _ => Vec::new(),
    };
    let cluster_filter = match (&scope, non_blank(&query.cluster)) {
        (ListScope::Province, Some(raw)) => {
            let id = raw.parse::<i64>().ok().filter(|id| year_clusters.iter().any(|c| c.id == *id));
            if id.is_none() {
                notices.push(locale.t1("requests-notice-invalid-cluster", "value", raw));
            }
            id
        }
        _ => None,
    };
    let school_q = match scope {
        ListScope::School { .. } => String::new(),
        _ => non_blank(&query.school).unwrap_or_default().to_owned(),
    };
    let q = non_blank(&query.q).unwrap_or_default().to_owned();
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);

    let filter = RequestFilter {
        province: province.to_owned(),
        cluster_id: match scope {
            ListScope::Cluster { id, .. } => Some(id),
            _ => cluster_filter,
        },
        school_id: match scope {
            ListScope::School { id, .. } => Some(id),
            _ => None,
        },
        statuses,
        category: category.map(|c| c.as_str().to_owned()),
        level,
        school_query: Some(fold(&school_q)).filter(|text| !text.is_empty()),
        text: Some(q.clone()).filter(|text| !text.is_empty()),
    };
    let (mut items, mut total) = requests::list(&state.db, &filter, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        (items, total) = requests::list(&state.db, &filter, page).await?;
    }
    let counts = requests::count_by_category(&state.db, &filter).await?;

    let (heading, action, new_link) = match &scope {
        ListScope::Province => (locale.t("requests-title-province"), format!("/p/{province}/requests"), None),
        ListScope::Cluster { id, name } => {
            (locale.t1("requests-title-cluster", "cluster", name), format!("/clusters/{id}/requests"), None)
        }
        ListScope::School { id, name, can_raise } => (
            locale.t1("requests-title-school", "school", name),
            format!("/schools/{id}/requests"),
            can_raise.then(|| format!("/schools/{id}/requests/new")),
        ),
    };
    let base_pairs = |category: Option<&str>| {
        vec![
            ("status", Some(status_value.clone())),
            ("category", category.map(str::to_owned)),
            ("level", level.map(|l| l.as_str().to_owned())),
            ("cluster", cluster_filter.map(|id| id.to_string())),
            ("school", Some(school_q.clone())),
            ("q", Some(q.clone())),
        ]
    };
    let base = query_base(&action, &base_pairs(category.map(RequestCategory::as_str)));
    let counts = RequestCategory::ALL
        .iter()
        .filter_map(|c| counts.iter().find(|(code, _)| code == c.as_str()).map(|(_, count)| (*c, *count)))
        .map(|(c, count)| CategoryCount {
            label: category_label(locale, c.as_str()),
            count: locale.int(count),
            link: query_base(&action, &base_pairs(Some(c.as_str()))).trim_end_matches(['&', '?']).to_owned(),
            selected: category == Some(c),
        })
        .collect();

    let now = now_ms();
    let page_view = ListPage {
        nav: Nav::new(locale, user, Some(province), "requests", uri),
        heading,
        new_link,
        answers_link: format!("/p/{province}/answers"),
        show_cluster: matches!(scope, ListScope::Province),
        show_school: !is_school,
        statuses: status_choices(locale, &status_value),
        categories: RequestCategory::ALL
            .iter()
            .map(|c| Choice { value: c.as_str().to_owned(), label: category_label(locale, c.as_str()), selected: category == Some(*c) })
            .collect(),
        levels: [RequestLevel::Cluster, RequestLevel::Department]
            .iter()
            .map(|l| Choice { value: l.as_str().to_owned(), label: level_label(locale, l.as_str()), selected: level == Some(*l) })
            .collect(),
        clusters: year_clusters
            .into_iter()
            .map(|c| Choice { selected: cluster_filter == Some(c.id), value: c.id.to_string(), label: c.name })
            .collect(),
        counts,
        notices,
        summary: locale.t1("requests-count", "count", &locale.int(total)),
        rows: items.into_iter().map(|item| row(item, locale, now)).collect(),
        pager: Pager::new(page, total, base),
        action,
        q,
        school_q,
    };
    render(&page_view)
}

fn status_choices(locale: Locale, selected: &str) -> Vec<Choice> {
    let mut values = vec!["pending".to_owned(), "all".to_owned()];
    values.extend(RequestStatus::ALL.iter().map(|s| s.as_str().to_owned()));
    values
        .into_iter()
        .map(|value| Choice {
            label: match value.as_str() {
                "pending" => locale.t("requests-filter-pending"),
                "all" => locale.t("requests-filter-all"),
                code => status_label(locale, code),
            },
            selected: value == selected,
            value,
        })
        .collect()
}

fn row(item: RequestItem, locale: Locale, now: i64) -> Row {
    let overdue = item.is_overdue(now);
    let days = (now - item.created_at).max(0) / DAY_MS;
    Row {
        id: item.id,
        school_id: item.school_id,
        school_name: item.school_name,
        school_generated: item.school_is_generated == 1,
        cluster_name: item.cluster_name,
        category: category_label(locale, &item.category),
        status: status_label(locale, &item.status),
        level: level_label(locale, &item.handler_level),
        owner: item.owner_name,
        created: i18n::date(item.created_at),
        age: locale.t_args("requests-age-days", &[("days", FluentArg::Number(days))]),
        due: i18n::datetime(item.first_answer_due),
        overdue,
        messages: locale.int(item.message_count),
        status_code: item.status,
        title: item.title,
    }
}

