//! Directives through the API, on the sender's side: create a draft, publish, list,
//! read with each school's status, amend and withdraw. Input goes through the same
//! parsing as the form, so the API accepts exactly what the screens accept.

use axum::Json;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use caunoi_core::directive::{Audience, DirectiveKind, DirectiveStatus, ReceiptStatus};
use caunoi_core::org::{self, Ownership, Role, SchoolLevel};
use caunoi_core::policy::{Action, StaffVisibility, directive_tracking};
use caunoi_db::directives::list::{DirectiveFilter, DirectiveSummary};
use caunoi_db::directives::tracking::{self, TrackingFilter, TrackingScope};
use caunoi_db::directives::{self, Directive};
use caunoi_db::{DbError, clusters, now_ms};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{IntoParams, ToSchema};

use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, List, PageQuery, bad_parameter, parse_id, present, visible_province};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{FluentArg, rfc3339 as instant};
use crate::pages::directives::input::{self, MAX_NOTE, Problem, Problems, RawContent};
use crate::pages::directives::{FormContext, SenderScope, sender_scope};
use crate::state::AppState;

/// Routes of this area under `/api/v1`.
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/directives", get(list).post(create))
        .route("/directives/{id}", get(detail))
        .route("/directives/{id}/publish", post(publish))
        .route("/directives/{id}/amend", post(amend))
        .route("/directives/{id}/withdraw", post(withdraw))
}

/// A JSON body. A body that is not JSON of the expected shape is a 400 in the error
/// envelope, with the parser's explanation.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(AppError::BadRequest {
                message_id: "directives-api-error-json",
                args: vec![("detail", FluentArg::Text(rejection.body_text()))],
            }),
        }
    }
}


/// Who receives a directive. Filters combine: `levels: ["lower_secondary"]` with
/// `clusters: [3, 7]` selects the lower-secondary schools of clusters 3 and 7; named
/// `schools` are added regardless of the filters. Leaders of each school always receive
/// it; `roles` adds `core_teacher` or `teacher`.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct AudienceBody {
    /// Every school of the province, or of the sending cluster.
    pub everyone: bool,
    /// Cluster ids of the current school year.
    pub clusters: Vec<i64>,
    /// Five-digit commune codes.
    #[schema(example = json!(["26743"]))]
    pub communes: Vec<String>,
    #[schema(example = json!(["lower_secondary"]))]
    pub levels: Vec<String>,
    /// `public` or `private`.
    pub ownerships: Vec<String>,
    /// School ids.
    pub schools: Vec<i64>,
    #[schema(example = json!(["core_teacher"]))]
    pub roles: Vec<String>,
}

impl From<&Audience> for AudienceBody {
    fn from(audience: &Audience) -> AudienceBody {
        AudienceBody {
            everyone: audience.everyone,
            clusters: audience.clusters.clone(),
            communes: audience.communes.clone(),
            levels: audience.levels.iter().map(|l| l.as_str().to_owned()).collect(),
            ownerships: audience.ownerships.iter().map(|o| o.as_str().to_owned()).collect(),
            schools: audience.schools.clone(),
            roles: audience.roles.iter().map(|r| r.as_str().to_owned()).collect(),
        }
    }
}

impl AudienceBody {
    fn parse(&self, problems: &mut Problems) -> Audience {
        let mut audience = Audience {
            everyone: self.everyone,
            clusters: self.clusters.clone(),
            schools: self.schools.clone(),
            ..Audience::default()
        };
        for raw in &self.communes {
            match org::commune_code(raw) {
                Some(code) => audience.communes.push(code),
                None => problems.push(Problem::new("communes", "directives-error-commune").with("value", raw.as_str())),
            }
        }
        for raw in &self.levels {
            match SchoolLevel::parse(raw) {
                Some(level) => audience.levels.push(level),
                None => problems.push(Problem::new("levels", "directives-error-choice").with("value", raw.as_str())),
            }
        }
        for raw in &self.ownerships {
            match Ownership::parse(raw) {
                Some(ownership) => audience.ownerships.push(ownership),
                None => problems.push(Problem::new("ownerships", "directives-error-choice").with("value", raw.as_str())),
            }
        }
        for raw in &self.roles {
            match Role::parse(raw) {
                Some(role) => audience.roles.push(role),
                None => problems.push(Problem::new("roles", "directives-error-choice").with("value", raw.as_str())),
            }
        }
        audience
    }
}

