//! The organiser's pages of an activity, registrations and attendance, and the
//! check-in page where attendees type the code shown at the session.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::activity::checkin;
use caunoi_core::activity::registration::RegistrationStatus;
use caunoi_core::policy::{self, Action};
use caunoi_db::activities::attendance::{self, Attendee};
use caunoi_db::activities::registrations::{self, Registration};
use caunoi_db::activities::{self, Activity};
use caunoi_db::{now_ms, users};
use serde::Deserialize;
use tracing::instrument;

use super::show::{CodeForm, check_in_message, register_error_message};
use super::{credit_label, load_managed, own_school};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, Locale};
use crate::pages::render;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::Nav;

/// A registration as the organiser's list shows it.
struct RegistrationRow {
    registration: Registration,
    queued: String,
}

#[derive(Template)]
#[template(path = "activities/registrations.html")]
struct RegistrationsPage {
    nav: Nav,
    activity: Activity,
    registered: Vec<RegistrationRow>,
    waiting: Vec<RegistrationRow>,
    error: Option<String>,
}

async fn render_registrations(state: &AppState, nav: Nav, activity: Activity, error: Option<String>) -> AppResult<Response> {
    let all = registrations::list(&state.db, activity.id).await?;
    let (registered, waiting): (Vec<_>, Vec<_>) = all
        .into_iter()
        .map(|registration| RegistrationRow { queued: i18n::datetime(registration.queued_at), registration })
        .partition(|row| row.registration.status() == RegistrationStatus::Registered);
    let code = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = RegistrationsPage { nav, activity, registered, waiting, error };
    Ok((code, render(&page)?).into_response())
}

/// Lists the registered people by name and the waiting list in order.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn registrations(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (_, activity) = load_managed(&state.db, &user, &raw_id).await?;
    let nav = Nav::new(locale, &user, Some(&activity.province_code), "activities", &uri);
    render_registrations(&state, nav, activity, None).await
}

/// Removes a registration; the person is notified and the waiting list moves up.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn remove(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path((raw_id, raw_registration)): Path<(String, String)>) -> AppResult<Response> {
    let (_, activity) = load_managed(&state.db, &user, &raw_id).await?;
    let registration = parse_id(&raw_registration)?;
    match registrations::remove(&state.db, activity.id, registration).await {
        Ok(_) => Ok(Redirect::to(&format!("/activities/{}/registrations", activity.id)).into_response()),
        Err(error) => {
            let message = register_error_message(locale, error)?;
            let nav = Nav::new(locale, &user, Some(&activity.province_code), "activities", &uri);
            render_registrations(&state, nav, activity, Some(message)).await
        }
    }
}

/// One line of the attendance sheet.
struct AttendanceRow {
    user_id: i64,
    full_name: String,
    school: String,
    present: bool,
    /// The translated method that recorded the presence.
    method: String,
    walk_in: bool,
}

#[derive(Template)]
#[template(path = "activities/attendance.html")]
struct AttendancePage {
    nav: Nav,
    activity: Activity,
    rows: Vec<AttendanceRow>,
    /// How many are present and the credit each gets.
    summary: String,
    /// The check-in code in two groups of three, to read aloud and project.
    code: String,
    window: String,
    walk_in: String,
    error: Option<String>,
}

async fn render_attendance(state: &AppState, nav: Nav, activity: Activity, walk_in: String, error: Option<String>) -> AppResult<Response> {
    let locale = nav.locale;
    let registered = registrations::list(&state.db, activity.id).await?;
    let attendees = attendance::list(&state.db, activity.id).await?;
    let find = |id: i64| -> Option<&Attendee> { attendees.iter().find(|a| a.user_id == id) };
    let mut rows: Vec<AttendanceRow> = registered
        .iter()
        .filter(|r| r.status() == RegistrationStatus::Registered)
        .map(|r| AttendanceRow {
            user_id: r.user_id,
            full_name: r.full_name.clone(),
            school: r.school_name.clone().unwrap_or_default(),
            present: find(r.user_id).is_some(),
            method: find(r.user_id).map(|a| locale.tp("act-method", &a.method)).unwrap_or_default(),
            walk_in: false,
        })
        .collect();
    let seated: Vec<i64> = rows.iter().map(|row| row.user_id).collect();
    for attendee in attendees.iter().filter(|a| !seated.contains(&a.user_id)) {
        rows.push(AttendanceRow {
            user_id: attendee.user_id,
            full_name: attendee.full_name.clone(),
            school: String::new(),
            present: true,
            method: locale.tp("act-method", &attendee.method),
            walk_in: true,
        });
    }
    let code = format!("{} {}", &activity.checkin_code[..3.min(activity.checkin_code.len())], &activity.checkin_code[3.min(activity.checkin_code.len())..]);
    let window = locale.t_args(
        "act-checkin-window-times",
        &[
            ("from", i18n::FluentArg::Text(i18n::datetime(activity.starts_at - checkin::OPENS_BEFORE_MS))),
            ("to", i18n::FluentArg::Text(i18n::datetime(activity.ends_at + checkin::CLOSES_AFTER_MS))),
        ],
    );
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = AttendancePage {
        summary: locale.t_args(
            "act-attendance-summary",
            &[
                ("present", i18n::FluentArg::Number(attendees.len() as i64)),
                ("credit", i18n::FluentArg::Text(credit_label(locale, activity.credit_minutes))),
            ],
        ),
        rows,
        code,
        window,
        walk_in,
        error,
        activity,
        nav,
    };
    Ok((status, render(&page)?).into_response())
}

