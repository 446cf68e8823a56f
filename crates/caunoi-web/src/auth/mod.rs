//! Authentication of requests: the session cookie for screens, a bearer token for the API.

mod login;
mod password;
pub mod store;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use caunoi_core::policy::{self, Action, Actor};
use caunoi_db::{DbError, users};
use tower_sessions::Session;
use tracing::warn;

use crate::error::AppError;
use crate::state::AppState;

pub use login::{login_form, login_submit, logout};
pub(crate) use login::safe_next;
pub use password::{password_form, password_submit};

/// The session key holding the signed-in user's id.
pub const USER_ID_KEY: &str = "user_id";

/// The signed-in user, with everything the policy needs.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub actor: Actor,
    /// Unread notifications, counted up to [`crate::view::UNREAD_CAP`] for the
    /// navigation bar. API requests have no bar, so it is 0 for them.
    pub unread: i64,
}

impl CurrentUser {
    /// Checks an action with the policy; a refusal looks exactly like a missing record.
    pub fn require(&self, action: Action<'_>) -> Result<(), AppError> {
        if policy::allows(&self.actor, action) { Ok(()) } else { Err(AppError::NotFound) }
    }

    pub fn allows(&self, action: Action<'_>) -> bool {
        policy::allows(&self.actor, action)
    }

    /// Returns the provinces this user works in, in code order.
    pub fn provinces(&self) -> Vec<String> {
        let mut provinces: Vec<String> = self.actor.grants.iter().filter_map(|g| g.province.clone()).collect();
        provinces.sort();
        provinces.dedup();
        provinces
    }
}

async fn load_user(state: &AppState, user_id: i64) -> Result<Option<CurrentUser>, AppError> {
    let actor = match users::actor(&state.db, user_id).await {
        Ok(actor) => actor,
        Err(DbError::NotFound) => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    let person = users::get(&state.db, user_id).await?;
    Ok(Some(CurrentUser { id: user_id, username: person.username, full_name: person.full_name, actor, unread: 0 }))
}

fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let next = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into());
        let unauthenticated = || AppError::Unauthenticated { next: next.clone() };

        if let Some(token) = bearer_token(parts) {
            let Some(user_id) = caunoi_db::security::user_for_api_token(&state.db, token).await? else {
                warn!("API request with an unknown or revoked token");
                return Err(unauthenticated());
            };
            return load_user(state, user_id).await?.ok_or_else(unauthenticated);
        }

        let session = Session::from_request_parts(parts, state).await.map_err(|_| unauthenticated())?;
        let user_id: Option<i64> = session.get(USER_ID_KEY).await.map_err(AppError::internal)?;
        let Some(user_id) = user_id else {
            return Err(unauthenticated());
        };
        let mut user = load_user(state, user_id).await?.ok_or_else(unauthenticated)?;
        user.unread = caunoi_db::notifications::unread_count(&state.db, user_id, crate::view::UNREAD_CAP).await?;
        Ok(user)
    }
}

/// The signed-in user when there is one; pages that also serve visitors use it.
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match CurrentUser::from_request_parts(parts, state).await {
            Ok(user) => Ok(MaybeUser(Some(user))),
            Err(AppError::Unauthenticated { .. }) => Ok(MaybeUser(None)),
            Err(other) => Err(other),
        }
    }
}
