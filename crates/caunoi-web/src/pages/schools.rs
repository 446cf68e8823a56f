//! Schools: a province's list with search and filters, one school's facts, and its staff.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::org::{self, SchoolLevel};
use caunoi_core::policy::Action;
use caunoi_core::text::{collate, fold};
use caunoi_db::clusters::{self, Cluster};
use caunoi_db::communes;
use caunoi_db::schools::{self, ClusterMembership, School, SchoolFilter};
use caunoi_db::{Db, Page, users};
use serde::Deserialize;
use tracing::instrument;

use super::provinces::hosted_code;
use super::render;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

/// The largest page number a list accepts before treating it as past the end. It keeps
/// `Page::offset` far from overflowing: no province has 50 million rows of anything.
const MAX_PAGE_NUMBER: i64 = 1_000_000;

/// Parses the `page` parameter of a list. A value that is not a whole number from 1 up
/// gives page 1 and a notice naming the value.
pub(crate) fn parse_page(raw: Option<&str>, locale: Locale, notices: &mut Vec<String>) -> Page {
    let number = match raw.map(str::trim).filter(|text| !text.is_empty()) {
        None => 1,
        Some(text) => match text.parse::<i64>() {
            Ok(number) if number >= 1 => number.min(MAX_PAGE_NUMBER),
            _ => {
                notices.push(locale.t1("listing-notice-invalid-page", "value", text));
                1
            }
        },
    };
    Page::new(Some(number), None)
}

/// Returns the last page of a list of `total` items when `page` lies past it, and adds a
/// notice saying so. The caller then loads that page instead.
pub(crate) fn last_page_if_past_end(page: Page, total: i64, locale: Locale, notices: &mut Vec<String>) -> Option<Page> {
    let pages = ((total + page.size - 1) / page.size).max(1);
    if page.number <= pages {
        return None;
    }
    notices.push(locale.t_args(
        "listing-notice-page-past-end",
        &[("page", FluentArg::Number(page.number)), ("pages", FluentArg::Number(pages))],
    ));
    Some(Page::new(Some(pages), Some(page.size)))
}

/// Parses a record id from a path. Anything but a positive whole number cannot name a
/// record, so it is "not found" like a missing one.
pub(crate) fn parse_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or(AppError::NotFound)
}

/// Returns a text parameter trimmed, or `None` when it is blank.
pub(crate) fn non_blank(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|text| !text.is_empty())
}

/// One option of a filter's select.
pub(crate) struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    level: Option<String>,
    cluster: Option<String>,
    commune: Option<String>,
    page: Option<String>,
}

/// A commune offered in the filter.
struct CommuneOption {
    code: String,
    name: String,
}

#[derive(Template)]
#[template(path = "schools/list.html")]
struct ListPage {
    nav: Nav,
    province: String,
    school_year: String,
    /// The search text as typed; the filters mark their accepted value as selected.
    q: String,
    levels: Vec<Choice>,
    clusters: Vec<Choice>,
    communes: Vec<Choice>,
    notices: Vec<String>,
    /// How many schools match, as a sentence.
    summary: String,
    schools: Vec<School>,
    pager: Pager,
}

/// Lists a province's schools by name, with search and filters by level, this year's
/// cluster and commune. A filter value that does not exist is ignored with a notice.
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
    user.require(Action::ViewProvince { province: &province })?;

    let school_year = clusters::current_year(&state.db, &province, i18n::today()).await?;
    let year_clusters = clusters::list(&state.db, &province, &school_year).await?;
    let communes = commune_options(&state.db, &province).await?;
    let mut notices = Vec::new();
    let folded = non_blank(&query.q).map(fold).filter(|text| !text.is_empty());
    let level = parse_level(non_blank(&query.level), locale, &mut notices);
    let cluster = parse_cluster(non_blank(&query.cluster), &year_clusters, locale, &mut notices);
    let commune = parse_commune(non_blank(&query.commune), &communes, locale, &mut notices);
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);

    let filter = SchoolFilter {
        province: province.clone(),
        school_year: school_year.clone(),
        cluster_id: cluster,
        commune: commune.clone(),
        level: level.map(|l| l.as_str().to_owned()),
        query: folded,
    };
    let (mut items, mut total) = schools::list(&state.db, &filter, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        (items, total) = schools::list(&state.db, &filter, page).await?;
    }

    let q = non_blank(&query.q).unwrap_or_default().to_owned();
    let base = query_base(
        &format!("/p/{province}/schools"),
        &[
            ("q", Some(q.clone())),
            ("level", level.map(|l| l.as_str().to_owned())),
            ("cluster", cluster.map(|id| id.to_string())),
            ("commune", commune.clone()),
        ],
    );
    let levels = SchoolLevel::ALL
        .iter()
        .map(|l| Choice { value: l.as_str().to_owned(), label: locale.tp("level", l.as_str()), selected: level == Some(*l) })
        .collect();
    let clusters = year_clusters
        .into_iter()
        .map(|c| Choice { value: c.id.to_string(), label: c.name, selected: cluster == Some(c.id) })
        .collect();
    let communes = communes
        .into_iter()
        .map(|c| Choice { selected: commune.as_deref() == Some(c.code.as_str()), value: c.code, label: c.name })
        .collect();
    let page = ListPage {
        nav: Nav::new(locale, &user, Some(&province), "schools", &uri),
        province,
        school_year,
        q,
        levels,
        clusters,
        communes,
        notices,
        summary: locale.t1("schools-count", "count", &locale.int(total)),
        schools: items,
        pager: Pager::new(page, total, base),
    };
    render(&page)
}

