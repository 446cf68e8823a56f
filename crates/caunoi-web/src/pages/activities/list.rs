//! The activities list, with filters and paging. Its tabs show the upcoming activities
//! the viewer may join, their registrations, and those their department, board or
//! school organises. Department staff also get every activity of the province.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::activity::ActivityKind;
use caunoi_core::org::SchoolLevel;
use caunoi_core::policy::Action;
use caunoi_db::activities::list::{self as repo, ActivityFilter, ActivityItem, ListScope};
use caunoi_db::{Page, clusters, now_ms};
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::Deserialize;
use tracing::instrument;

use super::{kind_label, organisers};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, Locale};
use crate::pages::render;
use crate::pages::schools::{Choice, non_blank};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// `upcoming` (default), `registered`, `organised` or `province`.
    pub tab: Option<String>,
    pub kind: Option<String>,
    pub subject: Option<String>,
    pub level: Option<String>,
    /// `YYYY-MM`, from `<input type="month">`.
    pub month: Option<String>,
    pub cluster: Option<String>,
    pub q: Option<String>,
    pub page: Option<String>,
}

struct Tab {
    key: &'static str,
    label: String,
    link: String,
    current: bool,
}

struct Row {
    id: i64,
    title: String,
    kind: String,
    status: String,
    organiser: String,
    when: String,
    place: String,
    seats: String,
    my_status: Option<String>,
}

#[derive(Template)]
#[template(path = "activities/list.html")]
struct ListPage {
    nav: Nav,
    tabs: Vec<Tab>,
    tab: &'static str,
    can_organise: bool,
    kinds: Vec<Choice>,
    levels: Vec<Choice>,
    clusters: Vec<Choice>,
    subject: String,
    month: String,
    q: String,
    rows: Vec<Row>,
    pager: Pager,
    notices: Vec<String>,
}

/// Parses `YYYY-MM` into the first instants of that month and of the next, in Vietnam.
pub(crate) fn month_range(raw: &str) -> Option<(i64, i64)> {
    let first = NaiveDate::parse_from_str(&format!("{}-01", raw.trim()), "%Y-%m-%d").ok()?;
    let next = if first.month() == 12 { NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)? };
    let midnight = NaiveTime::MIN;
    Some((caunoi_core::report::deadline::local_instant(first, midnight), caunoi_core::report::deadline::local_instant(next, midnight)))
}

fn row(locale: Locale, item: ActivityItem, now: i64) -> Row {
    let organiser = match item.organiser_kind.as_str() {
        "cluster" => locale.t1("act-organiser-cluster", "name", item.cluster_name.as_deref().unwrap_or_default()),
        "school" => item.school_name.clone().unwrap_or_default(),
        _ => locale.t("act-organiser-department"),
    };
    let place = match (item.place_school_name.as_deref(), item.place_address.as_str(), item.meeting_url.is_empty()) {
        (Some(school), _, true) => school.to_owned(),
        (None, address, true) if !address.is_empty() => address.to_owned(),
        (None, "", false) => locale.t("act-online"),
        (Some(school), _, false) => format!("{school} · {}", locale.t("act-online")),
        (None, address, false) => format!("{address} · {}", locale.t("act-online")),
        _ => String::new(),
    };
    let seats = match item.capacity {
        Some(capacity) => locale.t_args("act-seats-taken", &[("taken", i18n::FluentArg::Number(item.registered_count)), ("capacity", i18n::FluentArg::Number(capacity))]),
        None => locale.int(item.registered_count),
    };
    let status = if item.status == "published" && item.ends_at < now { "done" } else { item.status.as_str() };
    Row {
        id: item.id,
        kind: kind_label(locale, &item.kind),
        status: locale.tp("act-status", status),
        when: format!("{} – {}", i18n::datetime(item.starts_at), i18n::datetime(item.ends_at)),
        my_status: item.my_status.as_deref().filter(|s| *s != "cancelled").map(|s| locale.tp("act-my-status", s)),
        title: item.title,
        organiser,
        place,
        seats,
    }
}

