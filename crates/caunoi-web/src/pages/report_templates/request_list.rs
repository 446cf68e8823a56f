//! The lists of report requests: the whole province for the department, and for a
//! cluster board its own requests and the department's requests reaching its schools.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::policy::Action;
use caunoi_db::reports::requests::{self, RequestFilter, RequestSummary};
use caunoi_db::{Page, clusters, provinces};
use serde::Deserialize;
use tracing::instrument;

use super::request_form::PERIOD_KINDS;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::provinces::hosted_code;
use crate::pages::render;
use crate::pages::schools::{Choice, last_page_if_past_end, non_blank, parse_id, parse_page};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

const STATUSES: [&str; 3] = ["draft", "published", "closed"];

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    period: Option<String>,
    q: Option<String>,
    page: Option<String>,
}

struct Tab {
    label: String,
    href: String,
    current: bool,
}

struct Row {
    id: i64,
    title: String,
    template: String,
    sender: String,
    period: String,
    status: String,
    status_label: String,
    deadline: String,
    recipients: String,
}

#[derive(Template)]
#[template(path = "report_templates/request_list.html")]
struct ListPage {
    nav: Nav,
    heading: String,
    path: String,
    templates_href: String,
    status: String,
    q: String,
    periods: Vec<Choice>,
    tabs: Vec<Tab>,
    notices: Vec<String>,
    summary: String,
    rows: Vec<Row>,
    pager: Pager,
}

struct Scope {
    province: String,
    cluster: Option<i64>,
    heading: String,
    path: String,
    templates_href: String,
}

async fn render_list(state: &AppState, locale: Locale, user: &CurrentUser, uri: &Uri, scope: Scope, query: ListQuery) -> AppResult<Response> {
    let mut notices = Vec::new();
    let status = non_blank(&query.status).and_then(|raw| {
        let known = STATUSES.contains(&raw);
        if !known {
            notices.push(locale.t1("rtpl-notice-invalid-status", "value", raw));
        }
        known.then(|| raw.to_owned())
    });
    let period = non_blank(&query.period).and_then(|raw| {
        let known = PERIOD_KINDS.contains(&raw);
        if !known {
            notices.push(locale.t1("rtpl-error-period-kind", "value", raw));
        }
        known.then(|| raw.to_owned())
    });
    let q = non_blank(&query.q).unwrap_or_default().to_owned();
    let filter = RequestFilter {
        province: scope.province.clone(),
        cluster: scope.cluster,
        status: status.clone(),
        period_kind: period.clone(),
        query: (!q.is_empty()).then(|| q.clone()),
    };
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);
    page = Page::new(Some(page.number), Some(50));
    let (mut items, mut total) = requests::list(&state.db, &filter, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        (items, total) = requests::list(&state.db, &filter, page).await?;
    }
    let counts = requests::count_by_status(&state.db, &filter).await?;
    let department = provinces::department(&state.db, &scope.province).await?.name;

    let count_of = |value: &str| counts.iter().find(|(s, _)| s == value).map_or(0, |(_, n)| *n);
    let all: i64 = counts.iter().map(|(_, n)| n).sum();
    let tab_href = |status: Option<&str>| {
        let href = query_base(&scope.path, &[("status", status.map(str::to_owned)), ("period", period.clone()), ("q", Some(q.clone()))]);
        href.trim_end_matches(['&', '?']).to_owned()
    };
    let mut tabs = vec![Tab { label: locale.t1("rtpl-tab-all", "count", &locale.int(all)), href: tab_href(None), current: status.is_none() }];
    for value in STATUSES {
        tabs.push(Tab {
            label: locale.t_args(
                "rtpl-tab",
                &[
                    ("status", FluentArg::Text(locale.tp("rtpl-status", value))),
                    ("count", FluentArg::Text(locale.int(count_of(value)))),
                ],
            ),
            href: tab_href(Some(value)),
            current: status.as_deref() == Some(value),
        });
    }
    let periods = PERIOD_KINDS
        .iter()
        .map(|k| Choice { value: (*k).to_owned(), label: locale.tp("rtpl-period", k), selected: period.as_deref() == Some(*k) })
        .collect();
    let base = query_base(&scope.path, &[("status", status.clone()), ("period", period.clone()), ("q", Some(q.clone()))]);
    let rows = items.into_iter().map(|item| row(locale, item, &department)).collect();

    let page = ListPage {
        nav: Nav::new(locale, user, Some(&scope.province), "reports", uri),
        heading: scope.heading,
        path: scope.path,
        templates_href: scope.templates_href,
        status: status.unwrap_or_default(),
        q,
        periods,
        tabs,
        notices,
        summary: locale.t1("rtpl-requests-count", "count", &locale.int(total)),
        rows,
        pager: Pager::new(page, total, base),
    };
    render(&page)
}

fn row(locale: Locale, item: RequestSummary, department: &str) -> Row {
    Row {
        id: item.id,
        title: item.title,
        template: format!("{} · v{}", item.template_name, item.template_version),
        sender: item.cluster_name.unwrap_or_else(|| department.to_owned()),
        period: item.period_label,
        status_label: locale.tp("rtpl-status", &item.status),
        status: item.status,
        deadline: i18n::datetime(item.deadline_at),
        recipients: if item.recipients > 0 { locale.int(item.recipients) } else { String::new() },
    }
}

/// Lists every report request of a province, for the department's staff.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn department(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let province = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::DesignReportTemplate { province: &province, cluster: None })?;
    let department = provinces::department(&state.db, &province).await?;
    let scope = Scope {
        heading: locale.t1("rtpl-requests-list-title", "owner", &department.name),
        path: format!("/p/{province}/reports"),
        templates_href: format!("/p/{province}/report-templates"),
        province,
        cluster: None,
    };
    render_list(&state, locale, &user, &uri, scope, query).await
}

/// Lists a cluster's requests and the department's requests reaching its schools.
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
    user.require(Action::DesignReportTemplate { province: &facts.province, cluster: Some(&facts) })?;
    let cluster = clusters::get(&state.db, id).await?;
    let scope = Scope {
        heading: locale.t1("rtpl-requests-list-title", "owner", &cluster.name),
        path: format!("/clusters/{id}/reports"),
        templates_href: format!("/clusters/{id}/report-templates"),
        province: facts.province,
        cluster: Some(id),
    };
    render_list(&state, locale, &user, &uri, scope, query).await
}