/// The content of a directive, for a new draft and an amendment.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ContentBody {
    /// `dispatch`, `plan`, `guidance`, `decision` or `notice`.
    #[schema(example = "dispatch")]
    pub kind: String,
    #[schema(example = "1581/SGDĐT-GDTrH")]
    pub number_symbol: String,
    /// Defaults to the department's or the cluster board's name for a new draft, and
    /// to the current one for an amendment.
    pub issuing_body: Option<String>,
    #[serde(default)]
    pub signer: String,
    /// Date printed on the document, `YYYY-MM-DD`.
    #[schema(example = "2026-12-01")]
    pub issued_on: Option<String>,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Plain text; a blank line separates paragraphs.
    #[serde(default)]
    pub body: String,
    /// RFC 3339 instant by which leaders acknowledge, in the future.
    #[schema(example = "2026-12-20T17:00:00+07:00")]
    pub ack_deadline: Option<String>,
    /// Hours before the deadline when the first reminder goes out, 1 to 720; 24 when
    /// absent.
    #[schema(example = 24)]
    pub remind_before_hours: Option<i64>,
}

impl ContentBody {
    /// Parses the content; `issuing_body` falls back to `default_issuing_body`.
    fn parse(&self, default_issuing_body: &str, problems: &mut Problems) -> Option<directives::DirectiveInput> {
        let issuing_body = present(&self.issuing_body).unwrap_or(default_issuing_body);
        let raw = RawContent {
            kind: &self.kind,
            number_symbol: &self.number_symbol,
            issuing_body,
            signer: &self.signer,
            issued_on: self.issued_on.as_deref().unwrap_or_default(),
            title: &self.title,
            summary: &self.summary,
            body: &self.body,
        };
        let content = input::content(raw, problems);
        let ack_deadline = match present(&self.ack_deadline) {
            None => None,
            Some(text) => match chrono::DateTime::parse_from_rfc3339(text) {
                Ok(at) => Some(at.timestamp_millis()),
                Err(_) => {
                    problems.push(Problem::new("ack_deadline", "directives-api-error-deadline").with("value", text));
                    None
                }
            },
        };
        input::check_future(ack_deadline, now_ms(), problems);
        let hours = self.remind_before_hours.map(|hours| hours.to_string()).unwrap_or_default();
        let remind_before_min = input::remind_minutes(&hours, problems);
        content.map(|content| directives::DirectiveInput { ack_deadline, remind_before_min, ..content })
    }
}

/// A new draft.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateBody {
    /// Province of the department that sends; defaults to the caller's only province.
    /// Not needed with `cluster_id`.
    #[schema(example = "79")]
    pub province: Option<String>,
    /// The cluster whose board sends, for its own schools; absent for the department.
    pub cluster_id: Option<i64>,
    #[serde(flatten)]
    pub content: ContentBody,
    #[serde(default)]
    pub audience: AudienceBody,
}

/// A new version of a published directive. Every receiving school acknowledges again.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AmendBody {
    #[serde(flatten)]
    pub content: ContentBody,
    /// Description of the change, which the schools read.
    pub change_note: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct WithdrawBody {
    /// Reason for the withdrawal, which the schools read.
    pub reason: String,
}

