//! Importing a staff list on screen: upload, preview with every row's problems, then
//! confirm (all rows in one transaction) or discard. A school's leaders import their
//! school's list; the department imports a list whose school column names schools
//! anywhere in the province.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::policy::Action;
use caunoi_db::import::ImportError;
use caunoi_db::{provinces, schools};
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

/// The destination of a list: one school, or the schools of a province named in its
/// school column.
#[derive(Debug, Clone)]
enum Scope {
    School { id: i64, province: String, name: String },
    Province { code: String, name: String },
}

impl Scope {
    fn province(&self) -> &str {
        match self {
            Scope::School { province, .. } => province,
            Scope::Province { code, .. } => code,
        }
    }

    fn name(&self) -> &str {
        match self {
            Scope::School { name, .. } | Scope::Province { name, .. } => name,
        }
    }

    fn school_id(&self) -> Option<i64> {
        match self {
            Scope::School { id, .. } => Some(*id),
            Scope::Province { .. } => None,
        }
    }

    /// Returns the upload form's address.
    fn form_path(&self) -> String {
        match self {
            Scope::School { id, .. } => format!("/schools/{id}/staff-records/import"),
            Scope::Province { code, .. } => format!("/p/{code}/staff-import"),
        }
    }

    /// Returns the page a finished import goes back to.
    fn back_path(&self) -> String {
        match self {
            Scope::School { id, .. } => format!("/schools/{id}/staff-records"),
            Scope::Province { code, .. } => format!("/p/{code}/personnel"),
        }
    }

    fn nav_section(&self) -> &'static str {
        match self {
            Scope::School { .. } => "schools",
            Scope::Province { .. } => "personnel",
        }
    }
}

#[derive(Template)]
#[template(path = "staff/import.html")]
struct ImportPage {
    nav: Nav,
    form_path: String,
    back_path: String,
    scope_name: String,
    /// True on the department's page, whose list needs a school column.
    province_wide: bool,
    error: Option<String>,
    /// The counts of the last import, after a department's import.
    done: Option<String>,
}

impl ImportPage {
    fn new(locale: Locale, user: &CurrentUser, uri: &Uri, scope: &Scope, error: Option<String>, done: Option<String>) -> ImportPage {
        ImportPage {
            nav: Nav::new(locale, user, Some(scope.province()), scope.nav_section(), uri),
            form_path: scope.form_path(),
            back_path: scope.back_path(),
            scope_name: scope.name().to_owned(),
            province_wide: scope.school_id().is_none(),
            error,
            done,
        }
    }
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
    back_path: String,
    summary: String,
    pending: bool,
    problems: Vec<ProblemRow>,
    /// Rows with problems beyond those listed.
    hidden_problem_rows: usize,
    /// Names and positions of the first rows, without personal data.
    sample: Vec<(u32, String, String)>,
}

/// Rows shown in the preview's sample.
const SAMPLE_ROWS: usize = 20;

/// Rows with problems listed in the preview; the rest are counted.
const SHOWN_PROBLEM_ROWS: usize = 200;

async fn school_scope(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<Scope> {
    let id = parse_id(raw_id)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ImportStaff { school: &facts })?;
    let name = staff::records::school_name(&state.db, id).await?;
    Ok(Scope::School { id, province: facts.province, name })
}

async fn province_scope(state: &AppState, user: &CurrentUser, raw_code: &str) -> AppResult<Scope> {
    let code = raw_code.trim();
    user.require(Action::ImportProvinceStaff { province: code })?;
    let province = provinces::get(&state.db, code).await.map_err(|_| AppError::NotFound)?;
    Ok(Scope::Province { code: province.code, name: province.name })
}

/// Shows a school's upload form.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn import_form(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let scope = school_scope(&state, &user, &raw_id).await?;
    render(&ImportPage::new(locale, &user, &uri, &scope, None, None))
}

/// Shows the department's upload form, with what the last import wrote when the
/// address carries it.
#[instrument(skip_all, fields(province.code = %raw_code))]
pub async fn province_form(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_code): Path<String>,
    Query(done): Query<DoneQuery>,
) -> AppResult<Response> {
    let scope = province_scope(&state, &user, &raw_code).await?;
    let done = done.text(locale);
    render(&ImportPage::new(locale, &user, &uri, &scope, None, done))
}

/// The counts of a finished department import, carried in the address.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DoneQuery {
    rows: Option<usize>,
    created: Option<i64>,
    updated: Option<i64>,
    schools: Option<usize>,
}

impl DoneQuery {
    fn text(&self, locale: Locale) -> Option<String> {
        let (rows, created, updated, schools) = (self.rows?, self.created?, self.updated?, self.schools?);
        let number = |value: i64| crate::i18n::FluentArg::Number(value);
        Some(locale.t_args(
            "staff-import-done-province",
            &[("rows", number(rows as i64)), ("created", number(created)), ("updated", number(updated)), ("schools", number(schools as i64))],
        ))
    }
}

/// Parses an uploaded list for a school and stages it for the preview. A file that
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
    let scope = school_scope(&state, &user, &raw_id).await?;
    upload(&state, locale, &user, &uri, &scope, multipart).await
}

