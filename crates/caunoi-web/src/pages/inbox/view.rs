//! A directive as its recipients read it, and what a receiving school's leader does
//! with it: acknowledge it, with an optional note, and forward it to colleagues.
//!
//! The first time a leader of a receiving school opens the page, the school is marked
//! as having read it. Teachers opening it leave the school's status unchanged.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::org::{Role, Scope};
use caunoi_core::policy::{Action, DirectiveFacts, directive_tracking};
use caunoi_core::text::normalize;
use caunoi_db::attachments::{self, OwnerKind};
use caunoi_db::directives::amend::{self, DirectiveVersion};
use caunoi_db::directives::inbox::{self, AckOutcome, Forward, Receipt};
use caunoi_db::directives::{self, Directive};
use caunoi_db::{DbError, notifications, schools};
use serde::Deserialize;
use tracing::{info, instrument};

use super::calendar_date;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::attachments::{AttachmentView, views as attachment_views};
use crate::pages::render;
use crate::pages::schools::{non_blank, parse_id};
use crate::state::AppState;
use crate::view::Nav;

/// Maximum length of an acknowledgement note, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;

#[derive(Debug, Default, Deserialize)]
pub struct ViewQuery {
    school: Option<String>,
    /// Outcome of the last form, after its redirect: `acknowledged`,
    /// `already_acknowledged` or `forwarded`.
    done: Option<String>,
    count: Option<String>,
}

/// A receiving school the person may act for, offered when they lead several.
struct SchoolChoice {
    id: i64,
    name: String,
}

/// A colleague offered in the forward form.
struct Colleague {
    user_id: i64,
    full_name: String,
    roles: String,
    /// Already forwarded to them: shown checked and disabled.
    forwarded: bool,
    /// Ticked in the form just submitted.
    checked: bool,
}

#[derive(Template)]
#[template(path = "inbox/view.html")]
struct ViewPage {
    nav: Nav,
    directive: Directive,
    kind: String,
    issued_on: Option<String>,
    published: Option<String>,
    deadline: Option<String>,
    withdrawn: Option<String>,
    /// The current version number, formatted.
    version: String,
    /// The notice of an amendment, asking for a new acknowledgement.
    amended: Option<String>,
    /// The change note of the current version, when amended.
    change_note: Option<String>,
    versions: Vec<VersionRow>,
    attachments: Vec<AttachmentView>,
    /// The school the page acts for, with its receipt when the person may see it.
    school: Option<SchoolChoice>,
    receipt: Option<ReceiptView>,
    /// Several schools the person leads received it; one must be chosen.
    choices: Vec<SchoolChoice>,
    /// The school's inbox, linked when the person may see it.
    inbox_link: Option<String>,
    /// Whether the person follows some receiving schools on the tracking page.
    can_track: bool,
    can_acknowledge: bool,
    can_forward: bool,
    colleagues: Vec<Colleague>,
    forwards: Vec<ForwardRow>,
    /// The note as typed, kept when the form comes back with an error.
    note: String,
    note_error: Option<String>,
    forward_error: Option<String>,
    /// A refusal that concerns the whole directive, such as a withdrawal.
    error: Option<String>,
    /// Outcome of the last form.
    message: Option<String>,
    max_note_chars: usize,
}

struct VersionRow {
    version: String,
    published: String,
    change_note: String,
}

struct ReceiptView {
    status_label: String,
    status_class: &'static str,
    read: Option<String>,
    acknowledged: Option<String>,
    ack_note: Option<String>,
}

struct ForwardRow {
    full_name: String,
    at: String,
}

/// The state a form submission leaves on the page it renders again.
#[derive(Default)]
struct FormState {
    note: String,
    note_error: Option<String>,
    forward_error: Option<String>,
    error: Option<String>,
    message: Option<String>,
    checked: Vec<i64>,
}

/// Shows a directive to its recipients; the first opening by a leader of the chosen
/// receiving school marks it read for that school.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn show(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<ViewQuery>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = directives::facts(&state.db, id, user.id).await?;
    user.require(Action::ViewDirective { directive: &facts })?;

    let school = chosen_school(&state, &user, &facts, non_blank(&query.school)).await?;
    if let Some(school) = school
        && leads(&user, school)
        && facts.actor_schools.contains(&school)
    {
        inbox::mark_read(&state.db, id, school, user.id).await?;
    }
    notifications::mark_read_by_link(&state.db, user.id, &format!("/directives/{id}/view")).await?;

    let form = FormState { message: done_message(locale, &query), ..FormState::default() };
    let page = build_page(&state, locale, &user, &uri, &facts, school, form).await?;
    render(&page)
}

