//! Professional-development activities: lists, the organiser's create, update, publish
//! and cancel, registrations (register, cancel, nominate), attendance and check-in.
//! Bodies go through the same parser as the screens' form, so the rules and the
//! messages are the same.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use caunoi_core::activity::registration::RegistrationStatus;
use caunoi_core::activity::{ActivityStatus, Openness};
use caunoi_core::policy::{Action, ActivityFacts};
use caunoi_db::activities::attendance::{self, CheckIn};
use caunoi_db::activities::list::{self as repo, ActivityFilter, ActivityItem, ListScope};
use caunoi_db::activities::registrations::{self, NewRegistration, RegisterError};
use caunoi_db::activities::{self, Activity};
use caunoi_db::{clusters, now_ms, schools};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::directives::{ApiJson, AudienceBody};
use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, List, PageQuery, bad_parameter, parse_id, present};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, rfc3339 as instant, vietnam_offset};
use crate::pages::activities::input::{self, ActivityForm, FormScope, organiser_value, parse_organiser};
use crate::pages::activities::{organisers, own_school};
use crate::pages::directives::input::Problem;
use crate::state::AppState;

/// Routes of this area under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities", get(list).post(create))
        .route("/activities/{id}", get(detail).put(update))
        .route("/activities/{id}/publish", post(publish))
        .route("/activities/{id}/cancel", post(cancel))
        .route("/activities/{id}/registrations", get(registrations_list).post(register))
        .route("/activities/{id}/registrations/cancel", post(leave))
        .route("/activities/{id}/nominations", post(nominate))
        .route("/activities/{id}/attendance", get(attendance_list).post(mark))
        .route("/activities/{id}/checkin", post(check_in))
}

/// The paths of this area, merged into the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(list, create, detail, update, publish, cancel, registrations_list, register, leave, nominate, attendance_list, mark, check_in),
    tags((name = "activities", description = "Professional-development activities (sinh hoạt chuyên môn): registration with a waiting list, nominations, attendance and check-in"))
)]
pub struct Doc;

/// An activity in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivitySummary {
    pub id: i64,
    /// `seminar`, `thematic_workshop`, `lesson_study`, `demonstration_lesson`,
    /// `model_lesson`, `classroom_observation`, `plc_meeting` or `experience_sharing`.
    #[schema(example = "thematic_workshop")]
    pub kind: String,
    /// `draft`, `published` or `cancelled`.
    pub status: String,
    pub title: String,
    /// `department`, `cluster` or `school`.
    pub organiser_kind: String,
    pub cluster_id: Option<i64>,
    pub school_id: Option<i64>,
    pub subjects: Vec<String>,
    /// RFC 3339 in Vietnam time (UTC+7).
    #[schema(example = "2026-10-15T14:00:00+07:00")]
    pub starts_at: String,
    pub ends_at: String,
    /// Null: no limit.
    pub capacity: Option<i64>,
    pub registered_count: i64,
    pub credit_minutes: i64,
    /// The caller's registration: `registered`, `waitlisted`, `cancelled` or null.
    pub my_status: Option<String>,
}

impl From<ActivityItem> for ActivitySummary {
    fn from(item: ActivityItem) -> ActivitySummary {
        ActivitySummary {
            subjects: item.subjects(),
            id: item.id,
            kind: item.kind,
            status: item.status,
            title: item.title,
            organiser_kind: item.organiser_kind,
            cluster_id: item.cluster_id,
            school_id: item.school_id,
            starts_at: instant(item.starts_at),
            ends_at: instant(item.ends_at),
            capacity: item.capacity,
            registered_count: item.registered_count,
            credit_minutes: item.credit_minutes,
            my_status: item.my_status,
        }
    }
}