fn parse_level(raw: Option<&str>, locale: Locale, notices: &mut Vec<String>) -> Option<SchoolLevel> {
    let raw = raw?;
    let level = SchoolLevel::parse(raw);
    if level.is_none() {
        notices.push(locale.t1("schools-notice-invalid-level", "value", raw));
    }
    level
}

/// Accepts only the id of one of the province's clusters of the shown school year.
fn parse_cluster(raw: Option<&str>, clusters: &[Cluster], locale: Locale, notices: &mut Vec<String>) -> Option<i64> {
    let raw = raw?;
    let id = raw.parse::<i64>().ok().filter(|id| clusters.iter().any(|c| c.id == *id));
    if id.is_none() {
        notices.push(locale.t1("schools-notice-invalid-cluster", "value", raw));
    }
    id
}

/// Accepts a commune code of the province, with or without its leading zeros.
fn parse_commune(raw: Option<&str>, communes: &[CommuneOption], locale: Locale, notices: &mut Vec<String>) -> Option<String> {
    let raw = raw?;
    let code = org::commune_code(raw).filter(|code| communes.iter().any(|c| c.code == *code));
    if code.is_none() {
        notices.push(locale.t1("schools-notice-invalid-commune", "value", raw));
    }
    code
}

/// Loads the province's communes in Vietnamese alphabetical order for the filter.
async fn commune_options(db: &Db, province: &str) -> AppResult<Vec<CommuneOption>> {
    let mut options: Vec<(String, CommuneOption)> = communes::all_in_province(db, province)
        .await?
        .into_iter()
        .map(|c| (collate::sort_key(&c.name), CommuneOption { code: c.code, name: c.name }))
        .collect();
    options.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(options.into_iter().map(|(_, option)| option).collect())
}

#[derive(Template)]
#[template(path = "schools/detail.html")]
struct DetailPage {
    nav: Nav,
    school: School,
    school_year: String,
    /// Clusters of the school in the other school years, newest first.
    other_years: Vec<ClusterMembership>,
    can_view_staff: bool,
    can_list_staff_records: bool,
    can_edit_classes: bool,
    can_view_personnel: bool,
}

/// Shows one school: level, ownership, commune, former district, MOET code and its
/// cluster in the current and other school years.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn detail(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ViewSchool { school: &facts })?;

    let school_year = clusters::current_year(&state.db, &facts.province, i18n::today()).await?;
    let school = schools::get(&state.db, id, &school_year).await?;
    let history = schools::cluster_history(&state.db, id).await?;

    let other_years = history.into_iter().filter(|m| m.school_year != school_year).collect();
    let page = DetailPage {
        nav: Nav::new(locale, &user, Some(&facts.province), "schools", &uri),
        school,
        school_year,
        other_years,
        can_view_staff: user.allows(Action::ViewSchoolStaff { school: &facts }),
        can_list_staff_records: user.allows(Action::ListStaff { school: &facts }),
        can_edit_classes: user.allows(Action::EditClassCounts { school: &facts }),
        can_view_personnel: user.allows(Action::ViewPersonnel { scope: caunoi_core::policy::PersonnelScope::School(&facts) }),
    };
    render(&page)
}

/// One person on a school's staff list.
struct StaffRow {
    user_id: i64,
    username: String,
    full_name: String,
    /// The roles held on the school, translated and joined.
    roles: String,
    is_generated: bool,
}

#[derive(Template)]
#[template(path = "schools/staff.html")]
struct StaffPage {
    nav: Nav,
    school: School,
    /// How many people are listed, as a sentence.
    summary: String,
    staff: Vec<StaffRow>,
}

/// Lists the people holding a role on a school, sorted by given name. Only those whose
/// grants reach the school (its province's department, its cluster, its commune or the
/// school itself) may see it.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn staff(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ViewSchoolStaff { school: &facts })?;

    let school_year = clusters::current_year(&state.db, &facts.province, i18n::today()).await?;
    let school = schools::get(&state.db, id, &school_year).await?;
    let members = schools::staff(&state.db, id).await?;
    let generated = users::generated_among(&state.db, &members.iter().map(|m| m.user_id).collect::<Vec<_>>()).await?;

    let staff = members
        .into_iter()
        .map(|m| StaffRow {
            is_generated: generated.contains(&m.user_id),
            user_id: m.user_id,
            username: m.username,
            full_name: m.full_name,
            roles: m.roles.split(',').map(|role| locale.tp("role", role)).collect::<Vec<_>>().join(", "),
        })
        .collect::<Vec<_>>();
    let page = StaffPage {
        nav: Nav::new(locale, &user, Some(&facts.province), "schools", &uri),
        school,
        summary: locale.t1("school-staff-count", "count", &locale.int(staff.len() as i64)),
        staff,
    };
    render(&page)
}
