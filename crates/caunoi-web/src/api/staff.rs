//! Staff records of the personnel map: a school's list, one record with its personal
//! data when allowed, updates and list imports.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Multipart, State};
use axum::extract::multipart::MultipartRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use caunoi_core::policy::{Action, StaffFacts};
use caunoi_db::import::ImportError;
use caunoi_db::schools;
use caunoi_db::staff::records::{self, Competency, PersonalData, Reader, StaffRecord, UpdateError};
use caunoi_db::staff::{self, SchoolDirectory, Target};
use serde::Serialize;
use tracing::{info, instrument};
use utoipa::{OpenApi, ToSchema};

use super::error::{ErrorBody, invalid_fields};
use super::params::{ApiPath, ApiQuery, List, PageQuery, parse_id, present};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, today};
use crate::pages::imports::read_upload;
use crate::pages::staff::{StaffForm, duplicate_code_text, school_wide, field_message, parse_employment, parse_personal, problem_text};
use crate::state::AppState;

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/schools/{id}/staff", get(list).post(import))
        .route("/staff/{id}", get(detail).put(update))
}

/// The paths of this area, merged into the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(list, detail, update, import),
    components(schemas(StaffItem, StaffDetail, PersonalItem, CompetencyItem, StaffForm, ImportResult, RowProblem)),
    tags((name = "staff", description = "Staff records of the personnel map: lists without personal data, records, updates and list imports"))
)]
pub struct Doc;

/// A staff record without personal data, as every list shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffItem {
    pub id: i64,
    pub school_id: i64,
    pub staff_code: Option<String>,
    pub full_name: String,
    /// `female`, `male` or null.
    pub gender: Option<String>,
    /// `teacher`, `principal`, `deputy_head` or `staff`.
    pub position: String,
    /// `doctor`, `master`, `bachelor`, `college`, `intermediate`, `other` or null.
    pub qualification: Option<String>,
    pub trained_major: Option<String>,
    pub subjects_taught: String,
    pub periods_per_week: Option<f64>,
    pub is_core_teacher: bool,
    /// `excellent` (Tốt), `good` (Khá), `pass` (Đạt), `fail` (Chưa đạt) or null; null
    /// too for callers who may not read the person's personal data.
    pub standard_rating: Option<String>,
    /// `primary`, `lower_secondary`, `upper_secondary`, or null for the school's level.
    pub teaching_level: Option<String>,
    pub on_probation: bool,
    /// False while the person is away (long leave, study, secondment).
    pub available: bool,
}

impl From<StaffRecord> for StaffItem {
    fn from(record: StaffRecord) -> StaffItem {
        StaffItem {
            id: record.id,
            school_id: record.school_id,
            staff_code: record.staff_code,
            full_name: record.full_name,
            gender: record.gender,
            position: record.position,
            qualification: record.qualification,
            trained_major: record.trained_major,
            subjects_taught: record.subjects_taught,
            periods_per_week: record.periods_per_week,
            is_core_teacher: record.is_core_teacher == 1,
            standard_rating: record.standard_rating,
            teaching_level: record.teaching_level,
            on_probation: record.on_probation == 1,
            available: record.available == 1,
        }
    }
}

/// Protected personal data: only for the person, the school's leaders and the
/// department administrator. Every response that carries it is audit-logged.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalItem {
    /// ISO date, `1985-03-04`.
    pub birth_date: Option<String>,
    pub identity_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl From<PersonalData> for PersonalItem {
    fn from(data: PersonalData) -> PersonalItem {
        PersonalItem { birth_date: data.birth_date, identity_number: data.identity_number, phone: data.phone, email: data.email }
    }
}

/// A subject the person is qualified for and its source: `major`, `certificate` or `declared`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompetencyItem {
    pub subject: String,
    pub source: String,
}

impl From<Competency> for CompetencyItem {
    fn from(competency: Competency) -> CompetencyItem {
        CompetencyItem { subject: competency.subject, source: competency.source }
    }
}

