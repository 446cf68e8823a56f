//! What-if: the same question as a run, with changed class counts or teachers taken
//! out, solved and stored as a what-if run that can be read but never accepted.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::org::SchoolLevel;
use caunoi_core::policy::Action;
use caunoi_core::staffing::curriculum::{ClassCountError, check_class_count};
use caunoi_db::recommendations::{self, Question, WhatIf};
use caunoi_db::schools;
use serde::Deserialize;
use tracing::{info, instrument};

use super::require_view;
use super::runs::run_and_save;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::FluentArg;
use crate::pages::schools::parse_id;
use crate::state::AppState;

/// Rows of class changes the form offers.
pub(crate) const CLASS_ROWS: usize = 3;

#[derive(Debug, Default, Deserialize)]
pub struct WhatIfForm {
    #[serde(default)]
    school: Vec<String>,
    #[serde(default)]
    grade: Vec<String>,
    #[serde(default)]
    classes: Vec<String>,
    /// Staff ids taken out of the available periods.
    #[serde(default)]
    unavailable: Vec<String>,
}

/// Solves a run's question again with the changes of the form, as a what-if run.
#[instrument(skip_all, fields(run.id = %raw_id))]
pub async fn create(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>, Form(form): Form<WhatIfForm>) -> AppResult<Response> {
    let run = recommendations::run(&state.db, parse_id(&raw_id)?).await?;
    require_view(&state, &user, &run).await?;
    user.require(Action::RecommendTeaching { province: &run.province_code })?;

    let mut what_if = WhatIf::default();
    for index in 0..form.school.len().min(CLASS_ROWS) {
        let school_raw = form.school[index].trim();
        if school_raw.is_empty() {
            continue;
        }
        let grade_raw = form.grade.get(index).map(|s| s.trim()).unwrap_or_default();
        let classes_raw = form.classes.get(index).map(|s| s.trim()).unwrap_or_default();
        let school = schools::get(&state.db, parse_id(school_raw)?, &run.school_year).await?;
        if school.province_code != run.province_code {
            return Err(AppError::NotFound);
        }
        let level = SchoolLevel::parse(&school.level).unwrap_or(SchoolLevel::Preschool);
        let (Ok(grade), Ok(classes)) = (grade_raw.parse::<i32>(), classes_raw.parse::<i64>()) else {
            return Err(bad_classes(&school.name, grade_raw, classes_raw));
        };
        match check_class_count(level, grade, classes) {
            Ok(()) => what_if.classes.push((school.id, grade, classes)),
            Err(ClassCountError::GradeOutsideLevel { .. } | ClassCountError::OutOfRange { .. }) => {
                return Err(bad_classes(&school.name, grade_raw, classes_raw));
            }
        }
    }
    for raw in &form.unavailable {
        what_if.unavailable.push(parse_id(raw)?);
    }
    if what_if.is_empty() {
        return Err(AppError::bad_request("recommend-error-what-if-empty"));
    }

    let question = Question {
        province: run.province_code.clone(),
        school_year: run.school_year.clone(),
        cluster_id: run.cluster_id,
        subjects: run.subject_list(),
        max_distance_km: run.max_distance_km,
        same_cluster_only: run.same_cluster_only == 1,
        cluster_penalty_km: super::DEFAULT_PENALTY_KM,
        other_levels: run.other_levels == 1,
        what_if,
    };
    let id = run_and_save(&state, &question, user.id).await?;
    info!(run.id = id, base_run.id = run.id, "what-if run saved");
    Ok(Redirect::to(&format!("/recommendations/{id}")).into_response())
}

fn bad_classes(school: &str, grade: &str, classes: &str) -> AppError {
    AppError::BadRequest {
        message_id: "recommend-error-what-if-classes",
        args: vec![
            ("school", FluentArg::Text(school.to_owned())),
            ("grade", FluentArg::Text(grade.to_owned())),
            ("value", FluentArg::Text(classes.to_owned())),
        ],
    }
}
