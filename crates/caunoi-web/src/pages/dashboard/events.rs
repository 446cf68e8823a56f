//! Server-sent events of a dashboard: an `update` event carrying the re-rendered figures
//! fragment each time the province's revision changes.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use tokio::sync::watch;
use tracing::instrument;

use super::model::{DashboardTarget, Indicator};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::live::Revisions;
use crate::state::AppState;

/// Interval of the comment lines that keep proxies from closing an idle stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Time after which an open page gets the figures again even without a change, because
/// the ages of open requests and the overdue counts move with the clock.
const AGE_REFRESH: Duration = Duration::from_secs(300);

#[derive(Debug, Default, Deserialize)]
pub struct EventsQuery {
    pub indicator: Option<String>,
    /// Revision the page shows; an update is sent at once when the current one differs.
    pub since: Option<i64>,
}

/// Streams the updates of a province's dashboard.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn province(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    headers: HeaderMap,
    Path(raw_province): Path<String>,
    Query(query): Query<EventsQuery>,
) -> AppResult<Response> {
    let target = DashboardTarget::for_province(&state, &user, &raw_province).await?;
    Ok(events(state, locale, target, &headers, &query).into_response())
}

/// Streams the updates of a cluster's dashboard.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn cluster(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
    Query(query): Query<EventsQuery>,
) -> AppResult<Response> {
    let target = DashboardTarget::for_cluster(&state, &user, &raw_id).await?;
    Ok(events(state, locale, target, &headers, &query).into_response())
}

struct StreamState {
    state: AppState,
    locale: Locale,
    indicator: Indicator,
    target: DashboardTarget,
    receiver: watch::Receiver<Revisions>,
    /// Revision the client shows.
    shown: i64,
    /// When the client last got the figures, with the page or an update.
    sent_at: tokio::time::Instant,
}

fn events(
    state: AppState,
    locale: Locale,
    target: DashboardTarget,
    headers: &HeaderMap,
    query: &EventsQuery,
) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    // A reconnecting browser sends the id of the last event it received.
    let last_event = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse::<i64>().ok());
    let shown = last_event.or(query.since).unwrap_or(-1);
    let indicator = Indicator::parse(query.indicator.as_deref()).unwrap_or_default();
    let receiver = state.live.subscribe();
    let initial = StreamState { state, locale, indicator, target, receiver, shown, sent_at: tokio::time::Instant::now() };
    Sse::new(stream::unfold(initial, next_update)).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}

/// Waits for the province's revision to differ from the one shown, or for
/// [`AGE_REFRESH`] to pass, then renders the fragment. The stream ends when the hub
/// closes or rendering fails.
async fn next_update(mut stream: StreamState) -> Option<(Result<Event, Infallible>, StreamState)> {
    loop {
        let revisions = stream.receiver.borrow_and_update().clone();
        if revisions.polled {
            let current = revisions.get(&stream.target.province);
            let aged = stream.sent_at.elapsed() >= AGE_REFRESH;
            if current != stream.shown || aged {
                match stream.target.fragment(&stream.state, stream.locale, stream.indicator).await {
                    Ok((revision, html)) => {
                        stream.shown = revision.max(current);
                        stream.sent_at = tokio::time::Instant::now();
                        // Event data may not contain carriage returns; newlines become data lines.
                        let event = Event::default().event("update").id(stream.shown.to_string()).data(html.replace('\r', ""));
                        return Some((Ok(event), stream));
                    }
                    Err(error) => {
                        tracing::error!(?error, province.code = %stream.target.province, "rendering a dashboard update failed");
                        return None;
                    }
                }
            }
        }
        tokio::select! {
            changed = stream.receiver.changed() => {
                if changed.is_err() {
                    return None;
                }
            }
            () = tokio::time::sleep_until(stream.sent_at + AGE_REFRESH) => {}
        }
    }
}