/// Parses an uploaded list of the province's schools and stages it for the preview.
#[instrument(skip_all, fields(province.code = %raw_code))]
pub async fn province_upload(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_code): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let scope = province_scope(&state, &user, &raw_code).await?;
    upload(&state, locale, &user, &uri, &scope, multipart).await
}

async fn upload(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    scope: &Scope,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let max_bytes = state.config.max_upload_bytes;
    let upload = match multipart {
        Ok(mut multipart) => read_upload(&mut multipart, max_bytes).await,
        Err(_) => Err(UploadError::Malformed),
    };
    let rejected = |message: String| {
        render(&ImportPage::new(locale, user, uri, scope, Some(message), None)).map(|html| (StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
    };
    let upload = match upload {
        Ok(upload) => upload,
        Err(UploadError::NoFile) => return rejected(locale.t("staff-import-missing-file")),
        Err(error) => return rejected(upload_error_text(locale, &error, max_bytes)),
    };

    let school_id = scope.school_id();
    let directory = match school_id {
        Some(id) => SchoolDirectory::load_one(&state.db, id).await?,
        None => SchoolDirectory::load(&state.db, scope.province()).await?,
    };
    let parsed = tokio::task::spawn_blocking(move || {
        let max_rows = if school_id.is_some() { staff::MAX_SCHOOL_ROWS } else { staff::LIMITS.max_rows };
        let target = Target { default_school: school_id, directory: &directory, today: today(), max_rows };
        staff::parse_staff_file(&upload.bytes, &upload.file_name, &target)
    })
    .await
    .map_err(AppError::internal)?;
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(ImportError::Rejected(problem)) => return rejected(problem_text(locale, &problem)),
        Err(ImportError::Db(error)) => return Err(error.into()),
    };
    let batch = staff::stage(&state.db, scope.province(), school_id, &parsed, Some(user.id)).await?;
    info!(batch.id = batch, staff.rows = parsed.rows.len(), "staff list staged as batch {batch}");
    Ok(Redirect::to(&format!("/staff-imports/{batch}")).into_response())
}

/// Loads a staged list and checks that the user may import into its school, or into
/// the province for a department's list.
async fn load_staged(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<(StagedImport, Scope)> {
    let id = parse_id(raw_id)?;
    let staged = staff::staged(&state.db, id).await?;
    let scope = match staged.school_id {
        Some(school) => school_scope(state, user, &school.to_string()).await?,
        None => province_scope(state, user, &staged.province).await?,
    };
    Ok((staged, scope))
}

/// Shows the preview: counts, every row's problems, and the confirm button when no
/// row has an error.
#[instrument(skip_all, fields(batch.id = %raw_id))]
pub async fn import_preview(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (staged, scope) = load_staged(&state, &user, &raw_id).await?;
    let with_problems: Vec<_> = staged.rows.iter().filter(|row| !row.problems.is_empty()).collect();
    let hidden_problem_rows = with_problems.len().saturating_sub(SHOWN_PROBLEM_ROWS);
    let problems = with_problems
        .into_iter()
        .take(SHOWN_PROBLEM_ROWS)
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
        nav: Nav::new(locale, &user, Some(scope.province()), scope.nav_section(), &uri),
        id: staged.id,
        back_path: scope.back_path(),
        summary,
        pending: staged.status == "pending",
        problems,
        hidden_problem_rows,
        sample,
    };
    render(&page)
}

/// Imports every row of a staged list in one transaction and opens the staff list.
/// A list with errors, or one already applied, gives 409 with the reason.
#[instrument(skip_all, fields(batch.id = %raw_id))]
pub async fn import_apply(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (staged, scope) = load_staged(&state, &user, &raw_id).await?;
    let batch = staged.id;
    match staff::apply_staged(&state.db, staged, Some(user.id)).await {
        Ok(summary) => {
            info!(batch.id = batch, staff.rows = summary.rows, import.schools = summary.schools, "staff list of batch {batch} applied");
            let target = match &scope {
                Scope::School { .. } => {
                    format!("{}?rows={}&created={}&updated={}", scope.back_path(), summary.rows, summary.created, summary.updated)
                }
                Scope::Province { .. } => format!(
                    "{}?rows={}&created={}&updated={}&schools={}",
                    scope.form_path(),
                    summary.rows,
                    summary.created,
                    summary.updated,
                    summary.schools
                ),
            };
            Ok(Redirect::to(&target).into_response())
        }
        Err(ImportError::Rejected(problem)) if problem.message_id == "staff-import-not-pending" => Err(AppError::conflict("staff-import-not-pending")),
        Err(ImportError::Rejected(_)) => Err(AppError::conflict("staff-import-has-problems")),
        Err(ImportError::Db(error)) => Err(error.into()),
    }
}

/// Discards a staged list and deletes its rows.
#[instrument(skip_all, fields(batch.id = %raw_id))]
pub async fn import_discard(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (staged, scope) = load_staged(&state, &user, &raw_id).await?;
    match staff::discard_staged(&state.db, staged.id).await {
        Ok(()) => Ok(Redirect::to(&scope.form_path()).into_response()),
        Err(caunoi_db::DbError::Conflict(_)) => Err(AppError::conflict("staff-import-not-pending")),
        Err(error) => Err(error.into()),
    }
}