/// A directive in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct DirectiveItem {
    pub id: i64,
    /// The sending cluster; null when the department sent it.
    pub cluster_id: Option<i64>,
    /// `draft`, `published` or `withdrawn`.
    #[schema(example = "published")]
    pub status: String,
    /// 0 for a draft, 1 at publication, one more per amendment.
    pub version: i64,
    #[schema(example = "dispatch")]
    pub kind: String,
    #[schema(example = "1581/SGDĐT-GDTrH")]
    pub number_symbol: String,
    pub issuing_body: String,
    pub issued_on: Option<String>,
    pub title: String,
    pub ack_deadline: Option<String>,
    pub published_at: Option<String>,
    pub withdrawn_at: Option<String>,
    /// Receiving schools; 0 for a draft.
    pub recipients: i64,
    /// Receiving schools that acknowledged the current version.
    pub acknowledged: i64,
}

impl From<DirectiveSummary> for DirectiveItem {
    fn from(item: DirectiveSummary) -> DirectiveItem {
        DirectiveItem {
            id: item.id,
            cluster_id: item.cluster_id,
            status: item.status,
            version: item.version,
            kind: item.kind,
            number_symbol: item.number_symbol,
            issuing_body: item.issuing_body,
            issued_on: item.issued_on,
            title: item.title,
            ack_deadline: item.ack_deadline.map(instant),
            published_at: item.published_at.map(instant),
            withdrawn_at: item.withdrawn_at.map(instant),
            recipients: item.recipients,
            acknowledged: item.acknowledged,
        }
    }
}

/// One receiving school and its status for the current version.
#[derive(Debug, Serialize, ToSchema)]
pub struct SchoolStatus {
    pub school_id: i64,
    pub name: String,
    pub cluster_id: Option<i64>,
    pub commune_code: Option<String>,
    /// `not_opened`, `read`, `acknowledged` or `overdue`.
    #[schema(example = "acknowledged")]
    pub status: String,
    pub read_at: Option<String>,
    pub acknowledged_at: Option<String>,
    pub ack_note: Option<String>,
}

/// One published version.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionItem {
    pub version: i64,
    pub number_symbol: String,
    pub title: String,
    /// Empty for the first version.
    pub change_note: String,
    pub published_at: String,
}

/// A directive with its audience, history and the status of each receiving school the
/// caller may follow: all of them for the sender, a cluster's or a commune's for its
/// board or officer, none for a school.
#[derive(Debug, Serialize, ToSchema)]
pub struct DirectiveDetail {
    pub id: i64,
    #[schema(example = "79")]
    pub province_code: String,
    pub cluster_id: Option<i64>,
    #[schema(example = "published")]
    pub status: String,
    pub version: i64,
    #[schema(example = "dispatch")]
    pub kind: String,
    #[schema(example = "1581/SGDĐT-GDTrH")]
    pub number_symbol: String,
    pub issuing_body: String,
    pub signer: String,
    pub issued_on: Option<String>,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub ack_deadline: Option<String>,
    pub remind_before_hours: i64,
    pub audience: AudienceBody,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    pub withdrawn_at: Option<String>,
    pub withdraw_reason: Option<String>,
    /// Receiving schools, and those that read and acknowledged the current version.
    pub recipients: i64,
    pub read: i64,
    pub acknowledged: i64,
    /// Empty for a draft.
    pub schools: Vec<SchoolStatus>,
    /// Newest first; empty for a draft.
    pub versions: Vec<VersionItem>,
}

