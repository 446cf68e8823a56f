//! The `.ics` of one activity, and the personal feed read by calendar clients.

use axum::extract::{Path, State};
use axum::response::Response;
use caunoi_core::activity::calendar;
use caunoi_core::policy::Action;
use caunoi_db::activities::{self, calendar as feeds};
use caunoi_db::now_ms;
use tracing::{info, instrument};

use super::{event, ics_response};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::pages::schools::parse_id;
use crate::state::AppState;

/// Length of a feed token: 32 bytes in URL-safe base64 without padding.
const TOKEN_CHARS: usize = 43;

/// Downloads one activity as an `.ics` file, for anyone who may view the activity.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn activity_ics(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = activities::facts(&state.db, id, user.id).await?;
    user.require(Action::ViewActivity { activity: &facts })?;

    let activity = feeds::activity(&state.db, id).await?;
    let public_url = &state.config.public_url;
    let body = calendar::render(&activity.title, &[event(&activity, locale, public_url)], now_ms());
    Ok(ics_response(body, Some(&format!("hoat-dong-{id}.ics"))))
}

/// Serves a personal feed to a calendar client, with no session: the token in the
/// path is the credential. An unknown, malformed or revoked token is a 404. Texts are
/// in Vietnamese, because clients send no language the person chose.
#[instrument(skip_all)]
pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> AppResult<Response> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    if token.len() != TOKEN_CHARS || !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(AppError::NotFound);
    }
    let Some((feed_id, user_id)) = feeds::owner_of_token(&state.db, token).await? else {
        return Err(AppError::NotFound);
    };

    let now = now_ms();
    let rows = feeds::feed_activities(&state.db, user_id, now - feeds::FEED_HISTORY_MS).await?;
    let locale = Locale::Vi;
    let public_url = &state.config.public_url;
    let events: Vec<_> = rows.iter().map(|activity| event(activity, locale, public_url)).collect();
    info!(feed.id = feed_id, user.id = user_id, events = events.len(), "calendar feed served");
    Ok(ics_response(calendar::render(&locale.t("cal-feed-name"), &events, now), None))
}
