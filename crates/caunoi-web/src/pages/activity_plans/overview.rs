//! The department's overview: every cluster of the province with its plan's counts
//! for one semester and the share done, in the province's cluster order.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::activity::plan::Semester;
use caunoi_core::policy::Action;
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::plans::{self, StatusCounts};
use caunoi_db::provinces::{self, Province};
use tracing::instrument;

use super::show::{Choice, counts_label, share_label};
use super::{SemesterQuery, choose_semester, percent_label, plan_query};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::pages::province::{YearChoice, choose_year};
use crate::pages::provinces::hosted_code;
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

/// One cluster of the overview, formatted.
struct OverviewRow {
    cluster_id: i64,
    cluster_name: String,
    has_plan: bool,
    planned: String,
    done: String,
    cancelled: String,
    share: String,
}

#[derive(Template)]
#[template(path = "activity_plans/overview.html")]
struct OverviewPage {
    nav: Nav,
    province: Province,
    choice: YearChoice,
    semester: Semester,
    semester_choices: Vec<Choice>,
    notices: Vec<String>,
    rows: Vec<OverviewRow>,
    total_counts: String,
    total_share: String,
    /// `year=…&semester=…` for the links into each cluster's plan.
    query: String,
    /// The viewer is department staff, who read the province's survey results.
    can_view_survey_results: bool,
}

/// Lists every cluster of a province with its plan's counts for one semester.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn page(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<SemesterQuery>,
) -> AppResult<Response> {
    let code = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::ViewProvince { province: &code })?;

    let mut notices = Vec::new();
    let choice = choose_year(&state.db, &code, query.year.as_deref(), locale, &mut notices).await?;
    let year = SchoolYear::parse(&choice.year).ok_or_else(|| AppError::internal("invalid default school year"))?;
    // The year was chosen above; only the semester is left to read from the query.
    let semester_query = SemesterQuery { year: None, semester: query.semester.clone(), copied: None };
    let semester = choose_semester(year, &semester_query, locale, &mut notices);
    let province = provinces::get(&state.db, &code).await?;

    let clusters = plans::overview(&state.db, &code, year, semester).await?;

    let mut total = StatusCounts::default();
    let rows: Vec<OverviewRow> = clusters
        .iter()
        .map(|row| {
            let counts = row.counts();
            total.planned += counts.planned;
            total.done += counts.done;
            total.cancelled += counts.cancelled;
            OverviewRow {
                cluster_id: row.cluster_id,
                cluster_name: row.cluster_name.clone(),
                has_plan: row.plan_id.is_some(),
                planned: locale.int(counts.planned),
                done: locale.int(counts.done),
                cancelled: locale.int(counts.cancelled),
                share: counts.done_percent().map(|percent| percent_label(locale, percent)).unwrap_or_default(),
            }
        })
        .collect();
    let page = OverviewPage {
        nav: Nav::new(locale, &user, Some(&code), "clusters", &uri),
        semester_choices: Semester::ALL
            .into_iter()
            .map(|choice| Choice {
                value: choice.number().to_string(),
                label: locale.t1("plan-semester-option", "semester", choice.roman()),
                selected: choice == semester,
            })
            .collect(),
        total_counts: counts_label(locale, total),
        total_share: share_label(locale, total),
        query: plan_query(year, semester),
        can_view_survey_results: user.allows(caunoi_core::policy::Action::ViewSurveyAggregates { province: &code, cluster: None }),
        province,
        choice,
        semester,
        notices,
        rows,
    };
    render(&page)
}
