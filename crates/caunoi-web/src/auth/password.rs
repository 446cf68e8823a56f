//! Changing one's own password, required after logging in with a one-time password.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use caunoi_db::audit::{self, AuditEntry};
use caunoi_db::{security, users};
use serde::Deserialize;
use tower_sessions::Session;
use tracing::info;

use super::login::{safe_next, verify};
use super::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::state::AppState;
use crate::view::Nav;

/// Shortest accepted password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;

#[derive(Template)]
#[template(path = "auth/password.html")]
struct PasswordPage {
    nav: Nav,
    next: String,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn render(page: PasswordPage, status: StatusCode) -> AppResult<Response> {
    let html = page.render().map_err(AppError::internal)?;
    Ok((status, Html(html)).into_response())
}

pub async fn password_form(locale: Locale, user: CurrentUser, uri: Uri, Query(query): Query<NextQuery>) -> AppResult<Response> {
    let page = PasswordPage { nav: Nav::new(locale, &user, None, "me", &uri), next: safe_next(query.next.as_deref()), error: None };
    render(page, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
    next: Option<String>,
}

/// Checks the new password's rules and returns the message id of the first one broken.
fn password_problem(form: &PasswordForm) -> Option<&'static str> {
    if form.new.chars().count() < MIN_PASSWORD_CHARS {
        Some("password-error-too-short")
    } else if form.new != form.confirm {
        Some("password-error-mismatch")
    } else if form.new == form.current {
        Some("password-error-unchanged")
    } else {
        None
    }
}

pub async fn password_submit(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    session: Session,
    uri: Uri,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let next = safe_next(form.next.as_deref());
    let failed = |message_id: &str, status| {
        let page = PasswordPage { nav: Nav::new(locale, &user, None, "me", &uri), next: next.clone(), error: Some(locale.t(message_id)) };
        render(page, status)
    };

    let stored = users::credentials(&state.db, &user.username).await?.and_then(|c| c.password_hash);
    if !verify(&state, stored, form.current.clone()).await? {
        return failed("password-error-current", StatusCode::UNPROCESSABLE_ENTITY);
    }
    if let Some(message_id) = password_problem(&form) {
        return failed(message_id, StatusCode::UNPROCESSABLE_ENTITY);
    }

    let new_password = form.new.clone();
    let hash = tokio::task::spawn_blocking(move || security::hash_password(&new_password)).await.map_err(AppError::internal)?;
    users::set_password(&state.db, user.id, &hash, false).await?;
    let province = user.provinces().into_iter().next();
    let entry = AuditEntry {
        user_id: Some(user.id),
        province: province.as_deref(),
        action: "users.change_password",
        entity: "user",
        entity_id: user.id.to_string(),
        details: serde_json::json!({}),
    };
    audit::record(&state.db.pool, &entry).await?;
    session.cycle_id().await.map_err(AppError::internal)?;
    info!(user.id = user.id, "password changed");
    Ok(Redirect::to(&next).into_response())
}
