//! The entry page, the language switch and the signed-in user's own page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_db::users::{self, GrantView};
use serde::Deserialize;

use super::render;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::AppResult;
use crate::i18n::{LANG_COOKIE, Locale};
use crate::state::AppState;
use crate::view::Nav;

/// Sends visitors to the login page, deployment administrators without a province to
/// the department list, and everyone else to their province.
pub async fn index(MaybeUser(user): MaybeUser) -> Redirect {
    let Some(user) = user else {
        return Redirect::to("/login");
    };
    match user.provinces().first() {
        Some(province) => Redirect::to(&format!("/p/{province}")),
        None if user.actor.deployment_admin => Redirect::to("/provinces"),
        None => Redirect::to("/me"),
    }
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Stores the chosen language in a cookie for a year and returns to the page.
pub async fn set_language(Path(code): Path<String>, Query(query): Query<NextQuery>) -> Response {
    let locale = Locale::parse(&code).unwrap_or(Locale::Vi);
    let next = crate::auth::safe_next(query.next.as_deref());
    let mut response = Redirect::to(&next).into_response();
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", locale.code());
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[derive(Template)]
#[template(path = "pages/me.html")]
struct MePage {
    nav: Nav,
    username: String,
    full_name: String,
    grants: Vec<GrantView>,
}

/// Shows the signed-in user's roles.
pub async fn me(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri) -> AppResult<Response> {
    let grants = users::grant_views(&state.db, user.id).await?;
    let page = MePage {
        nav: Nav::new(locale, &user, None, "me", &uri),
        username: user.username.clone(),
        full_name: user.full_name.clone(),
        grants,
    };
    render(&page)
}
