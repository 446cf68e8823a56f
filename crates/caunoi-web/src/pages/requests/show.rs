//! One request: its facts, its whole thread, and the forms of the steps the viewer may
//! take on it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use caunoi_core::policy::{Action, RequestFacts, RequestLevel};
use caunoi_core::request_status::{self, RequestStatus, Side};
use caunoi_db::attachments::{self, Attachment, OwnerKind};
use caunoi_db::requests::{self, Message, Request};
use caunoi_db::now_ms;
use serde::Deserialize;
use tracing::instrument;

use super::new::FieldErrors;
use super::{category_label, level_label, queue_facts, side, status_label};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, Locale};
use crate::pages::attachments::{AttachmentView, views};
use crate::pages::render;
use crate::pages::schools::{Choice, parse_id};
use crate::state::AppState;
use crate::uploads;
use crate::view::Nav;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReplyForm {
    pub body: String,
    /// Checked by a handler when the reply answers the request.
    pub answer: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    pub status: String,
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AssignForm {
    pub owner: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EscalateForm {
    pub note: String,
}

/// Values and messages of the action forms: what was typed into a rejected form, and
/// the messages under `reply`, `status`, `assign` or `escalate`.
#[derive(Debug, Default)]
pub(crate) struct Forms {
    pub reply: ReplyForm,
    pub status: StatusForm,
    pub escalate: EscalateForm,
    pub errors: FieldErrors,
}

/// One step of the thread, ready to show.
struct MessageRow {
    author: String,
    from_school: bool,
    kind: String,
    /// 'reply', 'status', 'escalate' or 'assign', for the style.
    kind_code: String,
    body: String,
    /// The change of status the step made, as a sentence.
    change: Option<String>,
    at: String,
    attachments: Vec<AttachmentView>,
}

#[derive(Template)]
#[template(path = "requests/show.html")]
struct DetailPage {
    nav: Nav,
    request: Request,
    category: String,
    status: String,
    level: String,
    created: String,
    due: String,
    overdue: bool,
    first_answered: Option<String>,
    closed: Option<String>,
    back_link: Option<String>,
    /// Files raised with the request itself.
    attachments: Vec<AttachmentView>,
    messages: Vec<MessageRow>,
    is_handler: bool,
    can_reply: bool,
    targets: Vec<Choice>,
    candidates: Vec<Choice>,
    can_escalate: bool,
    can_publish: bool,
    forms: Forms,
    /// Messages of rejected steps whose form the page no longer shows, such as a reply
    /// to a request closed meanwhile.
    stray_errors: Vec<String>,
    accept: &'static str,
    files_hint: String,
}

/// Shows a request and its thread to everyone the policy lets read it.
#[instrument(skip_all, fields(request.id = %raw_id))]
pub async fn detail(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = requests::facts(&state.db, id).await?;
    user.require(Action::ViewRequest { request: &facts })?;

    render_detail(&state, Nav::new(locale, &user, Some(&facts.school.province), "requests", &uri), &user, &facts, Forms::default())
        .await
}

/// Renders the page of a request, with status 422 when `forms` carries errors.
pub(crate) async fn render_detail(
    state: &AppState,
    nav: Nav,
    user: &CurrentUser,
    facts: &RequestFacts,
    forms: Forms,
) -> AppResult<Response> {
    let locale = nav.locale;
    let request = requests::get(&state.db, facts.id).await?;
    let messages = requests::messages(&state.db, facts.id).await?;
    let files = attachments::list(&state.db, OwnerKind::Request, facts.id).await?;
    let side = side(user, facts);
    let status = request.status();
    let open = status != RequestStatus::Closed;
    let is_handler = side == Some(Side::Handler);

    let candidates: Vec<Choice> = if is_handler && open {
        requests::owner_candidates(&state.db, facts.id)
            .await?
            .into_iter()
            .map(|c| Choice { selected: request.owner_id == Some(c.user_id), value: c.user_id.to_string(), label: c.full_name })
            .collect()
    } else {
        Vec::new()
    };
    let typed_status = RequestStatus::parse(forms.status.status.trim());
    let targets: Vec<Choice> = side
        .map(|side| request_status::targets(status, side))
        .unwrap_or_default()
        .into_iter()
        .map(|target| Choice {
            value: target.as_str().to_owned(),
            label: status_label(locale, target.as_str()),
            selected: typed_status == Some(target),
        })
        .collect();

    let can_reply = side.is_some() && open;
    let can_escalate = is_handler && open && request.level() == RequestLevel::Cluster;
    let visible_forms = [("reply", can_reply), ("status", !targets.is_empty()), ("assign", !candidates.is_empty()), ("escalate", can_escalate)];
    let stray_errors = visible_forms
        .iter()
        .filter(|(_, visible)| !visible)
        .filter_map(|(field, _)| forms.errors.get(field).map(str::to_owned))
        .collect();

    let now = now_ms();
    let page = DetailPage {
        category: category_label(locale, &request.category),
        status: status_label(locale, &request.status),
        level: level_label(locale, &request.handler_level),
        created: i18n::datetime(request.created_at),
        due: i18n::datetime(request.first_answer_due),
        overdue: request.is_overdue(now),
        first_answered: request.first_answered_at.map(i18n::datetime),
        closed: request.closed_at.map(i18n::datetime),
        back_link: back_link(user, facts),
        attachments: files_of(&files, None, locale),
        messages: messages.into_iter().map(|m| message_row(m, &files, locale)).collect(),
        accept: uploads::ACCEPT,
        files_hint: uploads::hint(locale, state),
        can_reply,
        targets,
        candidates,
        can_escalate,
        stray_errors,
        can_publish: user.allows(Action::PublishAnswer { province: &facts.school.province }),
        is_handler,
        forms,
        request,
        nav,
    };
    let code = if page.forms.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((code, render(&page)?).into_response())
}

/// Returns the viewer's own list that contains this request: the department's, the
/// board's or the school's.
fn back_link(user: &CurrentUser, facts: &RequestFacts) -> Option<String> {
    let province = &facts.school.province;
    if user.allows(Action::HandleRequest { request: &queue_facts(province, None) }) {
        return Some(format!("/p/{province}/requests"));
    }
    if let Some(cluster) = facts.cluster
        && user.allows(Action::HandleRequest { request: &queue_facts(province, Some(cluster)) })
    {
        return Some(format!("/clusters/{cluster}/requests"));
    }
    if user.allows(Action::ViewSchoolInbox { school: &facts.school }) {
        return Some(format!("/schools/{}/requests", facts.school.id));
    }
    None
}

/// Returns the files given with the request (`part: None`) or with one message.
fn files_of(files: &[Attachment], part: Option<i64>, locale: Locale) -> Vec<AttachmentView> {
    let chosen: Vec<Attachment> = files.iter().filter(|file| file.owner_part == part).cloned().collect();
    views(locale, &chosen)
}

fn message_row(message: Message, files: &[Attachment], locale: Locale) -> MessageRow {
    let change = match (&message.status_from, &message.status_to) {
        (Some(from), Some(to)) => Some(locale.t_args(
            "requests-thread-change",
            &[
                ("from", i18n::FluentArg::Text(status_label(locale, from))),
                ("to", i18n::FluentArg::Text(status_label(locale, to))),
            ],
        )),
        _ => None,
    };
    let kind = match message.kind.as_str() {
        "assign" => locale.t1("requests-thread-assign", "owner", &message.body),
        other => locale.tp("requests-thread", other),
    };
    MessageRow {
        author: message.author_name,
        from_school: message.from_school == 1,
        kind,
        // The body of an assignment is the owner's name, already in the kind's sentence.
        body: if message.kind == "assign" { String::new() } else { message.body },
        kind_code: message.kind,
        change,
        at: i18n::datetime(message.created_at),
        attachments: files_of(files, Some(message.id), locale),
    }
}
