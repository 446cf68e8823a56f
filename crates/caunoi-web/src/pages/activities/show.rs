//! An activity's page: what, when, where or the join link, seats left and the viewer's
//! place, with the steps they may take (register, leave, nominate teachers, check in,
//! and the organiser's publish and cancel). A rejected step shows the page again with
//! its message and what was typed.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::activity::registration::{RegistrationRefusal, RegistrationStatus};
use caunoi_core::activity::{ActivityStatus, Openness};
use caunoi_core::org::Role;
use caunoi_core::policy::{Action, ActivityFacts};
use caunoi_db::activities::attendance::{self, CheckIn, CheckInError};
use caunoi_db::activities::registrations::{self, NewRegistration, RegisterError};
use caunoi_db::activities::{self, Activity};
use caunoi_db::{clusters, now_ms, schools};
use serde::Deserialize;
use tracing::instrument;

use super::input::meeting_service;
use super::{credit_label, kind_label, load_managed, load_visible, organiser_name, own_school, school_name};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

/// A teacher a leader may nominate.
pub(crate) struct Nominee {
    pub user_id: i64,
    pub full_name: String,
    pub checked: bool,
}

/// The nomination form of one school the viewer leads.
pub(crate) struct NominationForm {
    pub school_id: i64,
    pub school_name: String,
    pub teachers: Vec<Nominee>,
}

/// The values typed into the page's forms, and the message of a rejected step.
#[derive(Debug, Default)]
pub(crate) struct Typed {
    pub reason: String,
    pub code: String,
    pub nominated: Vec<i64>,
    /// The step rejected ('register', 'nominate', 'checkin', 'cancel', 'publish') and its message.
    pub error: Option<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "activities/show.html")]
struct DetailPage {
    nav: Nav,
    activity: Activity,
    kind: String,
    status: String,
    organiser: String,
    starts: String,
    ends: String,
    deadline: Option<String>,
    place_school: Option<String>,
    meeting_label: String,
    subjects: String,
    levels: String,
    grades: String,
    credit: String,
    /// Seats left; `None` without a capacity.
    seats_left: Option<i64>,
    /// Seats left out of the capacity, as a sentence.
    seats: String,
    is_over: bool,
    my_status: Option<String>,
    waiting_position: Option<i64>,
    checked_in: bool,
    can_manage: bool,
    can_register: bool,
    can_leave: bool,
    can_check_in: bool,
    registration_closed: Option<String>,
    nominations: Vec<NominationForm>,
    notice: Option<String>,
    typed: Typed,
}

