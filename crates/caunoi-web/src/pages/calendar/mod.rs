//! Calendars of activities: the `.ics` download of one activity, and each person's
//! secret calendar feed that Google Calendar, Outlook and Apple Calendar subscribe to.
//!
//! Calendar clients send no cookies, so the feed URL carries a secret token in place
//! of a session. The token is shown once when the feed is made. The database keeps
//! only its hash, and the trace layer logs the feed path with the token replaced.

mod feed;
mod feeds;

use axum::Router;
use axum::http::{HeaderValue, Request, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use caunoi_core::activity::calendar::{self, CalendarEvent};
use caunoi_db::activities::calendar::CalendarActivity;

use crate::i18n::Locale;
use crate::state::AppState;


/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities/{id}/calendar.ics", get(feed::activity_ics))
        .route("/calendar/{file}", get(feed::feed))
        .route("/me/calendar", get(feeds::page).post(feeds::create))
        .route("/me/calendar/{id}/revoke", post(feeds::revoke))
}

/// Path prefix of the personal feeds; the rest of the path is the secret token.
pub const FEED_PATH: &str = "/calendar/";

/// Builds the URL of a feed from the public origin and its token.
pub fn feed_url(public_url: &str, token: &str) -> String {
    format!("{}{FEED_PATH}{token}.ics", public_url.trim_end_matches('/'))
}

/// Returns a request's path with a feed token replaced by `…`, for logs.
pub fn redacted_path(path: &str) -> String {
    match path.strip_prefix(FEED_PATH) {
        Some(rest) if !rest.is_empty() => format!("{FEED_PATH}…"),
        _ => path.to_owned(),
    }
}

/// Opens the span of one HTTP request for the trace layer. It records the method and
/// the path without the query, with any feed token redacted, so that no secret reaches
/// the logs.
pub fn request_span<B>(request: &Request<B>) -> tracing::Span {
    tracing::debug_span!(
        "request",
        method = %request.method(),
        path = %redacted_path(request.uri().path()),
        version = ?request.version(),
    )
}

/// Turns an activity into the event a calendar shows, with its labels in `locale`.
pub(crate) fn event(activity: &CalendarActivity, locale: Locale, public_url: &str) -> CalendarEvent {
    let origin = public_url.trim_end_matches('/');
    let mut description = vec![locale.tp("cal-kind", &activity.kind)];
    let presenters: Vec<&str> = activity.presenters.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    if !presenters.is_empty() {
        description.push(locale.t1("cal-presenters", "names", &presenters.join(", ")));
    }
    if activity.registration.as_deref() == Some("waitlisted") {
        description.push(locale.t("cal-waitlisted"));
    }
    if !activity.meeting_url.trim().is_empty() {
        description.push(locale.t1("cal-meeting-link", "url", activity.meeting_url.trim()));
    }
    if !activity.description.trim().is_empty() {
        description.push(String::new());
        description.push(activity.description.trim().to_owned());
    }
    description.push(String::new());
    description.push(locale.t1("cal-details", "url", &format!("{origin}/activities/{}", activity.id)));

    CalendarEvent {
        uid: calendar::uid(activity.id, &calendar::host_of(public_url)),
        sequence: activity.sequence,
        starts_at: activity.starts_at,
        ends_at: activity.ends_at,
        last_modified: activity.updated_at,
        summary: activity.title.clone(),
        description: description.join("\n"),
        location: location(activity, locale),
        url: Some(activity.meeting_url.trim().to_owned()).filter(|url| !url.is_empty()),
        cancelled: activity.status == "cancelled",
    }
}

/// Builds the location: the school and address of an in-person activity, or "online"
/// when it has only a meeting link.
fn location(activity: &CalendarActivity, locale: Locale) -> String {
    let parts: Vec<&str> = [activity.place_school.as_deref().unwrap_or_default(), activity.place_address.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    if !parts.is_empty() {
        parts.join(", ")
    } else if !activity.meeting_url.trim().is_empty() {
        locale.t("cal-online")
    } else {
        String::new()
    }
}

/// Wraps rendered iCalendar text in a response: `text/calendar; charset=utf-8`, shown
/// inline for feeds and downloaded as `file_name` otherwise.
pub(crate) fn ics_response(body: String, file_name: Option<&str>) -> Response {
    let content_type = HeaderValue::from_static("text/calendar; charset=utf-8");
    let no_cache = HeaderValue::from_static("private, no-cache");
    match file_name.and_then(|name| HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).ok()) {
        Some(disposition) => {
            ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, no_cache), (header::CONTENT_DISPOSITION, disposition)], body)
                .into_response()
        }
        None => ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, no_cache)], body).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_token_is_redacted() {
        assert_eq!(redacted_path("/calendar/abcDEF123_-.ics"), "/calendar/…");
        assert_eq!(redacted_path("/activities/4/calendar.ics"), "/activities/4/calendar.ics");
        assert_eq!(redacted_path("/me/calendar"), "/me/calendar");
    }

    #[test]
    fn feed_url_joins_origin_and_token() {
        assert_eq!(feed_url("https://caunoi.example.vn/", "abc"), "https://caunoi.example.vn/calendar/abc.ics");
    }
}
