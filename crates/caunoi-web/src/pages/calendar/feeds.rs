//! `/me/calendar`: make a personal feed URL, see it once with instructions for the
//! usual calendar clients, revoke it, make a new one.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_db::activities::calendar::{self as feeds, CreateFeedError, MAX_ACTIVE_FEEDS};
use tracing::{info, instrument};

use super::feed_url;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::render;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::Nav;

/// One feed in the list.
struct FeedRow {
    id: i64,
    created: String,
    last_used: Option<String>,
    revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "calendar/feeds.html")]
struct FeedsPage {
    nav: Nav,
    feeds: Vec<FeedRow>,
    /// The URL of the feed just made: shown on this response only.
    new_url: Option<String>,
    error: Option<String>,
}

/// Shows the person's feeds.
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn page(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri) -> AppResult<Response> {
    render_page(&state, Nav::new(locale, &user, None, "calendar", &uri), &user, None, None).await
}

/// Makes a new feed and shows its URL once.
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn create(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri) -> AppResult<Response> {
    let nav = Nav::new(locale, &user, None, "calendar", &uri);
    match feeds::create_feed(&state.db, user.id).await {
        Ok((feed_id, token)) => {
            info!(feed.id = feed_id, "calendar feed created");
            let url = feed_url(&state.config.public_url, &token);
            render_page(&state, nav, &user, Some(url), None).await
        }
        Err(CreateFeedError::TooMany) => {
            let message = locale.t_args("cal-error-too-many", &[("max", FluentArg::Number(MAX_ACTIVE_FEEDS))]);
            render_page(&state, nav, &user, None, Some(message)).await
        }
        Err(CreateFeedError::Db(error)) => Err(error.into()),
    }
}

/// Revokes one of the person's feeds; clients using it get 404 from then on.
#[instrument(skip_all, fields(feed.id = %raw_id))]
pub async fn revoke(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    if !feeds::revoke_feed(&state.db, user.id, id).await? {
        return Err(AppError::NotFound);
    }
    info!(feed.id = id, "calendar feed revoked");
    Ok(Redirect::to("/me/calendar").into_response())
}

async fn render_page(
    state: &AppState,
    nav: Nav,
    user: &CurrentUser,
    new_url: Option<String>,
    error: Option<String>,
) -> AppResult<Response> {
    let feeds = feeds::list_feeds(&state.db, user.id)
        .await?
        .into_iter()
        .map(|feed| FeedRow {
            id: feed.id,
            created: i18n::datetime(feed.created_at),
            last_used: feed.last_used_at.map(i18n::datetime),
            revoked: feed.revoked_at.map(i18n::datetime),
        })
        .collect();
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = FeedsPage { nav, feeds, new_url, error };
    // The page may carry a feed URL, which is a credential: keep it out of caches.
    Ok((status, [(header::CACHE_CONTROL, "no-store")], render(&page)?).into_response())
}