impl DetailPage {
    fn error(&self, step: &str) -> Option<&str> {
        self.typed.error.as_ref().filter(|(name, _)| *name == step).map(|(_, message)| message.as_str())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DetailQuery {
    /// The step just done, for its confirmation.
    pub done: Option<String>,
}

/// Shows an activity to everyone the policy lets see it.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn detail(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Query(query): Query<DetailQuery>) -> AppResult<Response> {
    let (facts, activity) = load_visible(&state.db, &user, &raw_id).await?;
    let notice = query.done.as_deref().and_then(|done| match done {
        "registered" | "waitlisted" | "left" | "nominated" | "checked_in" | "published" | "cancelled" | "saved" => Some(locale.tp("act-done", done)),
        _ => None,
    });
    let nav = Nav::new(locale, &user, Some(&activity.province_code), "activities", &uri);
    render_detail(&state, nav, &user, &facts, activity, notice, Typed::default()).await
}

async fn render_detail(state: &AppState, nav: Nav, user: &CurrentUser, facts: &ActivityFacts, activity: Activity, notice: Option<String>, typed: Typed) -> AppResult<Response> {
    let locale = nav.locale;
    let db = &state.db;
    let now = now_ms();
    let mine = registrations::of_user(db, activity.id, user.id).await?.filter(|r| r.status().is_active());
    let waiting_position = match &mine {
        Some(r) if r.status() == RegistrationStatus::Waitlisted => registrations::waiting_position(db, activity.id, user.id).await?,
        _ => None,
    };
    let checked_in = attendance::list(db, activity.id).await?.iter().any(|a| a.user_id == user.id);
    let status = activity.status();
    let open = caunoi_core::activity::registration::check_open(status, activity.registration_deadline, activity.starts_at, now);
    let may_join = user.allows(Action::RegisterForActivity { activity: facts });
    let can_register = may_join && mine.is_none() && open.is_ok();
    let registration_closed = match open {
        Err(refusal) if may_join && mine.is_none() && status == ActivityStatus::Published => Some(locale.t(refusal.message_id())),
        _ => None,
    };
    let nominations = if status == ActivityStatus::Published && open.is_ok() { nomination_forms(state, user, facts, &typed).await? } else { Vec::new() };

    let page = DetailPage {
        kind: kind_label(locale, &activity.kind),
        status: locale.tp("act-status", if status == ActivityStatus::Published && activity.ends_at < now { "done" } else { status.as_str() }),
        organiser: organiser_name(db, locale, &activity).await?,
        starts: i18n::datetime(activity.starts_at),
        ends: i18n::datetime(activity.ends_at),
        deadline: activity.registration_deadline.map(i18n::datetime),
        place_school: match activity.place_school_id {
            Some(id) => Some(school_name(db, id).await?),
            None => None,
        },
        meeting_label: meeting_service(&activity.meeting_url).map_or_else(|| locale.t("act-meeting-link"), |service| locale.t1("act-meeting-join", "service", service)),
        subjects: activity.subjects().join(", "),
        levels: activity.levels().iter().map(|l| locale.tp("level", l)).collect::<Vec<_>>().join(", "),
        grades: activity.grades().iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
        credit: credit_label(locale, activity.credit_minutes),
        seats_left: activity.capacity.map(|c| (c - activity.registered_count).max(0)),
        seats: match activity.capacity {
            Some(capacity) => locale.t_args(
                "act-seats-left",
                &[
                    ("left", i18n::FluentArg::Number((capacity - activity.registered_count).max(0))),
                    ("capacity", i18n::FluentArg::Number(capacity)),
                ],
            ),
            None => locale.t("act-seats-unlimited"),
        },
        is_over: activity.ends_at < now,
        my_status: mine.as_ref().map(|r| locale.tp("act-my-status", &r.status)),
        waiting_position,
        checked_in,
        can_manage: user.allows(Action::ManageActivity { activity: facts }),
        // Leaving after checking in would hand the seat on while keeping the credited hours.
        can_leave: mine.is_some() && status == ActivityStatus::Published && activity.starts_at > now && !checked_in,
        can_check_in: status == ActivityStatus::Published
            && !checked_in
            && (mine.is_some() || may_join)
            && caunoi_core::activity::checkin::window_open(activity.starts_at, activity.ends_at, now),
        can_register,
        registration_closed,
        nominations,
        notice,
        activity,
        typed,
        nav,
    };
    let code = if page.typed.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((code, render(&page)?).into_response())
}

/// Builds a nomination form for each school the viewer leads and may nominate from,
/// listing its teachers without an active registration.
async fn nomination_forms(state: &AppState, user: &CurrentUser, facts: &ActivityFacts, typed: &Typed) -> AppResult<Vec<NominationForm>> {
    let mut forms = Vec::new();
    let led = super::organisers(user).schools;
    let active: Vec<i64> = registrations::active_user_ids(&state.db, facts.id).await?;
    for school in led {
        if !user.allows(Action::NominateForActivity { activity: facts, school }) {
            continue;
        }
        let teachers = schools::staff(&state.db, school)
            .await?
            .into_iter()
            .filter(|member| member.user_id != user.id && !active.contains(&member.user_id))
            .filter(|member| member.roles.split(',').any(|role| role == Role::Teacher.as_str() || role == Role::CoreTeacher.as_str()))
            .map(|member| Nominee { checked: typed.nominated.contains(&member.user_id), user_id: member.user_id, full_name: member.full_name })
            .collect();
        forms.push(NominationForm { school_id: school, school_name: school_name(&state.db, school).await?, teachers });
    }
    Ok(forms)
}

async fn reject(state: &AppState, locale: Locale, user: &CurrentUser, uri: &Uri, facts: &ActivityFacts, typed: Typed) -> AppResult<Response> {
    let activity = activities::get(&state.db, facts.id).await?;
    let nav = Nav::new(locale, user, Some(&activity.province_code), "activities", uri);
    render_detail(state, nav, user, facts, activity, None, typed).await
}

fn done(id: i64, what: &str) -> Response {
    Redirect::to(&format!("/activities/{id}?done={what}")).into_response()
}

/// Translates a rejected registration or nomination into its message.
pub(crate) fn register_error_message(locale: Locale, error: RegisterError) -> AppResult<String> {
    Ok(match error {
        RegisterError::Closed(refusal) => locale.t(refusal.message_id()),
        RegisterError::AlreadyActive(status) => locale.tp("act-error-already", status.as_str()),
        RegisterError::NotRegistered => locale.t("act-error-not-registered"),
        RegisterError::Db(error) => return Err(error.into()),
    })
}

/// Registers the viewer: a seat, or a place on the waiting list.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn register(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (facts, _) = load_visible(&state.db, &user, &raw_id).await?;
    user.require(Action::RegisterForActivity { activity: &facts })?;
    let new = NewRegistration { activity_id: facts.id, user_id: user.id, school_id: own_school(&user), nominated_by: None, now: now_ms() };
    match registrations::register(&state.db, &new).await {
        Ok(RegistrationStatus::Waitlisted) => Ok(done(facts.id, "waitlisted")),
        Ok(_) => Ok(done(facts.id, "registered")),
        Err(error) => {
            let typed = Typed { error: Some(("register", register_error_message(locale, error)?)), ..Typed::default() };
            reject(&state, locale, &user, &uri, &facts, typed).await
        }
    }
}