/// An activity with everything its page shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityDetail {
    pub id: i64,
    pub province_code: String,
    #[schema(example = "cluster:12")]
    pub organiser: String,
    pub kind: String,
    pub status: String,
    pub title: String,
    pub description: String,
    pub subjects: Vec<String>,
    pub levels: Vec<String>,
    pub grades: Vec<i64>,
    pub presenters: String,
    pub place_school_id: Option<i64>,
    pub place_address: String,
    pub meeting_url: String,
    pub starts_at: String,
    pub ends_at: String,
    pub registration_deadline: Option<String>,
    pub capacity: Option<i64>,
    pub registered_count: i64,
    pub credit_minutes: i64,
    /// `audience`, `province` or `everyone`.
    pub openness: String,
    pub audience: AudienceBody,
    pub cancel_reason: String,
    pub my_status: Option<String>,
    /// The check-in code; only for the organiser's side.
    pub checkin_code: Option<String>,
}

async fn detail_of(state: &AppState, user: &CurrentUser, facts: &ActivityFacts, activity: Activity) -> AppResult<ActivityDetail> {
    let mine = registrations::of_user(&state.db, activity.id, user.id).await?;
    let manages = user.allows(Action::ManageActivity { activity: facts });
    Ok(ActivityDetail {
        organiser: organiser_value(activity.organiser(), &activity.province_code),
        subjects: activity.subjects(),
        levels: activity.levels(),
        grades: activity.grades(),
        audience: AudienceBody::from(&activity.audience()),
        starts_at: instant(activity.starts_at),
        ends_at: instant(activity.ends_at),
        registration_deadline: activity.registration_deadline.map(instant),
        my_status: mine.map(|r| r.status),
        checkin_code: manages.then(|| activity.checkin_code.clone()),
        id: activity.id,
        province_code: activity.province_code,
        kind: activity.kind,
        status: activity.status,
        title: activity.title,
        description: activity.description,
        presenters: activity.presenters,
        place_school_id: activity.place_school_id,
        place_address: activity.place_address,
        meeting_url: activity.meeting_url,
        capacity: activity.capacity,
        registered_count: activity.registered_count,
        credit_minutes: activity.credit_minutes,
        openness: activity.openness,
        cancel_reason: activity.cancel_reason,
    })
}

