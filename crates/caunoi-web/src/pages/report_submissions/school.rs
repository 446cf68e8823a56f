//! A school's list of report requests, with its standing on each.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::policy::Action;
use caunoi_core::report::Completeness;
use caunoi_db::now_ms;
use caunoi_db::reports::submissions;
use caunoi_db::schools;
use tracing::instrument;

use super::parse_id;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, Locale};
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

struct Row {
    link: String,
    title: String,
    period: String,
    deadline: String,
    standing: String,
    standing_code: &'static str,
    /// "Đã đóng" or "Chưa mở", when the school cannot send now.
    state: Option<String>,
}

#[derive(Template)]
#[template(path = "report_submissions/school.html")]
struct ListPage {
    nav: Nav,
    school_name: String,
    rows: Vec<Row>,
}

/// Lists the report requests a school received, for its leaders and the department.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn list(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let school_id = parse_id(&raw_id)?;
    let facts = schools::facts(&state.db, school_id).await?;
    user.require(Action::ViewSchoolInbox { school: &facts })?;

    let school_name = submissions::school_name(&state.db, school_id).await?;
    let now = now_ms();
    let rows = submissions::for_school(&state.db, school_id)
        .await?
        .into_iter()
        .map(|report| {
            let standing = report.completeness();
            let state = if report.request_status != "published" {
                Some(locale.t("rsub-closed"))
            } else if now < report.opens_at {
                Some(locale.t("rsub-not-opened"))
            } else {
                None
            };
            Row {
                link: format!("/reports/{}/schools/{school_id}", report.request_id),
                title: report.title,
                period: report.period_label,
                deadline: i18n::datetime(report.deadline_at),
                standing: locale.tp("rsub-standing", standing.as_str()),
                standing_code: Completeness::as_str(standing),
                state,
            }
        })
        .collect();
    let view = ListPage { nav: Nav::new(locale, &user, Some(&facts.province), "reports", &uri), school_name, rows };
    render(&view)
}