/// Lists activities for the viewer, by tab.
#[instrument(skip_all)]
pub async fn list(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Query(query): Query<ListQuery>) -> AppResult<Response> {
    let provinces = user.provinces();
    let province = provinces.first().cloned();
    let mine = organisers(&user);
    let oversees = province.as_deref().is_some_and(|code| user.allows(Action::ManageProvince { province: code }) || mine.departments.iter().any(|d| d == code));
    let mut notices = Vec::new();

    // Department staff land on the whole province and cluster boards on what they
    // organise; the activities reaching a school are theirs only through those tabs.
    let default_tab = if oversees {
        "province"
    } else if !mine.clusters.is_empty() {
        "organised"
    } else {
        "upcoming"
    };
    let tab: &'static str = match non_blank(&query.tab) {
        Some("registered") => "registered",
        Some("upcoming") => "upcoming",
        Some("organised") if !mine.is_empty() => "organised",
        Some("province") if oversees => "province",
        _ => default_tab,
    };
    let scope = match tab {
        "registered" => ListScope::Registered { user_id: user.id },
        "organised" => ListScope::Organised(mine.clone()),
        "province" => ListScope::Province { province: province.clone().unwrap_or_default(), with_drafts: true },
        _ => ListScope::Upcoming { user_id: user.id, provinces: provinces.clone() },
    };

    let mut filter = ActivityFilter::default();
    if let Some(kind) = non_blank(&query.kind) {
        match ActivityKind::parse(kind) {
            Some(kind) => filter.kind = Some(kind.as_str().to_owned()),
            None => notices.push(locale.t1("act-error-filter-kind", "value", kind)),
        }
    }
    if let Some(level) = non_blank(&query.level) {
        match SchoolLevel::parse(level) {
            Some(level) => filter.level = Some(level.as_str().to_owned()),
            None => notices.push(locale.t1("act-error-filter-level", "value", level)),
        }
    }
    filter.subject = non_blank(&query.subject).map(caunoi_core::text::normalize);
    if let Some(month) = non_blank(&query.month) {
        match month_range(month) {
            Some((from, before)) => {
                filter.starts_from = Some(from);
                filter.starts_before = Some(before);
            }
            None => notices.push(locale.t1("act-error-filter-month", "value", month)),
        }
    }
    let year_clusters = match (&province, tab) {
        (Some(code), "province") => clusters::list(&state.db, code, &clusters::current_year(&state.db, code, i18n::today()).await?).await?,
        _ => Vec::new(),
    };
    if let Some(raw) = non_blank(&query.cluster) {
        match raw.parse::<i64>().ok().filter(|id| year_clusters.iter().any(|c| c.id == *id)) {
            Some(id) => filter.cluster_id = Some(id),
            None if tab == "province" => notices.push(locale.t1("act-error-filter-cluster", "value", raw)),
            None => {}
        }
    }
    filter.text = non_blank(&query.q).map(str::to_owned);
    let page_number = non_blank(&query.page).and_then(|raw| raw.parse::<i64>().ok());
    let page = Page::new(page_number, Some(30));

    let now = now_ms();
    let (items, total) = repo::list(&state.db, &scope, &filter, user.id, now, page).await?;
    let base = query_base(
        "/activities",
        &[
            ("tab", Some(tab.to_owned())),
            ("kind", filter.kind.clone()),
            ("subject", filter.subject.clone()),
            ("level", filter.level.clone()),
            ("month", non_blank(&query.month).map(str::to_owned)),
            ("cluster", filter.cluster_id.map(|id| id.to_string())),
            ("q", filter.text.clone()),
        ],
    );

    let mut tab_keys = vec!["upcoming", "registered"];
    if !mine.is_empty() {
        tab_keys.push("organised");
    }
    if oversees {
        tab_keys.push("province");
    }
    let tabs = tab_keys
        .into_iter()
        .map(|key| Tab { key, label: locale.tp("act-tab", key), link: format!("/activities?tab={key}"), current: key == tab })
        .collect();
    let selected = |value: &Option<String>, candidate: &str| value.as_deref() == Some(candidate);
    let page_view = ListPage {
        tabs,
        tab,
        can_organise: !mine.is_empty(),
        kinds: ActivityKind::ALL.iter().map(|k| Choice { value: k.as_str().into(), label: kind_label(locale, k.as_str()), selected: selected(&filter.kind, k.as_str()) }).collect(),
        levels: SchoolLevel::ALL.iter().map(|l| Choice { value: l.as_str().into(), label: locale.tp("level", l.as_str()), selected: selected(&filter.level, l.as_str()) }).collect(),
        clusters: year_clusters.iter().map(|c| Choice { value: c.id.to_string(), label: c.name.clone(), selected: filter.cluster_id == Some(c.id) }).collect(),
        subject: filter.subject.clone().unwrap_or_default(),
        month: non_blank(&query.month).unwrap_or_default().to_owned(),
        q: filter.text.clone().unwrap_or_default(),
        rows: items.into_iter().map(|item| row(locale, item, now)).collect(),
        pager: Pager::new(page, total, base),
        notices,
        nav: Nav::new(locale, &user, province.as_deref(), "activities", &uri),
    };
    render(&page_view)
}
