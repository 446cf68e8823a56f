//! A school's staff list, sorted by given name, with search by folded name.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::policy::Action;
use caunoi_db::schools::{self, School};
use caunoi_db::staff::records::{self, StaffRecord};
use caunoi_db::clusters;
use serde::Deserialize;
use tracing::instrument;

use super::{label, school_wide};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::pages::render;
use crate::pages::schools::{last_page_if_past_end, non_blank, parse_id, parse_page};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    page: Option<String>,
    /// The counts of the import just applied, shown once above the list.
    rows: Option<i64>,
    created: Option<i64>,
    updated: Option<i64>,
}

/// One record in the list: public fields only, with their labels.
struct Row {
    record: StaffRecord,
    position: String,
    qualification: String,
    periods: String,
}

#[derive(Template)]
#[template(path = "staff/list.html")]
struct ListPage {
    nav: Nav,
    school: School,
    q: String,
    notices: Vec<String>,
    summary: String,
    rows: Vec<Row>,
    pager: Pager,
    may_import: bool,
}

/// Lists a school's staff records without personal data, to everyone whose role
/// reaches the school.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn list(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ListStaff { school: &facts })?;

    let mut notices = Vec::new();
    if let (Some(rows), Some(created), Some(updated)) = (query.rows, query.created, query.updated) {
        let number = crate::i18n::FluentArg::Number;
        notices.push(locale.t_args("staff-import-done", &[("rows", number(rows)), ("created", number(created)), ("updated", number(updated))]));
    }
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);
    let search = non_blank(&query.q);
    let (mut found, mut total) = records::list(&state.db, id, search, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        (found, total) = records::list(&state.db, id, search, page).await?;
    }

    let school_year = clusters::current_year(&state.db, &facts.province, i18n::today()).await?;
    let school = schools::get(&state.db, id, &school_year).await?;
    let rows = found
        .into_iter()
        .map(|record| Row {
            position: label(locale, "staff-position", Some(&record.position)),
            qualification: label(locale, "staff-qualification", record.qualification.as_deref()),
            periods: record.periods_per_week.map(|p| locale.decimal(p, 1)).unwrap_or_default(),
            record,
        })
        .collect();
    let q = search.unwrap_or_default().to_owned();
    let base = query_base(&format!("/schools/{id}/staff-records"), &[("q", Some(q.clone()))]);
    let page = ListPage {
        nav: Nav::new(locale, &user, Some(&facts.province), "schools", &uri),
        school,
        q,
        notices,
        summary: locale.t1("staff-count", "count", &locale.int(total)),
        rows,
        pager: Pager::new(page, total, base),
        may_import: user.allows(Action::ImportStaff { school: &facts })
            || user.allows(Action::EditStaff { staff: &school_wide(&facts) }),
    };
    render(&page)
}

/// Opens the record linked to the signed-in account.
pub async fn my_record(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    match records::id_of_user(&state.db, user.id).await? {
        Some(id) => Ok(Redirect::to(&format!("/staff/{id}")).into_response()),
        None => Err(AppError::NotFound),
    }
}