async fn visible(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<(ActivityFacts, Activity)> {
    let id = parse_id("id", raw_id)?;
    let facts = activities::facts(&state.db, id, user.id).await?;
    user.require(Action::ViewActivity { activity: &facts })?;
    Ok((facts, activities::get(&state.db, id).await?))
}

async fn managed(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<(ActivityFacts, Activity)> {
    let id = parse_id("id", raw_id)?;
    let facts = activities::facts(&state.db, id, user.id).await?;
    user.require(Action::ManageActivity { activity: &facts })?;
    Ok((facts, activities::get(&state.db, id).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// `upcoming` (default: published, not over, reaching the caller), `registered`,
    /// `organised` or `province` (every activity of the caller's province, for its
    /// department).
    pub tab: Option<String>,
    #[param(example = "thematic_workshop")]
    pub kind: Option<String>,
    #[param(example = "Ngữ văn")]
    pub subject: Option<String>,
    #[param(example = "lower_secondary")]
    pub level: Option<String>,
    /// `YYYY-MM`: activities starting in that month, Vietnam time.
    #[param(example = "2026-10")]
    pub month: Option<String>,
    /// With `tab=province`: activities of this cluster's board.
    #[param(value_type = Option<i64>)]
    pub cluster: Option<String>,
    /// Words searched in the title, description and presenters, ignoring tone marks.
    pub q: Option<String>,
}

/// List activities for the caller, by tab.
#[utoipa::path(
    get,
    path = "/api/v1/activities",
    operation_id = "list_activities",
    tag = "activities",
    params(ActivityQuery, PageQuery),
    responses(
        (status = 200, description = "One page of activities", body = List<ActivitySummary>),
        (status = 400, description = "Invalid parameter", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "A tab the caller may not open", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list(State(state): State<AppState>, user: CurrentUser, ApiQuery(query): ApiQuery<ActivityQuery>, ApiQuery(paging): ApiQuery<PageQuery>) -> AppResult<Json<List<ActivitySummary>>> {
    let page = paging.parse()?;
    let provinces = user.provinces();
    let mine = organisers(&user);
    let scope = match present(&query.tab) {
        None | Some("upcoming") => ListScope::Upcoming { user_id: user.id, provinces: provinces.clone() },
        Some("registered") => ListScope::Registered { user_id: user.id },
        Some("organised") => ListScope::Organised(mine.clone()),
        Some("province") => {
            let province = mine.departments.first().cloned().ok_or(AppError::NotFound)?;
            ListScope::Province { province, with_drafts: true }
        }
        Some(raw) => return Err(bad_parameter("act-api-error-tab", "tab", raw)),
    };
    let mut filter = ActivityFilter { text: present(&query.q).map(str::to_owned), subject: present(&query.subject).map(caunoi_core::text::normalize), ..ActivityFilter::default() };
    if let Some(raw) = present(&query.kind) {
        let kind = caunoi_core::activity::ActivityKind::parse(raw).ok_or_else(|| bad_parameter("act-error-filter-kind", "kind", raw))?;
        filter.kind = Some(kind.as_str().to_owned());
    }
    if let Some(raw) = present(&query.level) {
        let level = caunoi_core::org::SchoolLevel::parse(raw).ok_or_else(|| bad_parameter("act-error-filter-level", "level", raw))?;
        filter.level = Some(level.as_str().to_owned());
    }
    if let Some(raw) = present(&query.month) {
        let (from, before) = crate::pages::activities::month_range(raw).ok_or_else(|| bad_parameter("act-error-filter-month", "month", raw))?;
        filter.starts_from = Some(from);
        filter.starts_before = Some(before);
    }
    if let Some(raw) = present(&query.cluster) {
        filter.cluster_id = Some(parse_id("cluster", raw)?);
    }
    let (items, total) = repo::list(&state.db, &scope, &filter, user.id, now_ms(), page).await?;
    Ok(Json(List { items: items.into_iter().map(ActivitySummary::from).collect(), total }))
}

/// Get an activity.
#[utoipa::path(
    get,
    path = "/api/v1/activities/{id}",
    operation_id = "get_activity",
    tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 200, description = "The activity", body = ActivityDetail),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity, or outside the caller's reach", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn detail(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<ActivityDetail>> {
    let (facts, activity) = visible(&state, &user, &raw_id).await?;
    Ok(Json(detail_of(&state, &user, &facts, activity).await?))
}

/// The organiser's fields of an activity.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ActivityBody {
    /// `department:79`, `cluster:12` or `school:345`; only on create.
    #[schema(example = "cluster:12")]
    pub organiser: String,
    pub title: String,
    #[schema(example = "thematic_workshop")]
    pub kind: String,
    pub subjects: Vec<String>,
    /// School levels such as `lower_secondary`.
    pub levels: Vec<String>,
    /// 1 to 12.
    pub grades: Vec<i64>,
    pub description: String,
    /// One per line.
    pub presenters: String,
    pub place_school_id: Option<i64>,
    pub place_address: String,
    /// An https URL.
    pub meeting_url: String,
    /// RFC 3339; kept to the minute in Vietnam time.
    #[schema(example = "2026-10-15T14:00:00+07:00")]
    pub starts_at: String,
    pub ends_at: String,
    pub registration_deadline: Option<String>,
    pub capacity: Option<i64>,
    /// Null takes the activity's length rounded to 15 minutes, at most 8 hours a day.
    pub credit_minutes: Option<i64>,
    /// `audience` (default), `province` or `everyone`.
    pub openness: Option<String>,
    pub audience: Option<AudienceBody>,
    pub plan_item_id: Option<i64>,
}

/// Splits an RFC 3339 instant into the form's Vietnam date and time, or the raw text
/// as the date so that the parser names it.
fn vietnam_fields(raw: &str) -> (String, String) {
    match chrono::DateTime::parse_from_rfc3339(raw.trim()) {
        Ok(instant) => {
            let local = instant.with_timezone(&vietnam_offset());
            (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string())
        }
        Err(_) if raw.trim().is_empty() => (String::new(), String::new()),
        Err(_) => (raw.trim().to_owned(), "00:00".to_owned()),
    }
}

impl ActivityBody {
    /// Converts the body into the fields the screens' form sends.
    fn into_form(self) -> ActivityForm {
        let (start_date, start_time) = vietnam_fields(&self.starts_at);
        let (end_date, end_time) = vietnam_fields(&self.ends_at);
        let (deadline_date, deadline_time) = self.registration_deadline.as_deref().map(vietnam_fields).unwrap_or_default();
        let audience = self.audience.unwrap_or_default();
        ActivityForm {
            organiser: self.organiser,
            title: self.title,
            kind: self.kind,
            subjects: self.subjects.join(", "),
            levels: self.levels,
            grades: self.grades.iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
            description: self.description,
            presenters: self.presenters,
            place_school: self.place_school_id.map(|id| format!("#{id}")).unwrap_or_default(),
            place_address: self.place_address,
            meeting_url: self.meeting_url,
            start_date,
            start_time,
            end_date,
            end_time,
            capacity: self.capacity.map(|c| c.to_string()).unwrap_or_default(),
            deadline_date,
            deadline_time,
            credit_hours: self.credit_minutes.map(|m| format!("{}", m as f64 / 60.0)).unwrap_or_default(),
            openness: self.openness.unwrap_or_else(|| Openness::Audience.as_str().to_owned()),
            plan_item: self.plan_item_id.map(|id| id.to_string()).unwrap_or_default(),
            everyone: audience.everyone.then(|| "1".to_owned()),
            clusters: audience.clusters.iter().map(i64::to_string).collect(),
            communes: audience.communes.join(", "),
            audience_levels: audience.levels,
            ownerships: audience.ownerships,
            schools: audience.schools.iter().map(|id| format!("#{id}")).collect::<Vec<_>>().join("\n"),
            roles: audience.roles,
        }
    }
}

async fn scope_for(state: &AppState, province: &str, organiser: caunoi_core::activity::Organiser, check_future: bool) -> AppResult<FormScope> {
    let school_year = clusters::current_year(&state.db, province, i18n::today()).await?;
    let mut communes = caunoi_db::communes::all_in_province(&state.db, province).await?;
    if let Some(id) = organiser.cluster() {
        let members: Vec<String> = clusters::member_communes(&state.db, id).await?.into_iter().map(|c| c.code).collect();
        communes.retain(|c| members.contains(&c.code));
    }
    Ok(FormScope { province: province.to_owned(), organiser, school_year, communes, check_future })
}

/// Create a draft activity.
#[utoipa::path(
    post,
    path = "/api/v1/activities",
    operation_id = "create_activity",
    tag = "activities",
    request_body = ActivityBody,
    responses(
        (status = 201, description = "The draft", body = ActivityDetail),
        (status = 400, description = "A field is invalid; the message names the value and the fix", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "The caller may not organise for this organiser", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn create(State(state): State<AppState>, user: CurrentUser, ApiJson(body): ApiJson<ActivityBody>) -> AppResult<(StatusCode, Json<ActivityDetail>)> {
    let (organiser, department) = parse_organiser(&body.organiser).ok_or_else(|| Problem::new("organiser", "act-error-organiser").with("value", body.organiser.trim()).into_error())?;
    let province = match organiser {
        caunoi_core::activity::Organiser::Department => department.ok_or(AppError::NotFound)?,
        caunoi_core::activity::Organiser::Cluster(id) => clusters::facts(&state.db, id).await?.province,
        caunoi_core::activity::Organiser::School(id) => schools::facts(&state.db, id).await?.province,
    };
    let cluster_facts = match organiser.cluster() {
        Some(id) => Some(clusters::facts(&state.db, id).await?),
        None => None,
    };
    user.require(Action::OrganiseActivity { province: &province, organiser, cluster: cluster_facts.as_ref() })?;

    let scope = scope_for(&state, &province, organiser, true).await?;
    let input = input::parse(&state.db, &scope, &body.into_form(), now_ms()).await?.map_err(|problems| problems.into_result().err().unwrap_or_else(|| AppError::internal("rejected without a problem")))?;
    let id = activities::create(&state.db, &province, organiser, &input, &attendance::new_code(), user.id).await?;
    let (facts, activity) = visible(&state, &user, &id.to_string()).await?;
    Ok((StatusCode::CREATED, Json(detail_of(&state, &user, &facts, activity).await?)))
}

/// Replace an activity's fields. A published activity keeps its audience; a larger
/// capacity moves people up from the waiting list.
#[utoipa::path(
    put,
    path = "/api/v1/activities/{id}",
    operation_id = "update_activity",
    tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = ActivityBody,
    responses(
        (status = 200, description = "The activity", body = ActivityDetail),
        (status = 400, description = "A field is invalid", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity, or the caller does not organise it", body = ErrorBody),
        (status = 409, description = "The activity was cancelled", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn update(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiJson(body): ApiJson<ActivityBody>) -> AppResult<Json<ActivityDetail>> {
    let (facts, activity) = managed(&state, &user, &raw_id).await?;
    if activity.status() == ActivityStatus::Cancelled {
        return Err(AppError::conflict("act-error-cancelled"));
    }
    let starts_changed = chrono::DateTime::parse_from_rfc3339(body.starts_at.trim()).map(|t| t.timestamp_millis() / 60_000 != activity.starts_at / 60_000).unwrap_or(true);
    let scope = scope_for(&state, &activity.province_code, activity.organiser(), starts_changed).await?;
    let mut form = body.into_form();
    if activity.status() != ActivityStatus::Draft {
        let stored = activity.audience();
        form.everyone = stored.everyone.then(|| "1".to_owned());
        form.clusters = stored.clusters.iter().map(i64::to_string).collect();
        form.communes = stored.communes.join(", ");
        form.audience_levels = stored.levels.iter().map(|l| l.as_str().to_owned()).collect();
        form.ownerships = stored.ownerships.iter().map(|o| o.as_str().to_owned()).collect();
        form.schools = stored.schools.iter().map(|id| format!("#{id}")).collect::<Vec<_>>().join("\n");
        form.roles = stored.roles.iter().map(|r| r.as_str().to_owned()).collect();
    }
    let input = input::parse(&state.db, &scope, &form, now_ms()).await?.map_err(|problems| problems.into_result().err().unwrap_or_else(|| AppError::internal("rejected without a problem")))?;
    match activities::update(&state.db, activity.id, &input).await {
        Ok(()) => {}
        Err(caunoi_db::DbError::Invalid(_)) => return Err(AppError::conflict("act-error-cancelled")),
        Err(other) => return Err(other.into()),
    }
    let before = activity;
    if before.status() == ActivityStatus::Published {
        registrations::promote(&state.db, before.id).await?;
    }
    let activity = activities::get(&state.db, before.id).await?;
    registrations::notify_changed(&state.db, &before, &activity).await?;
    Ok(Json(detail_of(&state, &user, &facts, activity).await?))
}

/// Publish a draft to its audience.
#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/publish",
    operation_id = "publish_activity",
    tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 200, description = "The published activity", body = ActivityDetail),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity, or the caller does not organise it", body = ErrorBody),
        (status = 409, description = "Not a draft, started already, or the audience reaches no school", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn publish(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<ActivityDetail>> {
    let (facts, activity) = managed(&state, &user, &raw_id).await?;
    if activity.status() != ActivityStatus::Draft {
        return Err(AppError::conflict("act-error-not-draft"));
    }
    if activity.starts_at <= now_ms() {
        return Err(AppError::Conflict { message_id: "act-error-start-past", args: vec![("value", FluentArg::Text(i18n::datetime(activity.starts_at)))] });
    }
    let year = clusters::current_year(&state.db, &activity.province_code, i18n::today()).await?;
    match activities::publish(&state.db, activity.id, &year).await {
        Ok(_) => {}
        Err(caunoi_db::DbError::Invalid(_)) => return Err(AppError::conflict("act-error-audience-reaches-none")),
        Err(other) => return Err(other.into()),
    }
    let activity = activities::get(&state.db, activity.id).await?;
    Ok(Json(detail_of(&state, &user, &facts, activity).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CancelBody {
    /// Shown to everyone registered or waiting, who are notified.
    pub reason: String,
}

/// Cancel an activity with a reason; everyone registered or waiting is notified.
#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/cancel",
    operation_id = "cancel_activity",
    tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = CancelBody,
    responses(
        (status = 200, description = "The cancelled activity", body = ActivityDetail),
        (status = 400, description = "The reason is missing or too long", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity, or the caller does not organise it", body = ErrorBody),
        (status = 409, description = "Already cancelled", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn cancel(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiJson(body): ApiJson<CancelBody>) -> AppResult<Json<ActivityDetail>> {
    let (facts, activity) = managed(&state, &user, &raw_id).await?;
    let reason = caunoi_core::text::normalize(body.reason.trim());
    if reason.is_empty() {
        return Err(AppError::bad_request("act-error-reason-missing"));
    }
    let length = reason.chars().count();
    if length > crate::pages::activities::MAX_REASON {
        return Err(AppError::BadRequest { message_id: "act-error-reason-long", args: vec![("length", FluentArg::Number(length as i64)), ("max", FluentArg::Number(crate::pages::activities::MAX_REASON as i64))] });
    }
    match registrations::cancel_activity(&state.db, activity.id, &reason).await {
        Ok(()) => {}
        Err(caunoi_db::DbError::Invalid(_)) => return Err(AppError::conflict("act-error-cancelled")),
        Err(other) => return Err(other.into()),
    }
    let activity = activities::get(&state.db, activity.id).await?;
    Ok(Json(detail_of(&state, &user, &facts, activity).await?))
}

/// One registration.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationItem {
    pub id: i64,
    pub user_id: i64,
    pub full_name: String,
    pub school_id: Option<i64>,
    pub school_name: Option<String>,
    /// `registered` or `waitlisted`; the waiting list is in its order.
    pub status: String,
    pub nominated_by: Option<i64>,
    pub queued_at: String,
}

/// The caller's place after a registration or a nomination.
#[derive(Debug, Serialize, ToSchema)]
pub struct Placement {
    /// `registered` or `waitlisted`.
    pub status: String,
}

fn register_error(error: RegisterError) -> AppError {
    match error {
        RegisterError::Closed(refusal) => AppError::conflict(refusal.message_id()),
        RegisterError::AlreadyActive(RegistrationStatus::Waitlisted) => AppError::conflict("act-error-already-waitlisted"),
        RegisterError::AlreadyActive(_) => AppError::conflict("act-error-already-registered"),
        RegisterError::NotRegistered => AppError::conflict("act-error-not-registered"),
        RegisterError::Db(error) => error.into(),
    }
}

/// List registrations: those with a seat, then the waiting list in order.
#[utoipa::path(
    get,
    path = "/api/v1/activities/{id}/registrations",
    operation_id = "list_activity_registrations",
    tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 200, description = "Registrations", body = [RegistrationItem]),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity, or the caller does not organise it", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn registrations_list(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<Vec<RegistrationItem>>> {
    let (_, activity) = managed(&state, &user, &raw_id).await?;
    let items = registrations::list(&state.db, activity.id)
        .await?
        .into_iter()
        .map(|r| RegistrationItem {
            queued_at: instant(r.queued_at),
            id: r.id,
            user_id: r.user_id,
            full_name: r.full_name,
            school_id: r.school_id,
            school_name: r.school_name,
            status: r.status,
            nominated_by: r.nominated_by,
        })
        .collect();
    Ok(Json(items))
}

/// Register the caller: a seat, or a place at the end of the waiting list.
#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/registrations",
    operation_id = "register_for_activity",
    tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 201, description = "The caller's place", body = Placement),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity, or outside the caller's reach", body = ErrorBody),
        (status = 409, description = "Registration is closed, or the caller is already registered or waiting", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn register(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<(StatusCode, Json<Placement>)> {
    let (facts, _) = visible(&state, &user, &raw_id).await?;
    user.require(Action::RegisterForActivity { activity: &facts })?;
    let new = NewRegistration { activity_id: facts.id, user_id: user.id, school_id: own_school(&user), nominated_by: None, now: now_ms() };
    let status = registrations::register(&state.db, &new).await.map_err(register_error)?;
    Ok((StatusCode::CREATED, Json(Placement { status: status.as_str().to_owned() })))
}

/// Cancel the caller's registration; a freed seat goes to the head of the waiting list.
#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/registrations/cancel",
    operation_id = "cancel_activity_registration",
    tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 204, description = "Cancelled"),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity, or outside the caller's reach", body = ErrorBody),
        (status = 409, description = "No registration to cancel, or the activity has started", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn leave(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<StatusCode> {
    let (facts, activity) = visible(&state, &user, &raw_id).await?;
    if activity.starts_at <= now_ms() {
        return Err(AppError::conflict("activity-register-started"));
    }
    registrations::cancel(&state.db, facts.id, user.id).await.map_err(register_error)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NominationBody {
    /// A school the caller leads.
    pub school_id: i64,
    /// Users working at that school.
    pub user_ids: Vec<i64>,
}

/// Nominate teachers of a school the caller leads; each nominee is notified.
#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/nominations",
    operation_id = "nominate_for_activity",
    tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = NominationBody,
    responses(
        (status = 200, description = "Each nominee's place, in the order given", body = [Placement]),
        (status = 400, description = "A nominee does not work at the school, or none is given", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity, or the caller may not nominate from this school", body = ErrorBody),
        (status = 409, description = "Registration is closed", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn nominate(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiJson(body): ApiJson<NominationBody>) -> AppResult<Json<Vec<Placement>>> {
    let (facts, _) = visible(&state, &user, &raw_id).await?;
    user.require(Action::NominateForActivity { activity: &facts, school: body.school_id })?;
    let staff = schools::staff(&state.db, body.school_id).await?;
    if body.user_ids.is_empty() {
        return Err(AppError::bad_request("act-error-nominee-missing"));
    }
    if let Some(bad) = body.user_ids.iter().find(|id| !staff.iter().any(|m| m.user_id == **id)) {
        return Err(AppError::bad_value("act-error-nominee", bad.to_string()));
    }
    let mut placed = Vec::new();
    for user_id in body.user_ids {
        let new = NewRegistration { activity_id: facts.id, user_id, school_id: Some(body.school_id), nominated_by: Some(user.id), now: now_ms() };
        let status = match registrations::register(&state.db, &new).await {
            Ok(status) | Err(RegisterError::AlreadyActive(status)) => status,
            Err(error) => return Err(register_error(error)),
        };
        placed.push(Placement { status: status.as_str().to_owned() });
    }
    Ok(Json(placed))
}

/// One attendee.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendeeItem {
    pub user_id: i64,
    pub full_name: String,
    /// `organiser` or `code`.
    pub method: String,
    pub credited_minutes: i64,
    pub checked_at: String,
    /// False for a walk-in without a seat.
    pub registered: bool,
}

/// List the attendees.
#[utoipa::path(
    get,
    path = "/api/v1/activities/{id}/attendance",
    operation_id = "list_activity_attendance",
    tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 200, description = "Attendees", body = [AttendeeItem]),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity, or the caller does not organise it", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn attendance_list(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<Vec<AttendeeItem>>> {
    let (_, activity) = managed(&state, &user, &raw_id).await?;
    let items = attendance::list(&state.db, activity.id)
        .await?
        .into_iter()
        .map(|a| AttendeeItem { checked_at: instant(a.checked_at), user_id: a.user_id, full_name: a.full_name, method: a.method, credited_minutes: a.credited_minutes, registered: a.registered })
        .collect();
    Ok(Json(items))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct MarkBody {
    /// Registered people, or walk-ins reached by the activity, to mark present.
    pub present: Vec<i64>,
    /// People whose attendance is removed.
    pub absent: Vec<i64>,
}

/// Mark people present or absent; each present person is credited the activity's minutes.
#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/attendance",
    operation_id = "mark_activity_attendance",
    tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = MarkBody,
    responses(
        (status = 200, description = "Attendees after the change", body = [AttendeeItem]),
        (status = 400, description = "A person is neither registered nor reached by the activity", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity, or the caller does not organise it", body = ErrorBody),
        (status = 409, description = "The activity is not published", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn mark(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiJson(body): ApiJson<MarkBody>) -> AppResult<Json<Vec<AttendeeItem>>> {
    let (_, activity) = managed(&state, &user, &raw_id).await?;
    if activity.status() != ActivityStatus::Published {
        return Err(AppError::conflict("act-checkin-not-open"));
    }
    let registered = registrations::active_user_ids(&state.db, activity.id).await?;
    for id in &body.present {
        if registered.contains(id) {
            continue;
        }
        let facts = activities::facts(&state.db, activity.id, *id).await?;
        let reached = match caunoi_db::users::actor(&state.db, *id).await {
            Ok(actor) => caunoi_core::policy::allows(&actor, Action::RegisterForActivity { activity: &facts }),
            Err(caunoi_db::DbError::NotFound) => false,
            Err(error) => return Err(error.into()),
        };
        if !reached {
            return Err(AppError::bad_value("act-error-attendee", id.to_string()));
        }
    }
    attendance::mark(&state.db, activity.id, &body.present, &body.absent, user.id).await?;
    attendance_list(State(state), user, ApiPath(raw_id)).await
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CheckInBody {
    /// The code shown at the session; case, spaces and dashes are ignored.
    #[schema(example = "K7M9AC")]
    pub code: String,
}

/// The outcome of a check-in.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckInResult {
    /// `recorded`, `already_present` or `walk_in` (took a free seat).
    pub outcome: String,
    pub credited_minutes: i64,
}

/// Check the caller in with the code shown at the session.
#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/checkin",
    operation_id = "check_in_to_activity",
    tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = CheckInBody,
    responses(
        (status = 200, description = "Checked in", body = CheckInResult),
        (status = 400, description = "Wrong code", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity, or outside the caller's reach", body = ErrorBody),
        (status = 409, description = "Check-in is closed, or the activity is full and the caller holds no seat", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn check_in(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiJson(body): ApiJson<CheckInBody>) -> AppResult<Json<CheckInResult>> {
    let (facts, _) = visible(&state, &user, &raw_id).await?;
    if !facts.actor_registered {
        user.require(Action::RegisterForActivity { activity: &facts })?;
    }
    let outcome = attendance::check_in(&state.db, facts.id, user.id, own_school(&user), &body.code, now_ms()).await;
    let (outcome, minutes) = match outcome {
        Ok(CheckIn::Recorded { minutes }) => ("recorded", minutes),
        Ok(CheckIn::AlreadyPresent { minutes }) => ("already_present", minutes),
        Ok(CheckIn::WalkIn { minutes }) => ("walk_in", minutes),
        Err(attendance::CheckInError::WrongCode) => return Err(AppError::bad_value("act-checkin-wrong", body.code.trim())),
        Err(attendance::CheckInError::NotOpen) => return Err(AppError::conflict("act-checkin-not-open")),
        Err(attendance::CheckInError::OutsideWindow) => return Err(AppError::conflict("act-checkin-window")),
        Err(attendance::CheckInError::Full) => return Err(AppError::conflict("act-checkin-full")),
        Err(attendance::CheckInError::Throttled { retry_after_secs }) => return Err(AppError::TooManyRequests { retry_after_secs }),
        Err(attendance::CheckInError::Db(error)) => return Err(error.into()),
    };
    Ok(Json(CheckInResult { outcome: outcome.to_owned(), credited_minutes: minutes }))
}
