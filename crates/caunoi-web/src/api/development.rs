//! Professional-development records and personal calendar feeds under `/api/v1`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use caunoi_core::policy::Action;
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::calendar::{self as feeds, CreateFeedError, Feed};
use caunoi_db::activities::record::{self, PersonTotal, RecordEntry};
use caunoi_db::schools;
use serde::{Deserialize, Serialize};
use tracing::{info, instrument};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, parse_id, parse_year};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg};
use crate::pages::calendar::feed_url;
use crate::state::AppState;

/// Routes of this area under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/development", get(mine))
        .route("/schools/{id}/development", get(school))
        .route("/me/calendar-feeds", get(list_feeds).post(create_feed))
        .route("/me/calendar-feeds/{id}/revoke", post(revoke_feed))
}

#[derive(OpenApi)]
#[openapi(
    paths(mine, school, list_feeds, create_feed, revoke_feed),
    tags(
        (name = "development", description = "Professional-development records: activities attended and hours credited per school year"),
        (name = "calendar", description = "The caller's secret calendar feeds (iCalendar URLs for Google Calendar, Outlook, Apple Calendar)"),
    )
)]
pub struct Doc;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// School year such as `2026-2027`; the current one when left out.
    #[param(example = "2026-2027")]
    pub year: Option<String>,
}

fn year_of(query: &YearQuery) -> AppResult<SchoolYear> {
    Ok(parse_year(&query.year)?.unwrap_or_else(|| SchoolYear::containing(i18n::today())))
}

/// One attended activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordItem {
    pub activity_id: i64,
    /// `seminar`, `thematic_workshop`, `lesson_study`, `demonstration_lesson`,
    /// `model_lesson`, `classroom_observation`, `plc_meeting` or `experience_sharing`.
    pub kind: String,
    pub title: String,
    /// RFC 3339 in Vietnam time.
    pub starts_at: String,
    pub ends_at: String,
    /// `department`, `cluster` or `school`.
    pub organiser_kind: String,
    /// The cluster's or school's name, or the province's for the department.
    pub organiser_name: String,
    pub credited_minutes: i64,
    /// `organiser` (marked by the organiser) or `code` (checked in with the session's code).
    pub method: String,
}

impl From<RecordEntry> for RecordItem {
    fn from(entry: RecordEntry) -> RecordItem {
        RecordItem {
            activity_id: entry.activity_id,
            kind: entry.kind,
            title: entry.title,
            starts_at: i18n::rfc3339(entry.starts_at),
            ends_at: i18n::rfc3339(entry.ends_at),
            organiser_kind: entry.organiser_kind,
            organiser_name: entry.organiser_name,
            credited_minutes: entry.credited_minutes,
            method: entry.method,
        }
    }
}

/// A person's record for one school year.
#[derive(Debug, Serialize, ToSchema)]
pub struct DevelopmentRecord {
    #[schema(example = "2026-2027")]
    pub year: String,
    pub items: Vec<RecordItem>,
    pub total_minutes: i64,
}