#[derive(Debug, Deserialize)]
pub struct AcknowledgeForm {
    school: Option<String>,
    #[serde(default)]
    note: String,
}

/// Records a school's acknowledgement of the current version. A withdrawn directive
/// is rejected with a message, and a second acknowledgement changes nothing and shows
/// a message saying so.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn acknowledge(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(input): Form<AcknowledgeForm>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let school = parse_school(&input.school)?;
    let facts = directives::facts(&state.db, id, user.id).await?;
    user.require(Action::ViewDirective { directive: &facts })?;
    let note = normalize(input.note.trim());
    if facts.withdrawn {
        let form = FormState { note, error: Some(locale.t("inbox-error-withdrawn")), ..FormState::default() };
        return rerender(&state, locale, &user, &uri, &facts, school, form, StatusCode::CONFLICT).await;
    }
    user.require(Action::AcknowledgeDirective { directive: &facts, school })?;

    let length = note.chars().count();
    if length > MAX_NOTE_CHARS {
        let message = locale.t_args(
            "inbox-error-note-too-long",
            &[("length", FluentArg::Number(length as i64)), ("max", FluentArg::Number(MAX_NOTE_CHARS as i64))],
        );
        let form = FormState { note, note_error: Some(message), ..FormState::default() };
        return rerender(&state, locale, &user, &uri, &facts, school, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }

    let note = Some(note).filter(|note| !note.is_empty());
    let outcome = inbox::acknowledge(&state.db, id, school, user.id, note.as_deref()).await?;

    let done = match outcome {
        AckOutcome::Acknowledged { .. } => "acknowledged",
        AckOutcome::AlreadyAcknowledged { .. } => "already_acknowledged",
        AckOutcome::Withdrawn => {
            let form = FormState { error: Some(locale.t("inbox-error-withdrawn")), ..FormState::default() };
            return rerender(&state, locale, &user, &uri, &facts, school, form, StatusCode::CONFLICT).await;
        }
    };
    Ok(Redirect::to(&format!("/directives/{id}/view?school={school}&done={done}#receipt")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ForwardForm {
    school: Option<String>,
    /// Ids of the colleagues ticked, one `user` field each.
    #[serde(default)]
    user: Vec<String>,
}

/// Forwards a directive to colleagues of a receiving school, who are notified.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn forward(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(input): Form<ForwardForm>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let school = parse_school(&input.school)?;
    let facts = directives::facts(&state.db, id, user.id).await?;
    user.require(Action::ViewDirective { directive: &facts })?;
    if facts.withdrawn {
        let form = FormState { error: Some(locale.t("inbox-error-withdrawn")), ..FormState::default() };
        return rerender(&state, locale, &user, &uri, &facts, school, form, StatusCode::CONFLICT).await;
    }
    user.require(Action::AcknowledgeDirective { directive: &facts, school })?;

    let staff = schools::staff(&state.db, school).await?;
    let mut chosen = Vec::new();
    let mut error = None;
    for raw in input.user.iter().map(|raw| raw.trim()).filter(|raw| !raw.is_empty()) {
        match raw.parse::<i64>().ok().filter(|id| *id != user.id && staff.iter().any(|m| m.user_id == *id)) {
            Some(id) if !chosen.contains(&id) => chosen.push(id),
            Some(_) => {}
            None => {
                error = Some(locale.t1("inbox-error-forward-person", "value", raw));
                break;
            }
        }
    }
    if error.is_none() && chosen.is_empty() {
        error = Some(locale.t("inbox-error-forward-empty"));
    }
    if let Some(message) = error {
        let form = FormState { forward_error: Some(message), checked: chosen, ..FormState::default() };
        return rerender(&state, locale, &user, &uri, &facts, school, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }

    let forwarded = match inbox::forward(&state.db, id, school, user.id, &chosen).await {
        Ok(forwarded) => forwarded,
        // Withdrawn between the check above and the write.
        Err(DbError::Invalid(_)) => {
            let form = FormState { error: Some(locale.t("inbox-error-withdrawn")), ..FormState::default() };
            return rerender(&state, locale, &user, &uri, &facts, school, form, StatusCode::CONFLICT).await;
        }
        Err(other) => return Err(other.into()),
    };
    info!(directive.id = id, school.id = school, count = forwarded.len(), "directive forwarded from its page");
    Ok(Redirect::to(&format!("/directives/{id}/view?school={school}&done=forwarded&count={}#forward", forwarded.len()))
        .into_response())
}

/// Parses the school field of a form. Anything but a positive whole number names no
/// receiving school, so it is "not found".
fn parse_school(raw: &Option<String>) -> AppResult<i64> {
    non_blank(raw).ok_or(AppError::NotFound).and_then(parse_id)
}

fn leads(user: &CurrentUser, school: i64) -> bool {
    user.actor.grants.iter().any(|g| g.role == Role::SchoolLeader && g.scope == Scope::School(school))
}

/// Returns the receiving schools among those the person leads.
fn led_schools(user: &CurrentUser, facts: &DirectiveFacts) -> Vec<i64> {
    facts.actor_schools.iter().copied().filter(|school| leads(user, *school)).collect()
}

/// Picks the school the page acts for. A school named in the query must be a receiving
/// school the person works at or whose inbox they may see. Without one, it is the only
/// receiving school they lead, else the only one they work at.
async fn chosen_school(
    state: &AppState,
    user: &CurrentUser,
    facts: &DirectiveFacts,
    raw: Option<&str>,
) -> AppResult<Option<i64>> {
    if let Some(raw) = raw {
        let school = parse_id(raw)?;
        if facts.actor_schools.contains(&school) {
            return Ok(Some(school));
        }
        let received = inbox::receipt(&state.db, facts.id, school).await?.is_some();
        let school_facts = schools::facts(&state.db, school).await?;
        if received && user.allows(Action::ViewSchoolInbox { school: &school_facts }) {
            return Ok(Some(school));
        }
        return Err(AppError::NotFound);
    }
    let led = led_schools(user, facts);
    Ok(match (led.as_slice(), facts.actor_schools.as_slice()) {
        ([only], _) => Some(*only),
        ([], [only]) => Some(*only),
        _ => None,
    })
}

fn done_message(locale: Locale, query: &ViewQuery) -> Option<String> {
    match non_blank(&query.done)? {
        "acknowledged" => Some(locale.t("inbox-done-acknowledged")),
        "already_acknowledged" => Some(locale.t("inbox-done-already-acknowledged")),
        "forwarded" => {
            let count = non_blank(&query.count).and_then(|raw| raw.parse::<i64>().ok()).unwrap_or(0).max(0);
            Some(locale.t_args("inbox-done-forwarded", &[("count", FluentArg::Number(count))]))
        }
        _ => None,
    }
}

#[expect(clippy::too_many_arguments, reason = "the page's whole context, passed once per error path")]
async fn rerender(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    facts: &DirectiveFacts,
    school: i64,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    let page = build_page(state, locale, user, uri, facts, Some(school), form).await?;
    Ok((status, render(&page)?).into_response())
}

async fn build_page(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    facts: &DirectiveFacts,
    school: Option<i64>,
    form: FormState,
) -> AppResult<ViewPage> {
    let directive = directives::get(&state.db, facts.id).await?;
    let versions = amend::versions(&state.db, facts.id).await?;
    let files = attachments::list(&state.db, OwnerKind::Directive, facts.id).await?;

    let mut school_choice = None;
    let mut receipt = None;
    let mut can_acknowledge = false;
    let mut can_forward = false;
    let mut colleagues = Vec::new();
    let mut forwards = Vec::new();
    let mut inbox_link = None;
    if let Some(school) = school {
        let found = inbox::receipt(&state.db, facts.id, school).await?;
        let school_facts = schools::facts(&state.db, school).await?;
        let sees_inbox = user.allows(Action::ViewSchoolInbox { school: &school_facts });
        let sees_receipt = leads(user, school) || sees_inbox;
        if sees_inbox {
            inbox_link = Some(format!("/schools/{school}/inbox"));
        }
        if let Some(found) = found {
            school_choice = Some(SchoolChoice { id: school, name: found.school_name.clone() });
            let acts = user.allows(Action::AcknowledgeDirective { directive: facts, school });
            can_acknowledge = acts && found.acknowledged_at.is_none();
            can_forward = acts;
            if sees_receipt {
                receipt = Some(receipt_view(locale, &found, directive.ack_deadline));
                forwards = inbox::forwards(&state.db, facts.id, school)
                    .await?
                    .into_iter()
                    .map(|f: Forward| ForwardRow { full_name: f.full_name, at: i18n::datetime(f.forwarded_at) })
                    .collect();
            }
            if can_forward {
                colleagues = colleagues_of(state, locale, user, facts.id, school, &form.checked).await?;
            }
        }
    }
    let choices = if school.is_none() {
        let led = led_schools(user, facts);
        if led.len() > 1 {
            inbox::school_names(&state.db, &led).await?.into_iter().map(|(id, name)| SchoolChoice { id, name }).collect()
        } else {
            Vec::new()
        }
    } else {
        Vec::new()
    };

    let change_note = versions
        .iter()
        .find(|v| v.version == directive.version && directive.version > 1)
        .map(|v| v.change_note.clone())
        .filter(|note| !note.is_empty());
    Ok(ViewPage {
        nav: Nav::new(locale, user, Some(&facts.province), "inbox", uri),
        kind: locale.tp("directive-kind", &directive.kind),
        issued_on: directive.issued_on.as_deref().map(calendar_date),
        published: directive.published_at.map(i18n::datetime),
        deadline: directive.ack_deadline.map(i18n::datetime),
        withdrawn: directive.withdrawn_at.map(i18n::datetime),
        version: locale.int(directive.version),
        amended: (directive.version > 1)
            .then(|| locale.t1("inbox-amended-notice", "version", &locale.int(directive.version))),
        change_note,
        versions: versions.into_iter().map(|v| version_row(locale, v)).collect(),
        attachments: attachment_views(locale, &files),
        school: school_choice,
        receipt,
        choices,
        inbox_link,
        can_track: facts.published && !directive_tracking(&user.actor, facts).is_empty(),
        can_acknowledge,
        can_forward,
        colleagues,
        forwards,
        note: form.note,
        note_error: form.note_error,
        forward_error: form.forward_error,
        error: form.error,
        message: form.message,
        max_note_chars: MAX_NOTE_CHARS,
        directive,
    })
}

fn receipt_view(locale: Locale, receipt: &Receipt, deadline: Option<i64>) -> ReceiptView {
    let status = receipt_status(receipt, deadline);
    let badge = super::StatusBadge::new(locale, status);
    let by = |at: Option<i64>, name: &Option<String>| {
        at.map(|at| locale.t_args(
            "inbox-receipt-at-by",
            &[
                ("at", FluentArg::Text(i18n::datetime(at))),
                ("name", FluentArg::Text(name.clone().unwrap_or_default())),
            ],
        ))
    };
    ReceiptView {
        status_label: badge.label,
        status_class: badge.class,
        read: by(receipt.read_at, &receipt.read_by_name),
        acknowledged: by(receipt.acknowledged_at, &receipt.acknowledged_by_name),
        ack_note: receipt.ack_note.clone(),
    }
}

fn receipt_status(receipt: &Receipt, deadline: Option<i64>) -> caunoi_core::directive::ReceiptStatus {
    caunoi_core::directive::ReceiptStatus::of(receipt.read_at, receipt.acknowledged_at, deadline, caunoi_db::now_ms())
}

fn version_row(locale: Locale, version: DirectiveVersion) -> VersionRow {
    VersionRow {
        version: locale.int(version.version),
        published: i18n::datetime(version.published_at),
        change_note: version.change_note,
    }
}

/// Lists the people of a school a leader may forward to: everyone with a role there
/// but the leader themself.
async fn colleagues_of(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    directive_id: i64,
    school: i64,
    checked: &[i64],
) -> AppResult<Vec<Colleague>> {
    let staff = schools::staff(&state.db, school).await?;
    let forwarded: Vec<i64> = inbox::forwards(&state.db, directive_id, school).await?.into_iter().map(|f| f.user_id).collect();
    Ok(staff
        .into_iter()
        .filter(|member| member.user_id != user.id)
        .map(|member| Colleague {
            forwarded: forwarded.contains(&member.user_id),
            checked: checked.contains(&member.user_id),
            roles: member.roles.split(',').map(|role| locale.tp("role", role)).collect::<Vec<_>>().join(", "),
            user_id: member.user_id,
            full_name: member.full_name,
        })
        .collect())
}
