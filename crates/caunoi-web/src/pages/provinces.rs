//! Departments: the 34 provinces of the national list, which of them this deployment
//! hosts, and adding a department. Only the deployment administrator sees these pages.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::org;
use caunoi_core::policy::Action;
use caunoi_db::audit::{self, AuditEntry};
use caunoi_db::provinces::{self, Province};
use caunoi_db::{Db, DbError};
use tracing::{info, instrument};

use super::render;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{FluentArg, Locale};
use crate::state::AppState;
use crate::view::Nav;

/// Resolves the `{province}` segment of a path to the code of a hosted province.
///
/// Only the canonical two-digit form is accepted (`79`, not `079` or `7`), so every
/// page has one address. An invalid or unhosted code is "not found", the same answer
/// as a province the user may not see.
pub(crate) async fn hosted_code(db: &Db, raw: &str) -> AppResult<String> {
    let code = org::province_code(raw).filter(|code| code == raw).ok_or(AppError::NotFound)?;
    provinces::department(db, &code).await?;
    Ok(code)
}

#[derive(Template)]
#[template(path = "provinces/list.html")]
struct ListPage {
    nav: Nav,
    /// How many of the provinces are hosted, as a sentence.
    lead: String,
    provinces: Vec<Province>,
}

/// Lists every province with its number of communes and whether its department is hosted.
#[instrument(skip_all)]
pub async fn list(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri) -> AppResult<Response> {
    user.require(Action::AddDepartment)?;

    let provinces = provinces::list(&state.db).await?;

    let hosted = provinces.iter().filter(|p| p.hosted == 1).count();
    let lead = locale.t_args(
        "departments-lead",
        &[("hosted", FluentArg::Number(hosted as i64)), ("total", FluentArg::Number(provinces.len() as i64))],
    );
    let page = ListPage { nav: Nav::new(locale, &user, None, "provinces", &uri), lead, provinces };
    render(&page)
}

/// Adds the department of a province from the reference list, records it in the
/// province's audit log and opens the province's page.
#[instrument(skip_all, fields(province.code = %raw_code))]
pub async fn add_department(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw_code): Path<String>,
) -> AppResult<Response> {
    // Nothing to load first: the action does not depend on the target, and people other
    // than the deployment administrator must get 404 even for a malformed code.
    user.require(Action::AddDepartment)?;
    let code = org::province_code(&raw_code).ok_or_else(|| AppError::bad_value("departments-error-invalid-code", &raw_code))?;

    let department = match provinces::add_department(&state.db, &code).await {
        Ok(department) => department,
        Err(DbError::Conflict(_)) => return Err(already_hosted(&state.db, &code).await),
        Err(other) => return Err(other.into()),
    };
    // NOTE: the department and its audit record are two writes, not one transaction, so a
    // failure in between leaves a department without its record.
    let entry = AuditEntry {
        user_id: Some(user.id),
        province: Some(&code),
        action: "departments.add",
        entity: "department",
        entity_id: department.id.to_string(),
        details: serde_json::json!({ "province_code": code }),
    };
    audit::record(&state.db.pool, &entry).await?;

    info!(province.code = %code, department.id = department.id, "department added");
    Ok(Redirect::to(&format!("/p/{code}")).into_response())
}

/// Builds the 409 for a province whose department already exists, naming the province.
async fn already_hosted(db: &Db, code: &str) -> AppError {
    let name = match provinces::get(db, code).await {
        Ok(province) => province.name,
        Err(_) => code.to_owned(),
    };
    AppError::Conflict { message_id: "departments-error-already-hosted", args: vec![("province", FluentArg::Text(name))] }
}