/// One record with its competencies and duties; `personal` is null unless allowed.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffDetail {
    #[serde(flatten)]
    pub record: StaffItem,
    pub personal: Option<PersonalItem>,
    pub competencies: Vec<CompetencyItem>,
    /// Duty keys such as `homeroom` and `subject_group_head`.
    pub duties: Vec<String>,
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StaffQuery {
    /// Search in full names, ignoring case and tone marks.
    pub q: Option<String>,
}

/// List a school's staff records, without personal data, by given name.
#[utoipa::path(
    get,
    path = "/api/v1/schools/{id}/staff",
    operation_id = "list_staff",
    tag = "staff",
    params(("id" = i64, Path, description = "School id"), StaffQuery, PageQuery),
    responses(
        (status = 200, description = "One page of records", body = List<StaffItem>),
        (status = 400, description = "Invalid parameter", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such school, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiQuery(query): ApiQuery<StaffQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<StaffItem>>> {
    let id = parse_id("id", &raw_id)?;
    let page = paging.parse()?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ListStaff { school: &facts })?;

    let (items, total) = records::list(&state.db, id, present(&query.q), page).await?;
    // The professional-standard rating is an evaluation, shown like personal data.
    let rated = user.allows(Action::ViewStaffPersonalData { staff: &school_wide(&facts) });
    let items = items
        .into_iter()
        .map(StaffItem::from)
        .map(|item| if rated { item } else { StaffItem { standard_rating: None, ..item } })
        .collect();
    Ok(Json(List { items, total }))
}

/// Show one staff record; its personal data only to those allowed, and audited.
#[utoipa::path(
    get,
    path = "/api/v1/staff/{id}",
    operation_id = "get_staff",
    tag = "staff",
    params(("id" = i64, Path, description = "Staff record id")),
    responses(
        (status = 200, description = "The record", body = StaffDetail),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such record, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(staff.id = %raw_id))]
pub async fn detail(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<StaffDetail>> {
    let id = parse_id("id", &raw_id)?;
    let facts = records::facts(&state.db, id).await?;
    user.require(Action::ViewStaff { staff: &facts })?;
    Ok(Json(detail_of(&state, &user, &facts).await?))
}

async fn detail_of(state: &AppState, user: &CurrentUser, facts: &StaffFacts) -> AppResult<StaffDetail> {
    let mut record = records::get(&state.db, facts.id).await?;
    let allowed = user.allows(Action::ViewStaffPersonalData { staff: facts });
    if !allowed {
        record.standard_rating = None;
    }
    let personal = if allowed {
        let reader = Reader { user_id: user.id, province: &facts.school.province, via: "api" };
        Some(records::read_personal(&state.db, facts.id, reader).await?.into())
    } else {
        None
    };
    Ok(StaffDetail {
        record: record.into(),
        personal,
        competencies: records::competencies(&state.db, facts.id).await?.into_iter().map(CompetencyItem::from).collect(),
        duties: records::duties(&state.db, facts.id).await?,
    })
}

/// Replace a staff record's fields. School leaders and the department administrator
/// set every field; the person sets only the fields about themself (the others are
/// ignored). A blank optional field clears it.
#[utoipa::path(
    put,
    path = "/api/v1/staff/{id}",
    operation_id = "update_staff",
    tag = "staff",
    params(("id" = i64, Path, description = "Staff record id")),
    request_body = StaffForm,
    responses(
        (status = 200, description = "The record after the update", body = StaffDetail),
        (status = 400, description = "The body is not a JSON object of the record's fields", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such record, or the caller may not edit it", body = ErrorBody),
        (status = 422, description = "Invalid fields, or a staff code another record of the school has: `error.fields` names each one with a message naming the value and the fix", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(staff.id = %raw_id))]
pub async fn update(State(state): State<AppState>, locale: Locale, user: CurrentUser, ApiPath(raw_id): ApiPath, body: Bytes) -> AppResult<Response> {
    let id = parse_id("id", &raw_id)?;
    let facts = records::facts(&state.db, id).await?;
    let employment_allowed = user.allows(Action::EditStaff { staff: &facts });
    if !employment_allowed {
        user.require(Action::CorrectOwnStaffRecord { staff: &facts })?;
    }
    let form: StaffForm = serde_json::from_slice(&body).map_err(|_| AppError::bad_request("staff-api-error-json"))?;

    let mut errors = BTreeMap::new();
    let personal = parse_personal(&form, &mut errors);
    let employment = employment_allowed.then(|| parse_employment(&form, &mut errors));
    if !errors.is_empty() {
        return Ok(invalid_fields(errors.iter().map(|(field, problem)| (field.as_str(), field_message(locale, problem)))));
    }
    let editor = Reader { user_id: user.id, province: &facts.school.province, via: "api" };
    match records::update(&state.db, id, &personal, employment.as_ref(), editor).await {
        Ok(()) => Ok(Json(detail_of(&state, &user, &facts).await?).into_response()),
        Err(UpdateError::DuplicateCode { holder }) => {
            let message = duplicate_code_text(locale, &form.staff_code, &holder);
            Ok(invalid_fields([("staff_code", message)]))
        }
        Err(UpdateError::Db(error)) => Err(error.into()),
    }
}

/// Counts of an import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    pub rows: usize,
    pub created: i64,
    pub updated: i64,
}

/// One problem of a rejected list, in the caller's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowProblem {
    pub row: Option<u32>,
    pub field: Option<String>,
    pub message_id: String,
    pub message: String,
}

