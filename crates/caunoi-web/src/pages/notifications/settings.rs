//! Email settings: which kinds of notification also reach the person by email.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_db::notifications::{self, NotificationKind};
use caunoi_db::users;
use serde::Deserialize;
use tracing::instrument;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

/// One checkbox of the form.
struct KindChoice {
    value: &'static str,
    label: String,
    help: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "notifications/settings.html")]
struct SettingsPage {
    nav: Nav,
    choices: Vec<KindChoice>,
    /// The person's account has an email address.
    has_email: bool,
    saved: bool,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SettingsQuery {
    saved: Option<String>,
}

/// Shows the email setting of every kind, defaults filled in.
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn form(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Query(query): Query<SettingsQuery>,
) -> AppResult<Response> {
    let settings = notifications::settings(&state.db, user.id).await?;
    let emailed: Vec<NotificationKind> =
        settings.iter().filter(|setting| setting.email).map(|setting| setting.kind).collect();
    let person = users::get(&state.db, user.id).await?;

    let page = SettingsPage {
        nav: Nav::new(locale, &user, None, "notifications", &uri),
        choices: choices(locale, &emailed),
        has_email: person.email.is_some_and(|email| !email.trim().is_empty()),
        saved: query.saved.is_some(),
        error: None,
    };
    render(&page)
}

#[derive(Debug, Deserialize)]
pub struct SettingsForm {
    /// Kinds to email; an unchecked box sends nothing.
    #[serde(default)]
    email: Vec<String>,
}

/// Saves the checked kinds as emailed and the others as not. A value that names no
/// kind re-renders the form with a message naming it, keeping the valid choices.
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn save(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Form(form): Form<SettingsForm>,
) -> AppResult<Response> {
    let mut emailed = Vec::new();
    let mut invalid = None;
    for raw in &form.email {
        match NotificationKind::parse(raw.trim()) {
            Some(kind) => emailed.push(kind),
            None => invalid = Some(raw.clone()),
        }
    }
    if let Some(value) = invalid {
        let person = users::get(&state.db, user.id).await?;
        let page = SettingsPage {
            nav: Nav::new(locale, &user, None, "notifications", &uri),
            choices: choices(locale, &emailed),
            has_email: person.email.is_some_and(|email| !email.trim().is_empty()),
            saved: false,
            error: Some(locale.t1("notifications-settings-error-kind", "value", &value)),
        };
        let mut response = render(&page)?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }

    notifications::set_settings(&state.db, user.id, &emailed).await?;

    Ok(Redirect::to("/notifications/settings?saved=1").into_response())
}

fn choices(locale: Locale, emailed: &[NotificationKind]) -> Vec<KindChoice> {
    NotificationKind::ALL
        .into_iter()
        .map(|kind| KindChoice {
            value: kind.as_str(),
            label: locale.tp("notification-kind", kind.as_str()),
            help: locale.tp("notifications-settings-help", kind.as_str()),
            checked: emailed.contains(&kind),
        })
        .collect()
}
