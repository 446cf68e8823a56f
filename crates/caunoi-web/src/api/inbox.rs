//! The receiving side of directives: a school's inbox, each receiving school's status
//! for those who track a directive, and a school's acknowledgement.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use caunoi_core::directive::ReceiptStatus;
use caunoi_core::org::SchoolLevel;
use caunoi_core::policy::{Action, directive_tracking};
use caunoi_core::text::{fold, normalize};
use caunoi_db::directives::inbox::{self, AckOutcome, InboxFilter, InboxItem, InboxOwner};
use caunoi_db::directives::tracking::{self, SchoolStatus, StatusCounts, TrackingFilter, TrackingScope};
use caunoi_db::{directives, now_ms, schools};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{IntoParams, ToSchema};

use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, List, PageQuery, bad_parameter, parse_commune, parse_id, present};
use crate::error::{AppError, AppResult};
use crate::auth::CurrentUser;
use crate::i18n::FluentArg;
use crate::pages::inbox::MAX_NOTE_CHARS as MAX_ACK_NOTE_CHARS;
use crate::state::AppState;

/// Routes of this area under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inbox", get(list))
        .route("/directives/{id}/status", get(status))
        .route("/directives/{id}/acknowledge", post(acknowledge))
}

/// A directive in a school's inbox, with that school's status.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxEntry {
    pub directive_id: i64,
    pub school_id: i64,
    /// `dispatch`, `plan`, `guidance`, `decision` or `notice`.
    #[schema(example = "dispatch")]
    pub kind: String,
    #[schema(example = "1581/SGDĐT-GDTrH")]
    pub number_symbol: String,
    pub title: String,
    pub issuing_body: String,
    /// `published` or `withdrawn`.
    pub directive_status: String,
    /// 1 at first publication. An amendment adds one and requires a new acknowledgement.
    pub version: i64,
    /// The school's status: `not_opened`, `read`, `acknowledged` or `overdue`.
    #[schema(example = "read")]
    pub status: String,
    /// Unix milliseconds UTC. NOTE: the directive and request endpoints give RFC 3339 instead.
    pub ack_deadline: Option<i64>,
    pub published_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
    pub read_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
}