/// Import a staff list into a school (multipart field `file`, .xlsx or .csv). Every
/// row is written in one transaction. When any row has an error, nothing is written
/// and the response is 422 with every problem.
#[utoipa::path(
    post,
    path = "/api/v1/schools/{id}/staff",
    operation_id = "import_staff",
    tag = "staff",
    params(("id" = i64, Path, description = "School id")),
    request_body(content_type = "multipart/form-data", description = "`file`: the .xlsx or .csv staff list"),
    responses(
        (status = 200, description = "Every row imported", body = ImportResult),
        (status = 400, description = "No file, or the file cannot be read", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such school, or the caller may not import into it", body = ErrorBody),
        (status = 422, description = "Rows with errors; nothing imported", body = Vec<RowProblem>),
    )
)]
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn import(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let id = parse_id("id", &raw_id)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ImportStaff { school: &facts })?;
    let mut multipart = multipart.map_err(|_| AppError::bad_request("imports-error-malformed"))?;
    let upload = read_upload(&mut multipart, state.config.max_upload_bytes)
        .await
        .map_err(|_| AppError::bad_request("staff-import-missing-file"))?;

    let directory = SchoolDirectory::load_one(&state.db, id).await?;
    let parsed = tokio::task::spawn_blocking(move || {
        let target = Target { default_school: Some(id), directory: &directory, today: today(), max_rows: staff::MAX_SCHOOL_ROWS };
        staff::parse_staff_file(&upload.bytes, &upload.file_name, &target)
    })
    .await
    .map_err(AppError::internal)?;
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(ImportError::Rejected(problem)) => return Ok(problems_response(locale, std::slice::from_ref(&problem))),
        Err(ImportError::Db(error)) => return Err(error.into()),
    };
    if parsed.error_rows() > 0 {
        let problems: Vec<_> = parsed.rows.iter().flat_map(|row| row.problems.iter().cloned()).filter(|p| p.is_error()).collect();
        return Ok(problems_response(locale, &problems));
    }
    match staff::import_parsed(&state.db, &parsed, &facts.province, Some(user.id)).await {
        Ok(summary) => {
            info!(school.id = id, staff.rows = summary.rows, "staff list imported into school {id} through the API");
            Ok(Json(ImportResult { rows: summary.rows, created: summary.created, updated: summary.updated }).into_response())
        }
        Err(ImportError::Rejected(problem)) => Ok(problems_response(locale, std::slice::from_ref(&problem))),
        Err(ImportError::Db(error)) => Err(error.into()),
    }
}

fn problems_response(locale: Locale, problems: &[caunoi_db::import::Problem]) -> Response {
    let items: Vec<RowProblem> = problems
        .iter()
        .map(|problem| RowProblem {
            row: problem.args.get("row").and_then(|r| r.as_u64()).map(|r| r as u32),
            field: problem.field.clone(),
            message_id: problem.message_id.clone(),
            message: problem_text(locale, problem),
        })
        .collect();
    (StatusCode::UNPROCESSABLE_ENTITY, Json(items)).into_response()
}
