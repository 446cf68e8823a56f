//! The caller's notifications: list and reading. Each person reaches only their own;
//! another person's notification is a 404 like a missing one.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use caunoi_db::notifications::{self, Notification};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{IntoParams, ToSchema};

use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, PageQuery, bad_parameter, parse_id, present};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{Locale, rfc3339 as instant};
use crate::pages::notifications::notification_line;
use crate::state::AppState;

/// Routes of this area under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/read", post(read))
}

/// A notification of the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationItem {
    pub id: i64,
    /// `directive`, `reminder`, `request_new`, `request_reply` or `request_status`.
    #[schema(example = "reminder")]
    pub kind: String,
    /// Fluent message id of the text, for clients that translate themselves.
    #[schema(example = "notify-reminder-overdue")]
    pub message_id: String,
    /// Arguments of the message. A number whose name ends in `_ms` is an instant in
    /// Unix milliseconds.
    #[schema(value_type = Object, example = json!({"number": "1581/SGDĐT-GDTrH", "title": "Kế hoạch kiểm tra", "deadline_ms": 1797760800000_i64}))]
    pub params: serde_json::Value,
    /// The text in the language of the `lang` cookie or `Accept-Language`.
    pub text: String,
    /// Path in the app of what the notification is about.
    #[schema(example = "/directives/12/view")]
    pub link: String,
    /// RFC 3339 in Vietnam time.
    #[schema(example = "2026-12-20T17:00:00+07:00")]
    pub created_at: String,
    /// When the caller read it; null while unread.
    pub read_at: Option<String>,
}

impl NotificationItem {
    fn new(locale: Locale, item: Notification) -> NotificationItem {
        let params = item.params_json();
        NotificationItem {
            id: item.id,
            text: notification_line(locale, &item.message_id, &params),
            kind: item.kind,
            message_id: item.message_id,
            params,
            link: item.link,
            created_at: instant(item.created_at),
            read_at: item.read_at.map(instant),
        }
    }
}


/// One page of the caller's notifications, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationList {
    pub items: Vec<NotificationItem>,
    /// Number of notifications matching the request on all pages.
    pub total: i64,
    /// Unread notifications of the caller, whatever the filter.
    pub unread: i64,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// `true` lists only unread notifications; `false` or absent lists all.
    #[param(value_type = Option<bool>)]
    pub unread: Option<String>,
}

/// List the caller's notifications, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/notifications",
    operation_id = "list_notifications",
    tag = "notifications",
    params(NotificationQuery, PageQuery),
    responses(
        (status = 200, description = "One page of the caller's notifications", body = NotificationList),
        (status = 400, description = "A parameter is invalid; the message names it", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn list(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<NotificationQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<NotificationList>> {
    let unread_only = match present(&query.unread) {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => return Err(bad_parameter("notifications-api-error-unread", "unread", other)),
    };
    let page = paging.parse()?;

    let (items, total) = notifications::list(&state.db, user.id, unread_only, page).await?;
    let unread = notifications::unread_count(&state.db, user.id, i64::MAX).await?;

    let items = items.into_iter().map(|item| NotificationItem::new(locale, item)).collect();
    Ok(Json(NotificationList { items, total, unread }))
}

/// Mark one of the caller's notifications read.
#[utoipa::path(
    post,
    path = "/api/v1/notifications/{id}/read",
    operation_id = "read_notification",
    tag = "notifications",
    params(("id" = i64, Path, description = "Notification id")),
    responses(
        (status = 200, description = "The notification, now read", body = NotificationItem),
        (status = 400, description = "The id is not a positive whole number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such notification of the caller", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(notification.id = %raw_id))]
pub async fn read(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
) -> AppResult<Json<NotificationItem>> {
    let id = parse_id("id", &raw_id)?;

    let notification = notifications::mark_read(&state.db, user.id, id).await?;

    Ok(Json(NotificationItem::new(locale, notification)))
}

/// How many notifications a request marked read.
#[derive(Debug, Serialize, ToSchema)]
pub struct Marked {
    pub marked: u64,
}

/// Mark all of the caller's notifications read.
#[utoipa::path(
    post,
    path = "/api/v1/notifications/read-all",
    operation_id = "read_all_notifications",
    tag = "notifications",
    responses(
        (status = 200, description = "How many were unread", body = Marked),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn read_all(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Marked>> {
    let marked = notifications::mark_all_read(&state.db, user.id).await?;
    Ok(Json(Marked { marked }))
}