/// Loads the detail of a directive, with the receiving schools that `visible` lets the
/// caller follow, through the same query as the tracking page.
async fn load_detail(state: &AppState, directive: Directive, visible: &StaffVisibility) -> AppResult<DirectiveDetail> {
    let counts = directives::list::recipient_counts(&state.db, directive.id).await?;
    let versions = directives::amend::versions(&state.db, directive.id).await?;
    let now = now_ms();
    let deadline = directive.ack_deadline;
    let schools = if visible.is_empty() || directive.status() == DirectiveStatus::Draft {
        Vec::new()
    } else {
        let scope = TrackingScope { directive_id: directive.id, ack_deadline: deadline, now, visibility: visible };
        tracking::school_statuses(&state.db, &scope, &TrackingFilter::default(), None).await?.0
    };
    Ok(DirectiveDetail {
        audience: AudienceBody::from(&directive.audience()),
        schools: schools
            .into_iter()
            .map(|school| SchoolStatus {
                status: ReceiptStatus::of(school.read_at, school.acknowledged_at, deadline, now).as_str().to_owned(),
                school_id: school.school_id,
                name: school.school_name,
                cluster_id: school.cluster_id,
                commune_code: school.commune_code,
                read_at: school.read_at.map(instant),
                acknowledged_at: school.acknowledged_at.map(instant),
                ack_note: school.ack_note,
            })
            .collect(),
        versions: versions
            .into_iter()
            .map(|v| VersionItem {
                version: v.version,
                number_symbol: v.number_symbol,
                title: v.title,
                change_note: v.change_note,
                published_at: instant(v.published_at),
            })
            .collect(),
        recipients: counts.recipients,
        read: counts.read,
        acknowledged: counts.acknowledged,
        id: directive.id,
        province_code: directive.province_code,
        cluster_id: directive.cluster_id,
        status: directive.status,
        version: directive.version,
        kind: directive.kind,
        number_symbol: directive.number_symbol,
        issuing_body: directive.issuing_body,
        signer: directive.signer,
        issued_on: directive.issued_on,
        title: directive.title,
        summary: directive.summary,
        body: directive.body,
        ack_deadline: directive.ack_deadline.map(instant),
        remind_before_hours: directive.remind_before_min / 60,
        created_at: instant(directive.created_at),
        updated_at: instant(directive.updated_at),
        published_at: directive.published_at.map(instant),
        withdrawn_at: directive.withdrawn_at.map(instant),
        withdraw_reason: directive.withdraw_reason,
    })
}

/// Loads the detail of a directive its sender just changed: every school.
async fn sender_detail(state: &AppState, id: i64) -> AppResult<DirectiveDetail> {
    let directive = directives::get(&state.db, id).await?;
    let everything = StaffVisibility { whole_province: true, ..StaffVisibility::default() };
    load_detail(state, directive, &everything).await
}

