//! Importing a school's staff list on screen: upload, preview with every row's
//! problems, then confirm (all rows in one transaction) or discard.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::policy::{Action, SchoolFacts};
use caunoi_db::import::ImportError;
use caunoi_db::schools;
use caunoi_db::staff::{self, SchoolDirectory, StagedImport, Target};
use tracing::{info, instrument};

use super::problem_text;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, today};
use crate::pages::imports::{UploadError, read_upload, upload_error_text};
use crate::pages::render;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::Nav;

#[derive(Template)]
#[template(path = "staff/import.html")]
struct ImportPage {
    nav: Nav,
    school_id: i64,
    school_name: String,
    error: Option<String>,
}

/// One row with problems in the preview.
struct ProblemRow {
    row: u32,
    messages: Vec<String>,
}

#[derive(Template)]
#[template(path = "staff/preview.html")]
struct PreviewPage {
    nav: Nav,
    id: i64,
    school_id: i64,
    summary: String,
    pending: bool,
    problems: Vec<ProblemRow>,
    /// Names and positions of the first rows, without personal data.
    sample: Vec<(u32, String, String)>,
}

/// Rows shown in the preview's sample.
const SAMPLE_ROWS: usize = 20;

async fn load_school(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<(SchoolFacts, String)> {
    let id = parse_id(raw_id)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ImportStaff { school: &facts })?;
    let name = staff::records::school_name(&state.db, id).await?;
    Ok((facts, name))
}

/// Shows the upload form.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn import_form(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (facts, school_name) = load_school(&state, &user, &raw_id).await?;
    let page = ImportPage { nav: Nav::new(locale, &user, Some(&facts.province), "schools", &uri), school_id: facts.id, school_name, error: None };
    render(&page)
}

/// Parses an uploaded list for the school and stages it for the preview. A file that
/// cannot be used at all shows the form again with the reason and status 422.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn import_upload(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let (facts, school_name) = load_school(&state, &user, &raw_id).await?;
    let max_bytes = state.config.max_upload_bytes;
    let upload = match multipart {
        Ok(mut multipart) => read_upload(&mut multipart, max_bytes).await,
        Err(_) => Err(UploadError::Malformed),
    };
    let rejected = |message: String| {
        let page = ImportPage { nav: Nav::new(locale, &user, Some(&facts.province), "schools", &uri), school_id: facts.id, school_name: school_name.clone(), error: Some(message) };
        render(&page).map(|html| (StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
    };
    let upload = match upload {
        Ok(upload) => upload,
        Err(UploadError::NoFile) => return rejected(locale.t("staff-import-missing-file")),
        Err(error) => return rejected(upload_error_text(locale, &error, max_bytes)),
    };

    let directory = SchoolDirectory::load_one(&state.db, facts.id).await?;
    let parsed = tokio::task::spawn_blocking(move || {
        let target = Target { default_school: Some(facts.id), directory: &directory, today: today(), max_rows: staff::LIMITS.max_rows };
        staff::parse_staff_file(&upload.bytes, &upload.file_name, &target)
    })
    .await
    .map_err(AppError::internal)?;
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(ImportError::Rejected(problem)) => return rejected(problem_text(locale, &problem)),
        Err(ImportError::Db(error)) => return Err(error.into()),
    };
    let batch = staff::stage(&state.db, &facts.province, facts.id, &parsed, Some(user.id)).await?;
    info!(batch.id = batch, staff.rows = parsed.rows.len(), "staff list staged as batch {batch}");
    Ok(Redirect::to(&format!("/staff-imports/{batch}")).into_response())
}

/// Loads a staged list and checks that the user may import into its school.
async fn load_staged(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<(StagedImport, SchoolFacts)> {
    let id = parse_id(raw_id)?;
    let staged = staff::staged(&state.db, id).await?;
    let facts = schools::facts(&state.db, staged.school_id).await?;
    user.require(Action::ImportStaff { school: &facts })?;
    Ok((staged, facts))
}

/// Shows the preview: counts, every row's problems, and the confirm button when no
/// row has an error.
#[instrument(skip_all, fields(batch.id = %raw_id))]
pub async fn import_preview(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (staged, facts) = load_staged(&state, &user, &raw_id).await?;
    let problems = staged
        .rows
        .iter()
        .filter(|row| !row.problems.is_empty())
        .map(|row| ProblemRow { row: row.row_number, messages: row.problems.iter().map(|p| problem_text(locale, p)).collect() })
        .collect();
    let sample = staged
        .rows
        .iter()
        .take(SAMPLE_ROWS)
        .map(|row| (row.row_number, row.full_name.clone(), locale.tp("staff-position", row.position.as_str())))
        .collect();
    let summary = locale.t_args(
        "staff-import-preview",
        &[
            ("file", crate::i18n::FluentArg::Text(staged.file_name.clone())),
            ("rows", crate::i18n::FluentArg::Number(staged.rows.len() as i64)),
            ("errors", crate::i18n::FluentArg::Number(staged.error_rows as i64)),
        ],
    );
    let page = PreviewPage {
        nav: Nav::new(locale, &user, Some(&facts.province), "schools", &uri),
        id: staged.id,
        school_id: staged.school_id,
        summary,
        pending: staged.status == "pending",
        problems,
        sample,
    };
    render(&page)
}

/// Imports every row of a staged list in one transaction and opens the staff list.
/// A list with errors, or one already applied, gives 409 with the reason.
#[instrument(skip_all, fields(batch.id = %raw_id))]
pub async fn import_apply(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (staged, facts) = load_staged(&state, &user, &raw_id).await?;
    let school_id = staged.school_id;
    match staff::apply_staged(&state.db, staged, Some(user.id)).await {
        Ok(summary) => {
            info!(school.id = facts.id, staff.rows = summary.rows, "staff list applied to school {}", facts.id);
            Ok(Redirect::to(&format!("/schools/{school_id}/staff-records")).into_response())
        }
        Err(ImportError::Rejected(problem)) if problem.message_id == "staff-import-not-pending" => Err(AppError::conflict("staff-import-not-pending")),
        Err(ImportError::Rejected(_)) => Err(AppError::conflict("staff-import-has-problems")),
        Err(ImportError::Db(error)) => Err(error.into()),
    }
}

/// Discards a staged list and deletes its rows.
#[instrument(skip_all, fields(batch.id = %raw_id))]
pub async fn import_discard(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (staged, _) = load_staged(&state, &user, &raw_id).await?;
    match staff::discard_staged(&state.db, staged.id).await {
        Ok(()) => Ok(Redirect::to(&format!("/schools/{}/staff-records/import", staged.school_id)).into_response()),
        Err(caunoi_db::DbError::Conflict(_)) => Err(AppError::conflict("staff-import-not-pending")),
        Err(error) => Err(error.into()),
    }
}
