//! Screens of inter-school teaching recommendations: the department requests a
//! recommendation for a cluster or the whole province, reviews the proposed
//! assignments (edit periods, accept, reject, end), downloads them as .xlsx, and tries
//! what-if changes of class counts and teachers' availability.
//!
//! The department decides (`Action::RecommendTeaching`); a cluster's board reads its
//! cluster's runs (`Action::ViewRecommendations`).

pub(crate) mod review;
mod runs;
pub(crate) mod what_if;

pub(crate) use runs::run_and_save;

use axum::Router;
use axum::routing::{get, post};
use caunoi_core::policy::PersonnelScope;
use caunoi_core::staffing::Subject;
use caunoi_db::clusters;
use caunoi_db::recommendations::{Question, Run, WhatIf};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{FluentArg, Locale};
use crate::state::AppState;

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/p/{province}/recommendations", get(runs::page).post(runs::create))
        .route("/recommendations/{id}", get(review::page))
        .route("/recommendations/{id}/assignments.xlsx", get(review::download))
        .route("/recommendations/{id}/what-if", post(what_if::create))
        .route("/teaching-assignments/{id}/decide", post(review::decide))
}

/// Default and bounds of the maximum distance, in km.
pub(crate) const DEFAULT_MAX_KM: f64 = 15.0;
pub(crate) const MAX_KM: f64 = 300.0;
/// Default extra km per period for teaching in another cluster.
pub(crate) const DEFAULT_PENALTY_KM: f64 = 5.0;

/// The run form as typed, so a rejected form shows it again.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct RunForm {
    /// `province` or a cluster id.
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub subjects: Vec<String>,
    #[serde(default)]
    pub max_distance_km: String,
    #[serde(default)]
    pub same_cluster_only: Option<String>,
    #[serde(default)]
    pub cluster_penalty_km: String,
    /// Present when teachers may teach at schools of another level.
    #[serde(default)]
    pub other_levels: Option<String>,
}

impl RunForm {
    /// Returns the form of a new run: the subjects most often short, 15 km, other clusters at a penalty.
    pub(crate) fn initial() -> RunForm {
        RunForm {
            scope: "province".into(),
            subjects: Subject::OFTEN_SHORT[..2].iter().map(|s| s.key().to_string()).collect(),
            max_distance_km: format_km(DEFAULT_MAX_KM),
            same_cluster_only: None,
            cluster_penalty_km: format_km(DEFAULT_PENALTY_KM),
            other_levels: None,
        }
    }
}

pub(crate) fn format_km(km: f64) -> String {
    if km.fract() == 0.0 { format!("{km:.0}") } else { format!("{km}") }
}

/// A form's messages by field.
pub(crate) type FieldErrors = Vec<(&'static str, String)>;

/// Reads a number of km in `0..=max`, with a comma or a point as decimal mark.
fn parse_km(raw: &str, field: &'static str, default: f64, locale: Locale, errors: &mut FieldErrors) -> f64 {
    let text = raw.trim().replace(',', ".");
    if text.is_empty() {
        return default;
    }
    match text.parse::<f64>() {
        Ok(km) if km.is_finite() && (0.0..=MAX_KM).contains(&km) => km,
        _ => {
            let args = [("value", FluentArg::Text(raw.trim().to_owned())), ("max", FluentArg::Text(format_km(MAX_KM)))];
            errors.push((field, locale.t_args("recommend-error-km", &args)));
            default
        }
    }
}

/// Checks a run form against the province's clusters of `school_year`; returns the
/// question or the messages of every invalid field.
pub(crate) async fn parse_run_form(
    state: &AppState,
    province: &str,
    school_year: &str,
    form: &RunForm,
    locale: Locale,
) -> AppResult<Result<Question, FieldErrors>> {
    let mut errors = FieldErrors::new();
    let cluster_id = match form.scope.trim() {
        "" | "province" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) if clusters::list(&state.db, province, school_year).await?.iter().any(|c| c.id == id) => Some(id),
            _ => {
                errors.push(("scope", locale.t1("recommend-error-scope", "value", raw)));
                None
            }
        },
    };
    let mut subjects = Vec::new();
    for raw in &form.subjects {
        match Subject::from_key(raw.trim()) {
            Some(subject) if !subjects.contains(&subject) => subjects.push(subject),
            Some(_) => {}
            None => errors.push(("subjects", locale.t1("recommend-error-subject", "value", raw.trim()))),
        }
    }
    if subjects.is_empty() && errors.iter().all(|(field, _)| *field != "subjects") {
        errors.push(("subjects", locale.t("recommend-error-no-subject")));
    }
    let max_distance_km = parse_km(&form.max_distance_km, "max_distance_km", DEFAULT_MAX_KM, locale, &mut errors);
    let cluster_penalty_km = parse_km(&form.cluster_penalty_km, "cluster_penalty_km", DEFAULT_PENALTY_KM, locale, &mut errors);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    Ok(Ok(Question {
        province: province.to_owned(),
        school_year: school_year.to_owned(),
        cluster_id,
        subjects,
        max_distance_km,
        same_cluster_only: form.same_cluster_only.is_some(),
        cluster_penalty_km,
        other_levels: form.other_levels.is_some(),
        what_if: WhatIf::default(),
    }))
}

/// Refuses a run to a person who may not read its scope's figures, with the 404 of a
/// missing run.
pub(crate) async fn require_view(state: &AppState, user: &CurrentUser, run: &Run) -> AppResult<()> {
    match run.cluster_id {
        Some(cluster) => {
            let facts = clusters::facts(&state.db, cluster).await?;
            user.require(caunoi_core::policy::Action::ViewRecommendations { scope: PersonnelScope::Cluster(&facts) })
        }
        None => user.require(caunoi_core::policy::Action::ViewRecommendations { scope: PersonnelScope::Province(&run.province_code) }),
    }
}

/// Returns the subject's name in the reader's language.
pub(crate) fn subject_name(locale: Locale, key: &str) -> String {
    match (Subject::from_key(key), locale) {
        (Some(subject), Locale::En) => subject.name_en().to_owned(),
        (Some(subject), _) => subject.name_vi().to_owned(),
        (None, _) => key.to_owned(),
    }
}
