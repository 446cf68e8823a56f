//! The sender's list of directives: the department's whole province, or a cluster
//! board's own, with status tabs, a kind filter and full-text search.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::directive::{DirectiveKind, DirectiveStatus};
use caunoi_db::clusters;
use caunoi_db::directives::list::{self, DirectiveFilter, DirectiveSummary};
use serde::Deserialize;
use tracing::instrument;

use super::{SenderScope, sender_scope};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::provinces::hosted_code;
use crate::pages::render;
use crate::pages::schools::{Choice, last_page_if_past_end, non_blank, parse_page};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    kind: Option<String>,
    q: Option<String>,
    page: Option<String>,
}

/// A status tab with its count.
struct Tab {
    label: String,
    href: String,
    current: bool,
}

/// A link to a new directive's form.
struct NewLink {
    label: String,
    href: String,
}

/// One directive in the table, formatted.
struct Row {
    id: i64,
    number_symbol: String,
    title: String,
    kind: String,
    sender: String,
    status: String,
    status_label: String,
    date: String,
    deadline: String,
    acknowledged: String,
}

#[derive(Template)]
#[template(path = "directives/list.html")]
struct ListPage {
    nav: Nav,
    province: String,
    q: String,
    status: String,
    tabs: Vec<Tab>,
    kinds: Vec<Choice>,
    new_links: Vec<NewLink>,
    notices: Vec<String>,
    summary: String,
    rows: Vec<Row>,
    pager: Pager,
}

/// Lists the directives a person sends: a department's staff see every directive of
/// the province, a cluster board member those of their clusters. Anyone else gets 404.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn list(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let province = hosted_code(&state.db, &raw_province).await?;
    let scope = sender_scope(&user, &province).ok_or(AppError::NotFound)?;

    let mut notices = Vec::new();
    let status = parse_status(non_blank(&query.status), locale, &mut notices);
    let kind = parse_kind(non_blank(&query.kind), locale, &mut notices);
    let q = non_blank(&query.q).unwrap_or_default().to_owned();
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);
    let filter = DirectiveFilter {
        province: province.clone(),
        clusters: match &scope {
            SenderScope::Department => None,
            SenderScope::Clusters(ids) => Some(ids.clone()),
        },
        status,
        kind,
        query: (!q.is_empty()).then(|| q.clone()),
    };

    let (mut items, mut total) = list::list(&state.db, &filter, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        (items, total) = list::list(&state.db, &filter, page).await?;
    }
    let counts = list::count_by_status(&state.db, &filter).await?;
    let department = caunoi_db::provinces::department(&state.db, &province).await?;
    let school_year = clusters::current_year(&state.db, &province, i18n::today()).await?;
    let year_clusters = clusters::list(&state.db, &province, &school_year).await?;

    let path = format!("/p/{province}/directives");
    let kind_value = kind.map(|k| k.as_str().to_owned());
    let tabs = tabs(locale, &path, &q, kind_value.clone(), status, &counts);
    let kinds = DirectiveKind::ALL
        .iter()
        .map(|k| Choice { value: k.as_str().to_owned(), label: locale.tp("directive-kind", k.as_str()), selected: kind == Some(*k) })
        .collect();
    let mut new_links = Vec::new();
    if matches!(scope, SenderScope::Department) {
        new_links.push(NewLink { label: locale.t("directives-new-department"), href: format!("{path}/new") });
    }
    for cluster in year_clusters.iter().filter(|c| scope.covers(c.id)) {
        new_links.push(NewLink {
            label: locale.t1("directives-new-cluster", "cluster", &cluster.name),
            href: format!("/clusters/{}/directives/new", cluster.id),
        });
    }
    let base = query_base(
        &path,
        &[("status", status.map(|s| s.as_str().to_owned())), ("kind", kind_value), ("q", Some(q.clone()))],
    );
    let rows = items.into_iter().map(|item| row(locale, item, &department.name)).collect();

    let page = ListPage {
        nav: Nav::new(locale, &user, Some(&province), "directives", &uri),
        province,
        q,
        status: status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        tabs,
        kinds,
        new_links,
        notices,
        summary: locale.t1("directives-count", "count", &locale.int(total)),
        rows,
        pager: Pager::new(page, total, base),
    };
    render(&page)
}

fn tabs(
    locale: Locale,
    path: &str,
    q: &str,
    kind: Option<String>,
    status: Option<DirectiveStatus>,
    counts: &[(String, i64)],
) -> Vec<Tab> {
    let count_of = |value: &str| counts.iter().find(|(s, _)| s == value).map(|(_, n)| *n).unwrap_or(0);
    let all: i64 = counts.iter().map(|(_, n)| n).sum();
    let mut tabs = vec![Tab {
        label: locale.t1("directives-tab-all", "count", &locale.int(all)),
        href: query_base(path, &[("kind", kind.clone()), ("q", Some(q.to_owned()))]),
        current: status.is_none(),
    }];
    for value in [DirectiveStatus::Draft, DirectiveStatus::Published, DirectiveStatus::Withdrawn] {
        let label = locale.t_args(
            "directives-tab",
            &[
                ("status", FluentArg::Text(locale.tp("directive-status", value.as_str()))),
                ("count", FluentArg::Text(locale.int(count_of(value.as_str())))),
            ],
        );
        tabs.push(Tab {
            label,
            href: query_base(path, &[("status", Some(value.as_str().to_owned())), ("kind", kind.clone()), ("q", Some(q.to_owned()))]),
            current: status == Some(value),
        });
    }
    // The links end with `&` or `?` so that paging can follow; a tab needs neither.
    for tab in &mut tabs {
        let trimmed = tab.href.trim_end_matches(['&', '?']).len();
        tab.href.truncate(trimmed);
    }
    tabs
}

fn row(locale: Locale, item: DirectiveSummary, department: &str) -> Row {
    let date = item.published_at.unwrap_or(item.updated_at);
    Row {
        id: item.id,
        number_symbol: item.number_symbol,
        title: item.title,
        kind: locale.tp("directive-kind", &item.kind),
        sender: item.cluster_name.unwrap_or_else(|| department.to_owned()),
        status_label: locale.tp("directive-status", &item.status),
        status: item.status,
        date: i18n::date(date),
        deadline: item.ack_deadline.map(i18n::datetime).unwrap_or_default(),
        acknowledged: if item.recipients > 0 {
            format!("{}/{}", locale.int(item.acknowledged), locale.int(item.recipients))
        } else {
            String::new()
        },
    }
}

fn parse_status(raw: Option<&str>, locale: Locale, notices: &mut Vec<String>) -> Option<DirectiveStatus> {
    let raw = raw?;
    let status = DirectiveStatus::parse(raw);
    if status.is_none() {
        notices.push(locale.t1("directives-notice-invalid-status", "value", raw));
    }
    status
}

fn parse_kind(raw: Option<&str>, locale: Locale, notices: &mut Vec<String>) -> Option<DirectiveKind> {
    let raw = raw?;
    let kind = DirectiveKind::parse(raw);
    if kind.is_none() {
        notices.push(locale.t1("directives-notice-invalid-kind", "value", raw));
    }
    kind
}