/// Shows the attendance sheet and the check-in code, large for projecting.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn attendance(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (_, activity) = load_managed(&state.db, &user, &raw_id).await?;
    let nav = Nav::new(locale, &user, Some(&activity.province_code), "activities", &uri);
    render_attendance(&state, nav, activity, String::new(), None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MarkForm {
    /// Ids of every person listed on the sheet.
    pub shown: Vec<String>,
    /// Ids of those ticked present.
    pub present: Vec<String>,
    /// The user name of a walk-in to mark present.
    pub walk_in: String,
}

/// Saves the sheet: ticked people present, the others listed absent, and a walk-in
/// from the activity's audience present.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn mark(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Form(form): Form<MarkForm>) -> AppResult<Response> {
    let (_, activity) = load_managed(&state.db, &user, &raw_id).await?;
    let nav = Nav::new(locale, &user, Some(&activity.province_code), "activities", &uri);
    if activity.status() != caunoi_core::activity::ActivityStatus::Published {
        return render_attendance(&state, nav, activity, form.walk_in, Some(locale.t("act-checkin-not-open"))).await;
    }
    let registered = registrations::list(&state.db, activity.id).await?;
    let attendees = attendance::list(&state.db, activity.id).await?;
    let known = |id: i64| registered.iter().any(|r| r.user_id == id) || attendees.iter().any(|a| a.user_id == id);
    let mut present = Vec::new();
    let mut shown = Vec::new();
    for (list, target) in [(&form.present, &mut present), (&form.shown, &mut shown)] {
        for raw in list.iter().map(|raw| raw.trim()).filter(|raw| !raw.is_empty()) {
            match raw.parse::<i64>().ok().filter(|id| known(*id)) {
                Some(id) => target.push(id),
                None => {
                    let message = locale.t1("act-error-attendee", "value", raw);
                    return render_attendance(&state, nav, activity, form.walk_in, Some(message)).await;
                }
            }
        }
    }
    let walk_in = form.walk_in.trim();
    if !walk_in.is_empty() {
        match walk_in_id(&state, activity.id, walk_in).await? {
            Some(id) => present.push(id),
            None => {
                let message = locale.t1("act-error-walk-in", "value", walk_in);
                return render_attendance(&state, nav, activity, form.walk_in.clone(), Some(message)).await;
            }
        }
    }
    let absent: Vec<i64> = shown.into_iter().filter(|id| !present.contains(id)).collect();
    attendance::mark(&state.db, activity.id, &present, &absent, user.id).await?;
    Ok(Redirect::to(&format!("/activities/{}/attendance", activity.id)).into_response())
}