/// Loads a directive for its sender, or the 404 of a missing one.
async fn managed(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<Directive> {
    let id = parse_id("id", raw_id)?;
    let facts = directives::facts(&state.db, id, user.id).await?;
    user.require(Action::ManageDirective { directive: &facts })?;
    Ok(directives::get(&state.db, id).await?)
}

/// Create a draft directive of the department, or of a cluster board for its own
/// schools.
#[utoipa::path(
    post,
    path = "/api/v1/directives",
    operation_id = "create_directive",
    tag = "directives",
    request_body = CreateBody,
    responses(
        (status = 201, description = "The draft", body = DirectiveDetail),
        (status = 400, description = "A field is invalid; the message names it and the fix", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province or cluster, or the caller may not send from it", body = ErrorBody),
        (status = 409, description = "The cluster belongs to another school year than the current one", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<CreateBody>,
) -> AppResult<(StatusCode, Json<DirectiveDetail>)> {
    let (province, cluster) = match body.cluster_id {
        Some(id) => {
            let facts = clusters::facts(&state.db, id).await?;
            user.require(Action::CreateDirective { province: &facts.province, cluster: Some(&facts) })?;
            (facts.province, Some(id))
        }
        None => {
            let province = visible_province(&state.db, &user, &body.province).await?;
            user.require(Action::CreateDirective { province: &province, cluster: None })?;
            (province, None)
        }
    };
    let context = FormContext::load(&state.db, &province, cluster).await?;
    if let Some(id) = cluster {
        FormContext::require_current_cluster(&state.db, id, &context.sender.school_year).await?;
    }

    let mut problems = Problems::default();
    let content = body.content.parse(&context.sender_name, &mut problems);
    let audience = body.audience.parse(&mut problems);
    let audience = input::check_audience(&state.db, &context.sender, audience, &mut problems).await?;
    problems.into_result()?;
    let Some(content) = content else {
        return Err(AppError::internal("directive content rejected without a problem"));
    };
    let input = directives::DirectiveInput { audience, ..content };

    let id = directives::create_draft(&state.db, &province, cluster, &input, user.id).await?;

    Ok((StatusCode::CREATED, Json(sender_detail(&state, id).await?)))
}

/// Publish a draft to the schools its audience selects now.
#[utoipa::path(
    post,
    path = "/api/v1/directives/{id}/publish",
    operation_id = "publish_directive",
    tag = "directives",
    params(("id" = i64, Path, description = "Directive id")),
    responses(
        (status = 200, description = "The published directive with its receiving schools", body = DirectiveDetail),
        (status = 400, description = "The deadline has passed, or the audience selects no school", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such directive, or the caller is not its sender", body = ErrorBody),
        (status = 409, description = "The directive is already published or withdrawn", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn publish(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<DirectiveDetail>> {
    let directive = managed(&state, &user, &raw_id).await?;
    if directive.status() != DirectiveStatus::Draft {
        return Err(AppError::conflict("directives-error-not-draft"));
    }
    if let Some(deadline) = directive.ack_deadline.filter(|deadline| *deadline <= now_ms()) {
        return Err(AppError::bad_value("directives-error-publish-deadline", crate::i18n::datetime(deadline)));
    }

    let school_year = clusters::current_year(&state.db, &directive.province_code, crate::i18n::today()).await?;
    match directives::publish(&state.db, directive.id, user.id, &school_year).await {
        Ok(_) => {}
        Err(DbError::Invalid(_)) => {
            let current = directives::get(&state.db, directive.id).await?;
            if current.status() != DirectiveStatus::Draft {
                return Err(AppError::conflict("directives-error-not-draft"));
            }
            tracing::info!(directive.id = directive.id, "publication rejected: the audience selects no school");
            return Err(AppError::bad_request("directives-error-publish-no-school"));
        }
        Err(other) => return Err(other.into()),
    }

    Ok(Json(sender_detail(&state, directive.id).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectiveQuery {
    /// Province code; defaults to the caller's only province.
    #[param(example = "79")]
    pub province: Option<String>,
    /// `draft`, `published` or `withdrawn`.
    pub status: Option<String>,
    /// `dispatch`, `plan`, `guidance`, `decision` or `notice`.
    pub kind: Option<String>,
    /// Words searched in the number, title, summary and attachment names, ignoring
    /// tone marks, with `đ` read as `d`.
    pub q: Option<String>,
}

/// List the directives the caller sends: the whole province for department staff,
/// their clusters' for a cluster board, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/directives",
    operation_id = "list_directives",
    tag = "directives",
    params(DirectiveQuery, PageQuery),
    responses(
        (status = 200, description = "One page of directives", body = List<DirectiveItem>),
        (status = 400, description = "Invalid parameter, or `province` needed", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province, or the caller sends no directive there", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<DirectiveQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<DirectiveItem>>> {
    let page = paging.parse()?;
    let status = present(&query.status)
        .map(|raw| DirectiveStatus::parse(raw).ok_or_else(|| bad_parameter("directives-api-error-parameter", "status", raw)))
        .transpose()?;
    let kind = present(&query.kind)
        .map(|raw| DirectiveKind::parse(raw).ok_or_else(|| bad_parameter("directives-api-error-parameter", "kind", raw)))
        .transpose()?;
    let province = visible_province(&state.db, &user, &query.province).await?;
    let scope = sender_scope(&user, &province).ok_or(AppError::NotFound)?;
    let filter = DirectiveFilter {
        province,
        clusters: match scope {
            SenderScope::Department => None,
            SenderScope::Clusters(ids) => Some(ids),
        },
        status,
        kind,
        query: present(&query.q).map(str::to_owned),
    };

    let (items, total) = directives::list::list(&state.db, &filter, page).await?;

    Ok(Json(List { items: items.into_iter().map(DirectiveItem::from).collect(), total }))
}

/// Show a directive with its history and the status of each receiving school the
/// caller may follow.
#[utoipa::path(
    get,
    path = "/api/v1/directives/{id}",
    operation_id = "get_directive",
    tag = "directives",
    params(("id" = i64, Path, description = "Directive id")),
    responses(
        (status = 200, description = "The directive", body = DirectiveDetail),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such directive, or the caller did not send or receive it", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn detail(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<DirectiveDetail>> {
    let id = parse_id("id", &raw_id)?;
    let facts = directives::facts(&state.db, id, user.id).await?;
    user.require(Action::ViewDirective { directive: &facts })?;

    let directive = directives::get(&state.db, id).await?;
    let visible = directive_tracking(&user.actor, &facts);

    Ok(Json(load_detail(&state, directive, &visible).await?))
}

/// Publish a new version of a published directive with a change note. Every receiving
/// school's read and acknowledgement start over, and their leaders are notified.
#[utoipa::path(
    post,
    path = "/api/v1/directives/{id}/amend",
    operation_id = "amend_directive",
    tag = "directives",
    params(("id" = i64, Path, description = "Directive id")),
    request_body = AmendBody,
    responses(
        (status = 200, description = "The directive in its new version", body = DirectiveDetail),
        (status = 400, description = "A field is invalid; the message names it and the fix", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such directive, or the caller is not its sender", body = ErrorBody),
        (status = 409, description = "The directive is a draft or withdrawn", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn amend(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiJson(body): ApiJson<AmendBody>,
) -> AppResult<Json<DirectiveDetail>> {
    let directive = managed(&state, &user, &raw_id).await?;
    if directive.status() != DirectiveStatus::Published {
        return Err(AppError::conflict("directives-error-not-published"));
    }

    let mut problems = Problems::default();
    let content = body.content.parse(&directive.issuing_body, &mut problems);
    let note = input::paragraphs("change_note", &body.change_note, MAX_NOTE, true, &mut problems);
    problems.into_result()?;
    let Some(content) = content else {
        return Err(AppError::internal("directive content rejected without a problem"));
    };
    let input = directives::DirectiveInput { audience: directive.audience(), ..content };

    match directives::amend::amend(&state.db, directive.id, &input, &note, user.id).await {
        Ok(_) => Ok(Json(sender_detail(&state, directive.id).await?)),
        Err(DbError::Invalid(_)) => Err(AppError::conflict("directives-error-not-published")),
        Err(other) => Err(other.into()),
    }
}

/// Withdraw a published directive with a reason. Schools keep it, marked withdrawn,
/// and can no longer acknowledge it.
#[utoipa::path(
    post,
    path = "/api/v1/directives/{id}/withdraw",
    operation_id = "withdraw_directive",
    tag = "directives",
    params(("id" = i64, Path, description = "Directive id")),
    request_body = WithdrawBody,
    responses(
        (status = 200, description = "The withdrawn directive", body = DirectiveDetail),
        (status = 400, description = "The reason is missing or too long", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such directive, or the caller is not its sender", body = ErrorBody),
        (status = 409, description = "The directive is a draft or already withdrawn", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiJson(body): ApiJson<WithdrawBody>,
) -> AppResult<Json<DirectiveDetail>> {
    let directive = managed(&state, &user, &raw_id).await?;
    if directive.status() != DirectiveStatus::Published {
        return Err(AppError::conflict("directives-error-not-published"));
    }

    let mut problems = Problems::default();
    let reason = input::paragraphs("reason", &body.reason, MAX_NOTE, true, &mut problems);
    problems.into_result()?;

    match directives::amend::withdraw(&state.db, directive.id, &reason, user.id).await {
        Ok(_) => Ok(Json(sender_detail(&state, directive.id).await?)),
        Err(DbError::Invalid(_)) => Err(AppError::conflict("directives-error-not-published")),
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_vietnam_time() {
        // 2026-12-20T10:00:00Z.
        assert_eq!(instant(1_797_760_800_000), "2026-12-20T17:00:00+07:00");
    }

    #[test]
    fn audience_body_reports_unknown_level() {
        let mut problems = Problems::default();
        let body = AudienceBody { levels: vec!["college".into()], ..AudienceBody::default() };
        body.parse(&mut problems);
        assert_eq!(problems.0.len(), 1);
        assert_eq!(problems.0[0].field, "levels");
    }
}
