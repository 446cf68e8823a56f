//! The notification centre: a person's notifications, newest first, with reading.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use caunoi_db::notifications::{self, Notification};
use serde::Deserialize;
use tracing::instrument;

use super::notification_line;
use crate::auth::{CurrentUser, safe_next};
use crate::error::AppResult;
use crate::i18n::{self, Locale};
use crate::pages::render;
use crate::pages::schools::{last_page_if_past_end, parse_id, parse_page};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<String>,
    /// `unread` lists only the unread ones.
    show: Option<String>,
}

/// One notification as the list shows it.
struct Line {
    id: i64,
    text: String,
    kind: String,
    /// `dd/mm/yyyy HH:MM`, Vietnam time.
    time: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "notifications/list.html")]
struct ListPage {
    nav: Nav,
    notices: Vec<String>,
    lines: Vec<Line>,
    unread_only: bool,
    /// Unread notifications in all pages.
    unread_total: i64,
    /// This page's path and query, where the "mark read" buttons return.
    here: String,
    pager: Pager,
}

/// Lists the signed-in person's notifications, newest first; `?show=unread` keeps the
/// unread ones. A `show` value other than `unread` lists all with a notice.
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn list(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let mut notices = Vec::new();
    let unread_only = match query.show.as_deref().map(str::trim).filter(|show| !show.is_empty()) {
        None | Some("all") => false,
        Some("unread") => true,
        Some(other) => {
            notices.push(locale.t1("notifications-notice-invalid-show", "value", other));
            false
        }
    };
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);

    let (mut items, mut total) = notifications::list(&state.db, user.id, unread_only, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        (items, total) = notifications::list(&state.db, user.id, unread_only, page).await?;
    }
    let unread_total = notifications::unread_count(&state.db, user.id, i64::MAX).await?;

    let show = unread_only.then(|| "unread".to_owned());
    let page = ListPage {
        nav: Nav::new(locale, &user, None, "notifications", &uri),
        notices,
        lines: items.into_iter().map(|item| line(locale, item)).collect(),
        unread_only,
        unread_total,
        here: uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/notifications".into()),
        pager: Pager::new(page, total, query_base("/notifications", &[("show", show)])),
    };
    render(&page)
}

fn line(locale: Locale, item: Notification) -> Line {
    Line {
        id: item.id,
        text: notification_line(locale, &item.message_id, &item.params_json()),
        kind: locale.tp("notification-kind", &item.kind),
        time: i18n::datetime(item.created_at),
        unread: item.read_at.is_none(),
    }
}

/// Marks a notification read and opens what it is about. A GET, so that the line is
/// a plain link; reading it twice changes nothing.
#[instrument(skip_all, fields(notification.id = %raw_id))]
pub async fn open(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;

    let notification = notifications::mark_read(&state.db, user.id, id).await?;

    // The link was written by the app, but it is checked like any redirect target.
    Ok(Redirect::to(&safe_next(Some(&notification.link))).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ReadForm {
    /// The list page to return to.
    next: Option<String>,
}

/// Marks one notification read and returns to the list.
#[instrument(skip_all, fields(notification.id = %raw_id))]
pub async fn read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Form(form): Form<ReadForm>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;

    notifications::mark_read(&state.db, user.id, id).await?;

    Ok(Redirect::to(&return_path(form.next.as_deref())).into_response())
}

/// Marks all of the person's notifications read and returns to the list.
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn read_all(State(state): State<AppState>, user: CurrentUser, Form(form): Form<ReadForm>) -> AppResult<Response> {
    let marked = notifications::mark_all_read(&state.db, user.id).await?;
    tracing::debug!(user.id = user.id, notifications.marked = marked, "notifications marked read");

    Ok(Redirect::to(&return_path(form.next.as_deref())).into_response())
}

/// Returns to the notification list the form came from, or to its first page.
fn return_path(next: Option<&str>) -> String {
    let next = safe_next(next);
    if next == "/notifications" || next.starts_with("/notifications?") { next } else { "/notifications".into() }
}