/// Cancels the viewer's registration; a freed seat goes to the head of the waiting list.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn leave(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (facts, activity) = load_visible(&state.db, &user, &raw_id).await?;
    if activity.starts_at <= now_ms() {
        let typed = Typed { error: Some(("register", locale.t(RegistrationRefusal::Started.message_id()))), ..Typed::default() };
        return reject(&state, locale, &user, &uri, &facts, typed).await;
    }
    if attendance::list(&state.db, activity.id).await?.iter().any(|attendee| attendee.user_id == user.id) {
        let typed = Typed { error: Some(("register", locale.t("act-leave-checked-in"))), ..Typed::default() };
        return reject(&state, locale, &user, &uri, &facts, typed).await;
    }
    match registrations::cancel(&state.db, facts.id, user.id).await {
        Ok(_) => Ok(done(facts.id, "left")),
        Err(error) => {
            let typed = Typed { error: Some(("register", register_error_message(locale, error)?)), ..Typed::default() };
            reject(&state, locale, &user, &uri, &facts, typed).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NominateForm {
    pub school: String,
    pub teachers: Vec<String>,
}

/// Nominates teachers of a school the viewer leads; each is notified.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn nominate(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Form(form): Form<NominateForm>) -> AppResult<Response> {
    let (facts, _) = load_visible(&state.db, &user, &raw_id).await?;
    let school = form.school.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
    user.require(Action::NominateForActivity { activity: &facts, school })?;

    let staff = schools::staff(&state.db, school).await?;
    let mut chosen = Vec::new();
    for raw in form.teachers.iter().map(|raw| raw.trim()).filter(|raw| !raw.is_empty()) {
        match raw.parse::<i64>().ok().filter(|id| staff.iter().any(|m| m.user_id == *id)) {
            Some(id) => chosen.push(id),
            None => {
                let typed = Typed { error: Some(("nominate", locale.t1("act-error-nominee", "value", raw))), ..Typed::default() };
                return reject(&state, locale, &user, &uri, &facts, typed).await;
            }
        }
    }
    if chosen.is_empty() {
        let typed = Typed { error: Some(("nominate", locale.t("act-error-nominee-missing"))), ..Typed::default() };
        return reject(&state, locale, &user, &uri, &facts, typed).await;
    }
    for (index, teacher) in chosen.iter().enumerate() {
        let new = NewRegistration { activity_id: facts.id, user_id: *teacher, school_id: Some(school), nominated_by: Some(user.id), now: now_ms() };
        match registrations::register(&state.db, &new).await {
            Ok(_) | Err(RegisterError::AlreadyActive(_)) => {}
            Err(error) => {
                let name = staff.iter().find(|m| m.user_id == *teacher).map(|m| m.full_name.clone()).unwrap_or_default();
                let message = format!("{} {}", locale.t1("act-error-nominee-failed", "name", &name), register_error_message(locale, error)?);
                // Those before this one are saved; the form keeps the rest ticked.
                let typed = Typed { error: Some(("nominate", message)), nominated: chosen[index..].to_vec(), ..Typed::default() };
                return reject(&state, locale, &user, &uri, &facts, typed).await;
            }
        }
    }
    Ok(done(facts.id, "nominated"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CodeForm {
    pub code: String,
}

/// Translates a rejected check-in into its message.
pub(crate) fn check_in_message(locale: Locale, error: CheckInError, typed: &str) -> AppResult<String> {
    Ok(match error {
        CheckInError::NotOpen => locale.t("act-checkin-not-open"),
        CheckInError::OutsideWindow => locale.t("act-checkin-window"),
        CheckInError::WrongCode => locale.t1("act-checkin-wrong", "value", typed.trim()),
        CheckInError::Full => locale.t("act-checkin-full"),
        CheckInError::Throttled { retry_after_secs } => {
            locale.t_args("act-checkin-throttled", &[("minutes", i18n::FluentArg::Number((retry_after_secs + 59) / 60))])
        }
        CheckInError::Db(error) => return Err(error.into()),
    })
}

/// Checks the viewer in with the code shown at the session.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn check_in(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Form(form): Form<CodeForm>) -> AppResult<Response> {
    let (facts, _) = load_visible(&state.db, &user, &raw_id).await?;
    if !facts.actor_registered {
        user.require(Action::RegisterForActivity { activity: &facts })?;
    }
    match attendance::check_in(&state.db, facts.id, user.id, own_school(&user), &form.code, now_ms()).await {
        Ok(CheckIn::Recorded { .. } | CheckIn::AlreadyPresent { .. } | CheckIn::WalkIn { .. }) => Ok(done(facts.id, "checked_in")),
        Err(error) => {
            let message = check_in_message(locale, error, &form.code)?;
            let typed = Typed { error: Some(("checkin", message)), code: form.code, ..Typed::default() };
            reject(&state, locale, &user, &uri, &facts, typed).await
        }
    }
}

/// Publishes a draft to its audience.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn publish(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (facts, activity) = load_managed(&state.db, &user, &raw_id).await?;
    if activity.status() != ActivityStatus::Draft {
        return Err(AppError::conflict("act-error-not-draft"));
    }
    if activity.starts_at <= now_ms() {
        let typed = Typed { error: Some(("publish", locale.t1("act-error-start-past", "value", &i18n::datetime(activity.starts_at)))), ..Typed::default() };
        return reject(&state, locale, &user, &uri, &facts, typed).await;
    }
    let year = clusters::current_year(&state.db, &activity.province_code, i18n::today()).await?;
    match activities::publish(&state.db, facts.id, &year).await {
        Ok(_) => {}
        Err(caunoi_db::DbError::Invalid(_)) if activity.openness() == Openness::Audience => {
            let typed = Typed { error: Some(("publish", locale.t("act-error-audience-reaches-none"))), ..Typed::default() };
            return reject(&state, locale, &user, &uri, &facts, typed).await;
        }
        Err(caunoi_db::DbError::Invalid(_)) => return Err(AppError::conflict("act-error-not-draft")),
        Err(other) => return Err(other.into()),
    }
    tracing::info!(activity.id = facts.id, "activity published");
    Ok(done(facts.id, "published"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CancelForm {
    pub reason: String,
}

/// Maximum length of a cancellation reason, in characters.
pub(crate) const MAX_REASON: usize = 1_000;

/// Cancels an activity with a reason and notifies everyone registered or waiting.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn cancel(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Form(form): Form<CancelForm>) -> AppResult<Response> {
    let (facts, activity) = load_managed(&state.db, &user, &raw_id).await?;
    if activity.status() == ActivityStatus::Cancelled {
        return Err(AppError::conflict("act-error-cancelled"));
    }
    let reason = caunoi_core::text::normalize(form.reason.trim());
    let length = reason.chars().count();
    if reason.is_empty() || length > MAX_REASON {
        let message = if reason.is_empty() { locale.t("act-error-reason-missing") } else { locale.t_args("act-error-reason-long", &[("length", i18n::FluentArg::Number(length as i64)), ("max", i18n::FluentArg::Number(MAX_REASON as i64))]) };
        let typed = Typed { error: Some(("cancel", message)), reason: form.reason, ..Typed::default() };
        return reject(&state, locale, &user, &uri, &facts, typed).await;
    }
    match registrations::cancel_activity(&state.db, facts.id, &reason).await {
        Ok(()) => Ok(done(facts.id, "cancelled")),
        Err(caunoi_db::DbError::Invalid(_)) => Err(AppError::conflict("act-error-cancelled")),
        Err(other) => Err(other.into()),
    }
}