impl InboxEntry {
    fn new(item: InboxItem, now: i64) -> InboxEntry {
        InboxEntry {
            status: item.receipt_status(now).as_str().to_owned(),
            directive_id: item.directive_id,
            school_id: item.school_id,
            kind: item.kind,
            number_symbol: item.number_symbol,
            title: item.title,
            issuing_body: item.issuing_body,
            directive_status: item.status,
            version: item.version,
            ack_deadline: item.ack_deadline,
            published_at: item.published_at,
            withdrawn_at: item.withdrawn_at,
            read_at: item.read_at,
            acknowledged_at: item.acknowledged_at,
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// Id of the receiving school. Required.
    #[param(value_type = i64)]
    pub school: Option<String>,
    /// Words searched in the number, title, summary and file names, ignoring tone marks.
    pub q: Option<String>,
    /// Only directives in this status for the school.
    #[param(example = "not_opened")]
    pub status: Option<String>,
}

/// List what a school received: unread first, then by nearest deadline, then newest.
///
/// The school's leaders and its department's staff may read it.
#[utoipa::path(
    get,
    path = "/api/v1/inbox",
    operation_id = "list_inbox",
    tag = "inbox",
    params(InboxQuery, PageQuery),
    responses(
        (status = 200, description = "One page of the school's directives", body = List<InboxEntry>),
        (status = 400, description = "Missing or invalid parameter", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such school, or its inbox is outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<InboxQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<InboxEntry>>> {
    let page = paging.parse()?;
    let school = match present(&query.school) {
        Some(raw) => parse_id("school", raw)?,
        None => return Err(AppError::bad_request("api-error-school-required")),
    };
    let status = parse_status(&query.status)?;
    let text = present(&query.q).map(normalize);

    let facts = schools::facts(&state.db, school).await?;
    user.require(Action::ViewSchoolInbox { school: &facts })?;

    let now = now_ms();
    let filter = InboxFilter { owner: InboxOwner::School(school), text, status };
    let (items, total) = inbox::list(&state.db, &filter, now, page).await?;

    Ok(Json(List { items: items.into_iter().map(|item| InboxEntry::new(item, now)).collect(), total }))
}

fn parse_status(raw: &Option<String>) -> AppResult<Option<ReceiptStatus>> {
    present(raw)
        .map(|raw| ReceiptStatus::parse(raw).ok_or_else(|| bad_parameter("api-error-receipt-status", "status", raw)))
        .transpose()
}

/// Counts of receiving schools per status.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCountsItem {
    pub not_opened: i64,
    pub read: i64,
    pub acknowledged: i64,
    pub overdue: i64,
    pub total: i64,
}

impl From<StatusCounts> for StatusCountsItem {
    fn from(counts: StatusCounts) -> StatusCountsItem {
        StatusCountsItem {
            total: counts.total(),
            not_opened: counts.not_opened,
            read: counts.read,
            acknowledged: counts.acknowledged,
            overdue: counts.overdue,
        }
    }
}

/// One receiving school's status for the current version.
#[derive(Debug, Serialize, ToSchema)]
pub struct SchoolStatusItem {
    pub school_id: i64,
    pub school_name: String,
    pub level: String,
    /// Cluster and commune when the directive was published.
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub commune_code: Option<String>,
    pub commune_name: Option<String>,
    /// `not_opened`, `read`, `acknowledged` or `overdue`.
    #[schema(example = "acknowledged")]
    pub status: String,
    pub read_at: Option<i64>,
    pub read_by: Option<String>,
    pub acknowledged_at: Option<i64>,
    pub acknowledged_by: Option<String>,
    pub ack_note: Option<String>,
    /// Demo data generated from population figures, not a real school.
    pub is_generated: bool,
}

impl SchoolStatusItem {
    /// Converts a row of [`tracking::school_statuses`]; the directives API uses it too.
    pub fn new(row: SchoolStatus, scope: &TrackingScope<'_>) -> SchoolStatusItem {
        SchoolStatusItem {
            status: row.status(scope).as_str().to_owned(),
            school_id: row.school_id,
            school_name: row.school_name,
            level: row.level,
            cluster_id: row.cluster_id,
            cluster_name: row.cluster_name,
            commune_code: row.commune_code,
            commune_name: row.commune_name,
            read_at: row.read_at,
            read_by: row.read_by_name,
            acknowledged_at: row.acknowledged_at,
            acknowledged_by: row.acknowledged_by_name,
            ack_note: row.ack_note,
            is_generated: row.is_generated == 1,
        }
    }
}

/// The receiving schools a caller tracks, with the counts of all of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct DirectiveStatusList {
    /// One page of the schools matching the filters, by name.
    pub items: Vec<SchoolStatusItem>,
    /// Number of schools matching the filters on all pages.
    pub total: i64,
    /// Counts over every school the caller tracks, whatever the filters.
    pub counts: StatusCountsItem,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    /// Only schools in this status.
    #[param(example = "overdue")]
    pub status: Option<String>,
    /// Only schools of this cluster.
    #[param(value_type = Option<i64>)]
    pub cluster: Option<String>,
    /// Only schools of this commune.
    #[param(example = "26743")]
    pub commune: Option<String>,
    /// Only schools of this level, such as `lower_secondary`.
    pub level: Option<String>,
    /// Search in school names, ignoring case and tone marks.
    pub q: Option<String>,
}

/// List each receiving school's status for the current version of a directive.
///
/// The sender's side gets every receiving school, a cluster's board those of its
/// cluster, and a commune's education officer those of the commune.
#[utoipa::path(
    get,
    path = "/api/v1/directives/{id}/status",
    operation_id = "list_directive_status",
    tag = "inbox",
    params(("id" = i64, Path, description = "Directive id"), StatusQuery, PageQuery),
    responses(
        (status = 200, description = "One page of receiving schools and the counts", body = DirectiveStatusList),
        (status = 400, description = "Invalid parameter", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such directive, or none of its schools are the caller's to track", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn status(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiQuery(query): ApiQuery<StatusQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<DirectiveStatusList>> {
    let id = parse_id("id", &raw_id)?;
    let page = paging.parse()?;
    let filter = TrackingFilter {
        status: parse_status(&query.status)?,
        cluster: present(&query.cluster).map(|raw| parse_id("cluster", raw)).transpose()?,
        commune: present(&query.commune).map(|raw| parse_commune("commune", raw)).transpose()?,
        level: present(&query.level)
            .map(|raw| {
                SchoolLevel::parse(raw).map(|l| l.as_str().to_owned()).ok_or_else(|| bad_parameter("api-error-level", "level", raw))
            })
            .transpose()?,
        school_name: present(&query.q).map(fold).filter(|text| !text.is_empty()),
    };

    let facts = directives::facts(&state.db, id, user.id).await?;
    let visibility = directive_tracking(&user.actor, &facts);
    if visibility.is_empty() {
        return Err(AppError::NotFound);
    }
    let directive = directives::get(&state.db, id).await?;

    let scope = TrackingScope { directive_id: id, ack_deadline: directive.ack_deadline, now: now_ms(), visibility: &visibility };
    let counts = tracking::counts(&state.db, &scope).await?;
    let (rows, total) = tracking::school_statuses(&state.db, &scope, &filter, Some(page)).await?;

    Ok(Json(DirectiveStatusList {
        items: rows.into_iter().map(|row| SchoolStatusItem::new(row, &scope)).collect(),
        total,
        counts: counts.overall.into(),
    }))
}

/// A school's acknowledgement of a directive.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AcknowledgeBody {
    /// Id of the receiving school the caller leads.
    pub school: i64,
    /// Optional note for the sender, up to 2,000 characters.
    #[serde(default)]
    pub note: Option<String>,
}

/// The school's acknowledgement after the request.
#[derive(Debug, Serialize, ToSchema)]
pub struct AcknowledgeResult {
    pub directive_id: i64,
    pub school_id: i64,
    /// When the current version was acknowledged, Unix ms UTC.
    pub acknowledged_at: i64,
    /// True when the school had already acknowledged this version: nothing changed.
    pub already_acknowledged: bool,
}

/// Acknowledge the current version of a directive for a school the caller leads.
///
/// A second acknowledgement of the same version changes nothing and returns
/// `already_acknowledged: true`.
#[utoipa::path(
    post,
    path = "/api/v1/directives/{id}/acknowledge",
    operation_id = "acknowledge_directive",
    tag = "inbox",
    params(("id" = i64, Path, description = "Directive id")),
    request_body = AcknowledgeBody,
    responses(
        (status = 200, description = "Acknowledged, now or before", body = AcknowledgeResult),
        (status = 400, description = "Invalid body or note too long", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such directive, or the caller does not lead that receiving school", body = ErrorBody),
        (status = 409, description = "The directive was withdrawn", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn acknowledge(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    body: Bytes,
) -> AppResult<Json<AcknowledgeResult>> {
    let id = parse_id("id", &raw_id)?;
    let input: AcknowledgeBody = serde_json::from_slice(&body).map_err(|_| AppError::bad_request("api-error-acknowledge-body"))?;
    let note = input.note.as_deref().map(|note| normalize(note.trim())).filter(|note| !note.is_empty());
    if let Some(length) = note.as_ref().map(|note| note.chars().count()).filter(|length| *length > MAX_ACK_NOTE_CHARS) {
        return Err(AppError::BadRequest {
            message_id: "inbox-error-note-too-long",
            args: vec![("length", FluentArg::Number(length as i64)), ("max", FluentArg::Number(MAX_ACK_NOTE_CHARS as i64))],
        });
    }

    let facts = directives::facts(&state.db, id, user.id).await?;
    user.require(Action::ViewDirective { directive: &facts })?;
    if facts.withdrawn {
        return Err(AppError::conflict("inbox-error-withdrawn"));
    }
    user.require(Action::AcknowledgeDirective { directive: &facts, school: input.school })?;

    let outcome = inbox::acknowledge(&state.db, id, input.school, user.id, note.as_deref()).await?;

    let (acknowledged_at, already_acknowledged) = match outcome {
        AckOutcome::Acknowledged { at } => (at, false),
        AckOutcome::AlreadyAcknowledged { at } => (at, true),
        AckOutcome::Withdrawn => return Err(AppError::conflict("inbox-error-withdrawn")),
    };
    Ok(Json(AcknowledgeResult { directive_id: id, school_id: input.school, acknowledged_at, already_acknowledged }))
}
