//! What-if: the same question as a run, with changed class counts or teachers taken
//! out, solved and stored as a what-if run that can be read but never accepted.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::org::SchoolLevel;
use caunoi_core::policy::Action;
use caunoi_core::staffing::curriculum::check_class_count;
use caunoi_db::recommendations::{self, Question, WhatIf};
use caunoi_db::schools;
use serde::Deserialize;
use tracing::{info, instrument};

use super::require_view;
use super::runs::run_and_save;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{FluentArg, Locale};
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
pub async fn create(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Form(form): Form<WhatIfForm>,
) -> AppResult<Response> {
    let run = recommendations::run(&state.db, parse_id(&raw_id)?).await?;
    require_view(&state, &user, &run).await?;
    user.require(Action::RecommendTeaching { province: &run.province_code })?;

    let mut changes = Vec::new();
    for index in 0..form.school.len().min(CLASS_ROWS) {
        let school_raw = form.school[index].trim();
        if school_raw.is_empty() {
            continue;
        }
        let grade_raw = form.grade.get(index).map(|s| s.trim()).unwrap_or_default();
        let classes_raw = form.classes.get(index).map(|s| s.trim()).unwrap_or_default();
        changes.push(TypedClassChange { school: parse_id(school_raw)?, grade: grade_raw.to_owned(), classes: classes_raw.to_owned() });
    }
    let unavailable = form.unavailable.iter().map(|raw| parse_id(raw)).collect::<AppResult<Vec<i64>>>()?;
    let what_if = match check_changes(&state, &run.province_code, &run.school_year, locale, &changes, unavailable).await? {
        Ok(what_if) => what_if,
        Err(_) => {
            // The run page checks the typed values again to show the message, so the
            // address carries values rather than text a link could forge.
            info!(run.id = run.id, "what-if changes rejected");
            let joined = |part: &dyn Fn(&TypedClassChange) -> String| {
                crate::error::urlencode(&changes.iter().map(part).collect::<Vec<_>>().join("|"))
            };
            let url = format!(
                "/recommendations/{}?what_if_rejected=1&schools={}&grades={}&classes={}#what-if",
                run.id,
                joined(&|change| change.school.to_string()),
                joined(&|change| change.grade.clone()),
                joined(&|change| change.classes.clone()),
            );
            return Ok(Redirect::to(&url).into_response());
        }
    };

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

/// One class-count change as typed: the school, and the grade and count as text.
pub(crate) struct TypedClassChange {
    pub school: i64,
    pub grade: String,
    pub classes: String,
}

/// Checks what-if changes against a province: each school and each absent teacher
/// must be in it, and each count fit the school's grades. Returns the changes, or the message of the
/// first wrong one.
pub(crate) async fn check_changes(
    state: &AppState,
    province: &str,
    school_year: &str,
    locale: Locale,
    changes: &[TypedClassChange],
    unavailable: Vec<i64>,
) -> AppResult<Result<WhatIf, String>> {
    for staff in &unavailable {
        if !caunoi_db::staffing::figures::staff_in_province(&state.db, *staff, province).await? {
            return Ok(Err(locale.t1("recommend-error-what-if-staff", "value", &staff.to_string())));
        }
    }
    let mut what_if = WhatIf { unavailable, ..WhatIf::default() };
    for change in changes {
        let school = match schools::get(&state.db, change.school, school_year).await {
            Ok(school) if school.province_code == province => school,
            Ok(_) | Err(caunoi_db::DbError::NotFound) => {
                return Ok(Err(locale.t1("recommend-error-what-if-school", "value", &change.school.to_string())));
            }
            Err(error) => return Err(error.into()),
        };
        let level = SchoolLevel::parse(&school.level).unwrap_or(SchoolLevel::Preschool);
        let parsed = change.grade.parse::<i32>().ok().zip(change.classes.parse::<i64>().ok());
        let checked = parsed.filter(|(grade, classes)| check_class_count(level, *grade, *classes).is_ok());
        match checked {
            Some((grade, classes)) => what_if.classes.push((school.id, grade, classes)),
            None => {
                let args = [
                    ("school", FluentArg::Text(school.name.clone())),
                    ("grade", FluentArg::Text(change.grade.clone())),
                    ("value", FluentArg::Text(change.classes.clone())),
                ];
                return Ok(Err(locale.t_args("recommend-error-what-if-classes", &args)));
            }
        }
    }
    if what_if.is_empty() {
        return Ok(Err(locale.t("recommend-error-what-if-empty")));
    }
    Ok(Ok(what_if))
}