/// Return the caller's professional-development record for a school year.
#[utoipa::path(
    get,
    path = "/api/v1/me/development",
    operation_id = "get_my_development",
    tag = "development",
    params(YearQuery),
    responses(
        (status = 200, description = "Activities attended, in order of start, and the total", body = DevelopmentRecord),
        (status = 400, description = "Invalid school year", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn mine(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<YearQuery>,
) -> AppResult<Json<DevelopmentRecord>> {
    let year = year_of(&query)?;

    let entries = record::person_record(&state.db, user.id, year).await?;

    let total_minutes = record::total_minutes(&entries);
    Ok(Json(DevelopmentRecord { year: year.to_string(), items: entries.into_iter().map(RecordItem::from).collect(), total_minutes }))
}

/// One person of a school with their totals.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonTotalItem {
    pub user_id: i64,
    pub full_name: String,
    pub activities: i64,
    pub minutes: i64,
}

impl From<PersonTotal> for PersonTotalItem {
    fn from(total: PersonTotal) -> PersonTotalItem {
        PersonTotalItem { user_id: total.user_id, full_name: total.full_name, activities: total.activities, minutes: total.minutes }
    }
}

/// The totals of a school's staff for one school year.
#[derive(Debug, Serialize, ToSchema)]
pub struct SchoolDevelopment {
    pub school_id: i64,
    #[schema(example = "2026-2027")]
    pub year: String,
    /// Every active person holding a role at the school, sorted by given name.
    pub items: Vec<PersonTotalItem>,
}

/// Return each staff member's activities and credited minutes at a school.
///
/// The school's leaders and the department staff of its province may read it.
#[utoipa::path(
    get,
    path = "/api/v1/schools/{id}/development",
    operation_id = "get_school_development",
    tag = "development",
    params(("id" = i64, Path, description = "School id"), YearQuery),
    responses(
        (status = 200, description = "One row per person, sorted by given name", body = SchoolDevelopment),
        (status = 400, description = "Invalid id or school year", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such school, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn school(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiQuery(query): ApiQuery<YearQuery>,
) -> AppResult<Json<SchoolDevelopment>> {
    let id = parse_id("id", &raw_id)?;
    let year = year_of(&query)?;

    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ViewDevelopmentRecords { school: &facts })?;

    let totals = record::school_totals(&state.db, id, year).await?;
    Ok(Json(SchoolDevelopment { school_id: id, year: year.to_string(), items: totals.into_iter().map(PersonTotalItem::from).collect() }))
}

/// A calendar feed of the caller. The URL is returned only when the feed is created.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedItem {
    pub id: i64,
    pub created_at: String,
    pub revoked_at: Option<String>,
    /// Last fetch by a calendar client, to the hour.
    pub last_used_at: Option<String>,
    /// The secret feed URL: only in the response that creates the feed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl From<Feed> for FeedItem {
    fn from(feed: Feed) -> FeedItem {
        FeedItem {
            id: feed.id,
            created_at: i18n::rfc3339(feed.created_at),
            revoked_at: feed.revoked_at.map(i18n::rfc3339),
            last_used_at: feed.last_used_at.map(i18n::rfc3339),
            url: None,
        }
    }
}

/// List the caller's calendar feeds, the newest first, revoked ones included.
#[utoipa::path(
    get,
    path = "/api/v1/me/calendar-feeds",
    operation_id = "list_calendar_feeds",
    tag = "calendar",
    responses(
        (status = 200, description = "The caller's feeds, without their URLs", body = Vec<FeedItem>),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn list_feeds(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<FeedItem>>> {
    let feeds = feeds::list_feeds(&state.db, user.id).await?;
    Ok(Json(feeds.into_iter().map(FeedItem::from).collect()))
}

/// Create a calendar feed and return its secret URL, which is never shown again.
#[utoipa::path(
    post,
    path = "/api/v1/me/calendar-feeds",
    operation_id = "create_calendar_feed",
    tag = "calendar",
    responses(
        (status = 201, description = "The new feed with its URL", body = FeedItem),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 409, description = "The caller already holds the maximum number of active feeds", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn create_feed(State(state): State<AppState>, user: CurrentUser) -> AppResult<(StatusCode, Json<FeedItem>)> {
    let (id, token) = match feeds::create_feed(&state.db, user.id).await {
        Ok(created) => created,
        Err(CreateFeedError::TooMany) => {
            return Err(AppError::Conflict {
                message_id: "cal-error-too-many",
                args: vec![("max", FluentArg::Number(feeds::MAX_ACTIVE_FEEDS))],
            });
        }
        Err(CreateFeedError::Db(error)) => return Err(error.into()),
    };
    info!(feed.id = id, "calendar feed created");

    let created = feeds::list_feeds(&state.db, user.id).await?.into_iter().find(|feed| feed.id == id).ok_or(AppError::NotFound)?;
    let mut item = FeedItem::from(created);
    item.url = Some(feed_url(&state.config.public_url, &token));
    Ok((StatusCode::CREATED, Json(item)))
}

/// Revoke one of the caller's calendar feeds. Its URL returns 404 from then on.
#[utoipa::path(
    post,
    path = "/api/v1/me/calendar-feeds/{id}/revoke",
    operation_id = "revoke_calendar_feed",
    tag = "calendar",
    params(("id" = i64, Path, description = "Feed id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "Invalid id", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such active feed of the caller", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(feed.id = %raw_id))]
pub async fn revoke_feed(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<StatusCode> {
    let id = parse_id("id", &raw_id)?;
    if !feeds::revoke_feed(&state.db, user.id, id).await? {
        return Err(AppError::NotFound);
    }
    info!(feed.id = id, "calendar feed revoked");
    Ok(StatusCode::NO_CONTENT)
}
