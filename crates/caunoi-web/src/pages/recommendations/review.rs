//! One run: its totals, its assignments with the department's decisions, the .xlsx
//! download, and the what-if form.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::policy::Action;
use caunoi_db::recommendations::{self, Assignment, Decision, ExportLabels, Refusal, Run};
use serde::Deserialize;
use tracing::{info, instrument};

use super::runs::km_label;
use super::what_if::{TypedClassChange, check_changes};
use super::{require_view, subject_name};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::render;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::Nav;

pub(crate) struct AssignmentRow {
    pub id: i64,
    pub teacher: String,
    pub from_school: String,
    pub to_school: String,
    pub subject: String,
    pub periods: i64,
    pub spare: i64,
    pub distance: String,
    pub status: String,
    pub status_label: String,
}

#[derive(Template)]
#[template(path = "recommendations/run.html")]
struct RunPage {
    nav: Nav,
    run: Run,
    scope: String,
    subjects: String,
    created: String,
    covered: String,
    shortage: String,
    distance: String,
    max_distance: String,
    solve: String,
    what_if_summary: Option<String>,
    rows: Vec<AssignmentRow>,
    can_decide: bool,
    notice: Option<String>,
    /// The message of rejected what-if changes, shown above the what-if form.
    what_if_error: Option<String>,
    /// Schools of the run's scope, for the what-if form: (id, name).
    schools: Vec<(i64, String)>,
    /// Teachers of the assignments, once each, for the what-if form: (staff id, label).
    teachers: Vec<(i64, String)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RunQuery {
    /// A refusal to show: `over`, `periods`, `status`, `what-if`, with its values.
    #[serde(default)]
    refused: Option<String>,
    #[serde(default)]
    value: Option<String>,
    /// The assignment refused, whose teacher the message names.
    #[serde(default)]
    assignment: Option<i64>,
    /// The largest periods allowed, for `periods`.
    #[serde(default)]
    max: Option<i64>,
    /// For `over`: periods accepted since the run, and the spare periods of the run.
    #[serde(default)]
    taken: Option<i64>,
    #[serde(default)]
    spare: Option<i64>,
    /// Set when what-if changes were rejected, with the typed changes: school ids,
    /// grades and class counts, each list joined by `|`.
    #[serde(default)]
    what_if_rejected: Option<u8>,
    #[serde(default)]
    schools: Option<String>,
    #[serde(default)]
    grades: Option<String>,
    #[serde(default)]
    classes: Option<String>,
}

fn status_label(locale: Locale, status: &str) -> String {
    locale.tp("recommend-status", status)
}

/// Builds the message of a refused decision from the run page's address.
fn notice(locale: Locale, query: &RunQuery, assignments: &[Assignment]) -> Option<String> {
    let id = match query.refused.as_deref()? {
        "over" => "recommend-refused-over",
        "periods" => "recommend-refused-periods",
        "status" => "recommend-refused-status",
        "what-if" => "recommend-refused-what-if",
        _ => return None,
    };
    let assignment = query.assignment.and_then(|id| assignments.iter().find(|a| a.id == id));
    // The allowed range comes from the assignment, not from the address.
    let max = assignment.map(|a| a.teacher_spare).or(query.max);
    let numbers = [("max", max), ("taken", query.taken), ("spare", query.spare)].map(|(name, value)| (name, value.unwrap_or(0)));
    Some(refused_text(locale, id, assignment, query.value.as_deref().unwrap_or_default(), &numbers))
}

/// Builds the message of a refused decision, naming the assignment's teacher and
/// schools; `numbers` gives `max`, `taken` and `spare` where the message uses them.
pub(crate) fn refused_text(locale: Locale, message_id: &str, assignment: Option<&Assignment>, value: &str, numbers: &[(&'static str, i64)]) -> String {
    let teacher = match assignment {
        Some(a) => format!("{} ({} → {})", a.staff_name, a.from_school, a.to_school),
        None => locale.t("recommend-refused-this-assignment"),
    };
    let mut args = vec![
        ("value", FluentArg::Text(value.to_owned())),
        ("teacher", FluentArg::Text(teacher)),
        ("periods", FluentArg::Number(assignment.map(|a| a.periods_per_week).unwrap_or(0))),
    ];
    let number = |name: &str| numbers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v).unwrap_or(0);
    for name in ["max", "taken", "spare"] {
        args.push((name, FluentArg::Number(number(name))));
    }
    args.push(("left", FluentArg::Number((number("spare") - number("taken")).max(0))));
    locale.t_args(message_id, &args)
}

async fn load_run(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<Run> {
    let id = parse_id(raw_id)?;
    let run = recommendations::run(&state.db, id).await?;
    require_view(state, user, &run).await?;
    Ok(run)
}

/// Shows a run with its assignments; the department also gets the decision forms.
#[instrument(skip_all, fields(run.id = %raw_id))]
pub async fn page(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<RunQuery>,
) -> AppResult<Response> {
    let run = load_run(&state, &user, &raw_id).await?;
    let assignments = recommendations::assignments_of_run(&state.db, run.id).await?;
    let rows = assignments.iter().map(|a| row(locale, a)).collect();
    let mut teachers: Vec<(i64, String)> = Vec::new();
    for a in &assignments {
        if !teachers.iter().any(|(id, _)| *id == a.staff_id) {
            teachers.push((a.staff_id, format!("{} ({})", a.staff_name, a.from_school)));
        }
    }
    let schools = scope_schools(&state, &run).await?;
    let what_if_error = match query.what_if_rejected {
        Some(_) => {
            let list = |text: &Option<String>| text.as_deref().unwrap_or_default().split('|').map(str::to_owned).collect::<Vec<_>>();
            let changes: Vec<TypedClassChange> = list(&query.schools)
                .iter()
                .zip(list(&query.grades))
                .zip(list(&query.classes))
                .filter_map(|((school, grade), classes)| Some(TypedClassChange { school: school.parse().ok()?, grade, classes }))
                .collect();
            check_changes(&state, &run.province_code, &run.school_year, locale, &changes, Vec::new()).await?.err()
        }
        None => None,
    };
    let page = RunPage {
        nav: Nav::new(locale, &user, Some(&run.province_code), "personnel", &uri),
        scope: run.cluster_name.clone().unwrap_or_else(|| locale.t("recommend-scope-province")),
        subjects: run.subject_list().iter().map(|s| subject_name(locale, s.key())).collect::<Vec<_>>().join(", "),
        created: i18n::datetime(run.created_at),
        covered: locale.int(run.covered_periods),
        shortage: locale.int(run.shortage_periods),
        distance: km_label(locale, run.total_distance_km),
        max_distance: km_label(locale, run.max_distance_km),
        solve: locale.int(run.solve_ms),
        what_if_summary: run.what_if.as_deref().map(|json| what_if_summary(locale, json)),
        can_decide: user.allows(Action::RecommendTeaching { province: &run.province_code }) && !run.is_what_if(),
        notice: notice(locale, &query, &assignments),
        what_if_error,
        rows,
        schools,
        teachers,
        run,
    };
    render(&page)
}

fn row(locale: Locale, a: &Assignment) -> AssignmentRow {
    AssignmentRow {
        id: a.id,
        teacher: a.staff_name.clone(),
        from_school: a.from_school.clone(),
        to_school: a.to_school.clone(),
        subject: subject_name(locale, &a.subject),
        periods: a.periods_per_week,
        spare: a.teacher_spare,
        distance: km_label(locale, a.distance_km),
        status: a.status.clone(),
        status_label: status_label(locale, &a.status),
    }
}

fn what_if_summary(locale: Locale, json: &str) -> String {
    let what_if: recommendations::WhatIf = serde_json::from_str(json).unwrap_or_default();
    locale.t_args(
        "recommend-what-if-summary",
        &[
            ("classes", FluentArg::Number(what_if.classes.len() as i64)),
            ("unavailable", FluentArg::Number(what_if.unavailable.len() as i64)),
        ],
    )
}

/// Lists the schools a run covers, by name, for the what-if form.
async fn scope_schools(state: &AppState, run: &Run) -> AppResult<Vec<(i64, String)>> {
    let figures = caunoi_db::staffing::figures::province_inputs(&state.db, &run.province_code, &run.school_year).await?;
    let mut schools: Vec<(i64, String)> =
        figures.1.into_iter().filter(|place| run.cluster_id.is_none() || place.cluster_id == run.cluster_id).map(|place| (place.id, place.name)).collect();
    schools.sort_by(|a, b| caunoi_core::text::collate::sort_key(&a.1).cmp(&caunoi_core::text::collate::sort_key(&b.1)));
    Ok(schools)
}

#[derive(Debug, Default, Deserialize)]
pub struct DecideForm {
    /// `accept`, `reject`, `end` or `edit`.
    #[serde(default)]
    action: String,
    #[serde(default)]
    periods: String,
}

/// Applies the department's decision on one assignment, then returns to its run.
#[instrument(skip_all, fields(assignment.id = %raw_id))]
pub async fn decide(State(state): State<AppState>, locale: Locale, user: CurrentUser, Path(raw_id): Path<String>, Form(form): Form<DecideForm>) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let assignment = recommendations::assignment(&state.db, id).await?;
    let run_id = assignment.run_id.ok_or(AppError::NotFound)?;
    let run = recommendations::run(&state.db, run_id).await?;
    require_view(&state, &user, &run).await?;
    user.require(Action::RecommendTeaching { province: &run.province_code })?;
    let typed = form.periods.trim();
    let refuse = |reason: &str, value: &str, extra: &[(&str, i64)]| refused(run_id, id, reason, value, extra);
    let decision = match form.action.as_str() {
        "accept" => Decision::Accept,
        "reject" => Decision::Reject,
        "end" => Decision::End,
        "edit" => match typed.parse::<i64>() {
            Ok(periods) => Decision::Edit { periods_per_week: periods },
            Err(_) => return Ok(refuse("periods", typed, &[("max", assignment.teacher_spare)])),
        },
        other => return Err(AppError::bad_value("recommend-error-action", other)),
    };
    // The periods box sits beside the accept button, so periods typed there are saved
    // before the assignment is accepted.
    if matches!(decision, Decision::Accept) && !typed.is_empty() && typed != assignment.periods_per_week.to_string() {
        let Ok(periods) = typed.parse::<i64>() else {
            return Ok(refuse("periods", typed, &[("max", assignment.teacher_spare)]));
        };
        let edit = Decision::Edit { periods_per_week: periods };
        if let Err(refusal) = recommendations::decide(&state.db, &run.province_code, id, &edit, user.id).await? {
            return Ok(refusal_response(locale, run_id, id, typed, refusal));
        }
    }
    match recommendations::decide(&state.db, &run.province_code, id, &decision, user.id).await? {
        Ok(()) => {
            info!(assignment.id = id, run.id = run_id, "teaching assignment decided");
            Ok(Redirect::to(&format!("/recommendations/{run_id}#assignment-{id}")).into_response())
        }
        Err(refusal) => Ok(refusal_response(locale, run_id, id, typed, refusal)),
    }
}

/// Sends the department back to the run with the reason a decision was refused.
fn refusal_response(locale: Locale, run_id: i64, id: i64, typed: &str, refusal: Refusal) -> Response {
    info!(assignment.id = id, run.id = run_id, refusal = ?refusal, "teaching assignment decision rejected");
    match refusal {
        Refusal::OverQuota { spare, taken } => refused(run_id, id, "over", "", &[("taken", taken), ("spare", spare)]),
        Refusal::Periods { max } => refused(run_id, id, "periods", typed, &[("max", max)]),
        Refusal::WrongStatus { status } => refused(run_id, id, "status", &status_label(locale, &status), &[]),
        Refusal::WhatIf => refused(run_id, id, "what-if", "", &[]),
    }
}

fn refused(run_id: i64, id: i64, reason: &str, value: &str, extra: &[(&str, i64)]) -> Response {
    let mut url = format!("/recommendations/{run_id}?refused={reason}&assignment={id}&value={}", crate::error::urlencode(value));
    for (name, number) in extra {
        url.push_str(&format!("&{name}={number}"));
    }
    Redirect::to(&format!("{url}#assignment-{id}")).into_response()
}

/// Downloads a run's assignments as .xlsx, with Vietnamese or English headers.
#[instrument(skip_all, fields(run.id = %raw_id))]
pub async fn download(State(state): State<AppState>, locale: Locale, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let run = load_run(&state, &user, &raw_id).await?;
    let assignments = recommendations::assignments_of_run(&state.db, run.id).await?;
    let subject = |key: &str| subject_name(locale, key);
    let status = |key: &str| status_label(locale, key);
    let scope = run.cluster_name.clone().unwrap_or_else(|| locale.t("recommend-scope-province"));
    let subjects = run.subject_list().iter().map(|s| subject_name(locale, s.key())).collect::<Vec<_>>().join(", ");
    let text = |id: &str, args: &[(&str, &str)]| {
        let args: Vec<(&str, FluentArg)> = args.iter().map(|(name, value)| (*name, FluentArg::Text((*value).to_owned()))).collect();
        locale.t_args(id, &args)
    };
    let mut title = vec![
        text("recommend-xlsx-title", &[("scope", &scope), ("year", &run.school_year)]),
        text("recommend-xlsx-question", &[("subjects", &subjects), ("km", &km_label(locale, run.max_distance_km))]),
        text("recommend-xlsx-dates", &[("created", &i18n::datetime(run.created_at)), ("downloaded", &i18n::datetime(caunoi_db::now_ms()))]),
    ];
    if run.is_what_if() {
        title.push(locale.t("recommend-xlsx-what-if"));
    }
    let labels = ExportLabels {
        sheet: locale.t("recommend-xlsx-sheet"),
        title,
        headers: [
            "recommend-col-teacher",
            "recommend-col-from",
            "recommend-col-to",
            "recommend-col-subject",
            "recommend-col-periods",
            "recommend-col-distance",
            "recommend-col-status",
            "recommend-col-note",
        ]
        .map(|id| locale.t(id)),
        subject: &subject,
        status: &status,
    };
    let bytes = recommendations::assignments_xlsx(&assignments, &labels)?;
    let name = format!("phan-cong-lien-truong-{}.xlsx", run.id);
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}
