//! Login and logout.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::OnceLock;

use askama::Template;
use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use caunoi_db::security::{self, LoginAttempt};
use caunoi_db::users;
use serde::Deserialize;
use tower_sessions::Session;
use tracing::{info, warn};

use super::USER_ID_KEY;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::state::AppState;

/// The client's address: the socket peer, or the last `X-Forwarded-For` hop (the one
/// the trusted proxy appended) when the operator says such a proxy sits in front.
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if state.config.trust_proxy
            && let Some(forwarded) = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
            && let Some(last) = forwarded.split(',').next_back()
        {
            // The proxy appends the address it saw; earlier hops are the client's own claim.
            return Ok(ClientAddress(last.trim().to_owned()));
        }
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip().to_string());
        Ok(ClientAddress(peer.unwrap_or_else(|| "unknown".to_owned())))
    }
}

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    locale: Locale,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Returns `next` when it is a path on this site, else `/`. Browsers treat `\\`, tabs and
/// line breaks inside a URL loosely (`/\\host` and `/<TAB>/host` lead to another
/// host), so any of them, or a second leading slash, rejects the value.
pub(crate) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path[1..].starts_with('/')
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

fn render(page: LoginPage, status: StatusCode) -> AppResult<Response> {
    let html = page.render().map_err(AppError::internal)?;
    Ok((status, Html(html)).into_response())
}

pub async fn login_form(locale: Locale, Query(query): Query<NextQuery>) -> AppResult<Response> {
    let page = LoginPage { locale, next: safe_next(query.next.as_deref()), username: String::new(), error: None };
    render(page, StatusCode::OK)
}

/// Maximum username length accepted at login. Longer input is rejected before any
/// lookup, so it never reaches the throttling table.
const MAX_USERNAME_BYTES: usize = 100;

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn login_submit(
    State(state): State<AppState>,
    locale: Locale,
    session: Session,
    ClientAddress(address): ClientAddress,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let username = users::normalize_username(&form.username);
    let next = safe_next(form.next.as_deref());
    let failed = |message_id: &str, status| {
        let page = LoginPage { locale, next: next.clone(), username: form.username.clone(), error: Some(locale.t(message_id)) };
        render(page, status)
    };
    if username.is_empty() || form.password.is_empty() || username.len() > MAX_USERNAME_BYTES {
        return failed("login-error-missing", StatusCode::UNPROCESSABLE_ENTITY);
    }

    let attempt = match security::begin_login_attempt(&state.db, &username, &address).await? {
        LoginAttempt::Allowed(attempt) => attempt,
        LoginAttempt::Blocked { retry_after_secs } => {
            warn!(login.retry_after_secs = retry_after_secs, "login throttled");
            return Err(AppError::TooManyRequests { retry_after_secs });
        }
    };

    let credentials = users::credentials(&state.db, &username).await?;
    // Unknown usernames are hashed against a dummy, so response time does not reveal
    // which usernames exist.
    let stored = credentials.as_ref().filter(|c| c.is_active == 1).and_then(|c| c.password_hash.clone());
    let verified = verify(&state, stored, form.password.clone()).await?;
    security::finish_login_attempt(&state.db, attempt, verified).await?;
    let Some(credentials) = credentials.filter(|_| verified) else {
        info!("login failed");
        return failed("login-error-invalid", StatusCode::UNAUTHORIZED);
    };

    session.cycle_id().await.map_err(AppError::internal)?;
    session.insert(USER_ID_KEY, credentials.id).await.map_err(AppError::internal)?;
    info!(user.id = credentials.id, "login succeeded");
    if credentials.must_change_password == 1 {
        let target = format!("/me/password?next={}", crate::error::urlencode(&next));
        return Ok(Redirect::to(&target).into_response());
    }
    Ok(Redirect::to(&next).into_response())
}

/// Checks a password against a stored hash, or against a dummy hash when there is
/// none, so that both paths cost the same Argon2 work.
pub(super) async fn verify(state: &AppState, hash: Option<String>, password: String) -> AppResult<bool> {
    static DUMMY_HASH: OnceLock<String> = OnceLock::new();
    let _permit = state.hashing.acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(move || match hash {
        Some(hash) => security::verify_password(&hash, &password),
        None => {
            let dummy = DUMMY_HASH.get_or_init(|| security::hash_password(&security::random_secret("")));
            security::verify_password(dummy, &password);
            false
        }
    })
    .await
    .map_err(AppError::internal)
}

pub async fn logout(session: Session) -> AppResult<Redirect> {
    session.flush().await.map_err(AppError::internal)?;
    Ok(Redirect::to("/login"))
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_keeps_local_paths() {
        assert_eq!(safe_next(Some("/p/79?year=2026-2027")), "/p/79?year=2026-2027");
    }

    #[test]
    fn next_rejects_other_hosts() {
        for bad in ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n", "https://evil.example", "evil"] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
    }
}