/// Finds a walk-in by user name, when the activity's audience or openness reaches them.
async fn walk_in_id(state: &AppState, activity_id: i64, username: &str) -> AppResult<Option<i64>> {
    let id = match users::id_by_username(&state.db, username).await {
        Ok(id) => id,
        Err(caunoi_db::DbError::NotFound) => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    let actor = match users::actor(&state.db, id).await {
        Ok(actor) => actor,
        Err(caunoi_db::DbError::NotFound) => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    let facts = activities::facts(&state.db, activity_id, id).await?;
    let reached = facts.actor_registered || policy::allows(&actor, Action::RegisterForActivity { activity: &facts });
    Ok(reached.then_some(id))
}

#[derive(Template)]
#[template(path = "activities/checkin.html")]
struct CheckinPage {
    nav: Nav,
    code: String,
    error: Option<String>,
}

/// Shows the check-in form: one field for the code, readable on a phone.
#[instrument(skip_all)]
pub async fn checkin_form(locale: Locale, user: CurrentUser, uri: Uri) -> AppResult<Response> {
    let nav = Nav::new(locale, &user, None, "activities", &uri);
    render(&CheckinPage { nav, code: String::new(), error: None })
}

/// Checks the viewer in to the activity whose code they typed. Only activities whose
/// check-in window is open now are compared, each in constant time, and only those
/// the viewer is registered for or may join count.
#[instrument(skip_all)]
pub async fn checkin_submit(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Form(form): Form<CodeForm>) -> AppResult<Response> {
    // Every open session's code is tried, so wrong codes are throttled per person.
    let now = now_ms();
    let mut outcome = Err(locale.t1("act-checkin-wrong", "value", form.code.trim()));
    if checkin::normalize(&form.code).is_empty() {
        outcome = Err(locale.t("act-checkin-missing"));
    } else if let Err(error) = attendance::throttle(&state.db, user.id, now).await {
        outcome = Err(check_in_message(locale, error, &form.code)?);
    }
    let matchable = outcome.as_ref().is_err_and(|message| *message == locale.t1("act-checkin-wrong", "value", form.code.trim()));
    let mut matched = false;
    for (id, code) in attendance::open_codes(&state.db, now).await? {
        if !matchable || outcome.is_ok() || !checkin::matches(&form.code, &code) {
            continue;
        }
        let facts = activities::facts(&state.db, id, user.id).await?;
        if !facts.actor_registered && !user.allows(Action::RegisterForActivity { activity: &facts }) {
            continue;
        }
        matched = true;
        outcome = match attendance::check_in(&state.db, id, user.id, own_school(&user), &form.code, now).await {
            Ok(_) => Ok(id),
            Err(error) => Err(check_in_message(locale, error, &form.code)?),
        };
        if outcome.is_err() {
            break;
        }
    }
    if matchable && !matched {
        match early_match(&state, &user, &form.code, now).await? {
            Some(opens_at) => outcome = Err(locale.t1("act-checkin-early", "time", &i18n::datetime(opens_at))),
            None => attendance::record_failure(&state.db, user.id, now).await?,
        }
    }
    match outcome {
        Ok(id) => Ok(Redirect::to(&format!("/activities/{id}?done=checked_in")).into_response()),
        Err(message) => {
            tracing::info!(user.id = user.id, "check-in code rejected");
            let nav = Nav::new(locale, &user, None, "activities", &uri);
            let page = CheckinPage { nav, code: form.code, error: Some(message) };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

/// Returns when check-in opens for an activity the user may join whose code was typed
/// before its window. A right code is not a guess, so it is not counted as a failure.
async fn early_match(state: &AppState, user: &CurrentUser, typed: &str, now: i64) -> AppResult<Option<i64>> {
    for (id, code, starts_at) in attendance::upcoming_codes(&state.db, now).await? {
        if !checkin::matches(typed, &code) {
            continue;
        }
        let facts = activities::facts(&state.db, id, user.id).await?;
        if facts.actor_registered || user.allows(Action::RegisterForActivity { activity: &facts }) {
            return Ok(Some(starts_at - checkin::OPENS_BEFORE_MS));
        }
    }
    Ok(None)
}

/// Downloads the registrations as .xlsx: those with a seat, then the waiting list in order.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn registrations_xlsx(State(state): State<AppState>, locale: Locale, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    use caunoi_db::activities::record::{Cell, Sheet};
    let (_, activity) = load_managed(&state.db, &user, &raw_id).await?;
    let rows = registrations::list(&state.db, activity.id)
        .await?
        .into_iter()
        .enumerate()
        .map(|(index, r)| {
            vec![
                Cell::Count(index as i64 + 1),
                Cell::Text(r.full_name.clone()),
                Cell::Text(r.school_name.clone().unwrap_or_default()),
                Cell::Text(locale.tp("act-export-status", &r.status)),
                Cell::Text(r.nominated_by_name.clone().unwrap_or_default()),
                Cell::Text(i18n::datetime(r.queued_at)),
            ]
        })
        .collect();
    let sheet = Sheet {
        name: locale.t("act-registrations-title"),
        heading: format!("{} · {}", activity.title, i18n::datetime(activity.starts_at)),
        headers: ["act-col-number", "act-col-name", "act-col-school", "act-col-status", "act-col-nominated-by", "act-col-queued"]
            .into_iter()
            .map(|id| locale.t(id))
            .collect(),
        rows,
    };
    crate::pages::development::xlsx_response(sheet, format!("dang-ky-{}.xlsx", activity.id)).await
}
