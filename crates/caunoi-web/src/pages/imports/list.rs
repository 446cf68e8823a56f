//! The province's import page: the upload form and the batches uploaded before.

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::policy::Action;
use caunoi_core::text::normalize;
use caunoi_db::Page;
use caunoi_db::import::{self, BatchInfo, ImportError};
use serde::Deserialize;
use tracing::{info, instrument, warn};

use super::{problem_text, unexpected};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::provinces::hosted_code;
use crate::pages::render;
use crate::pages::schools::parse_page;
use crate::state::AppState;
use crate::view::Nav;

/// Batches listed per page, newest first.
const BATCHES_PER_PAGE: i64 = 20;

/// Maximum length of a stored file name, in characters. Longer names are cut.
const MAX_FILE_NAME_CHARS: usize = 200;

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<String>,
}

/// One earlier batch in the list.
struct BatchRow {
    id: i64,
    created_at: String,
    file_name: String,
    /// `pending`, `applied` or `discarded`, for the badge's class.
    status: String,
    status_label: String,
    total: String,
    ready: String,
    review: String,
    error: String,
    excluded: String,
    duplicate: String,
}

#[derive(Template)]
#[template(path = "imports/list.html")]
struct ListPage {
    nav: Nav,
    province: String,
    /// The upload limit, in whole megabytes.
    max_mb: String,
    /// The rejection of the last upload, translated.
    error: Option<String>,
    notices: Vec<String>,
    batches: Vec<BatchRow>,
    page: i64,
    has_next: bool,
}

/// Shows the upload form and the province's earlier batches.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn list(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let province = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::ManageProvince { province: &province })?;

    let mut notices = Vec::new();
    let page = parse_page(query.page.as_deref(), locale, &mut notices);
    let page = Page::new(Some(page.number), Some(BATCHES_PER_PAGE));
    let page = render_list(&state, locale, &user, &uri, &province, page, notices, None).await?;
    Ok(page.into_response())
}

/// Renders the import page of `province`, with the rejection of an upload when given.
#[expect(clippy::too_many_arguments, reason = "the page's inputs; a struct would only rename them")]
async fn render_list(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    province: &str,
    mut page: Page,
    mut notices: Vec<String>,
    error: Option<String>,
) -> AppResult<Response> {
    let mut batches = import::batches(&state.db, province, page).await.map_err(unexpected)?;
    if batches.is_empty() && page.number > 1 {
        notices.push(locale.t1("imports-notice-page-past-end", "page", &page.number.to_string()));
        page = Page::new(Some(1), Some(page.size));
        batches = import::batches(&state.db, province, page).await.map_err(unexpected)?;
    }
    // A one-row page at the next page's first offset tells whether a next page exists.
    let next_first = Page::new(Some(page.number * page.size + 1), Some(1));
    let has_next = batches.len() as i64 == page.size
        && !import::batches(&state.db, province, next_first).await.map_err(unexpected)?.is_empty();
    let list = ListPage {
        nav: Nav::new(locale, user, Some(province), "imports", uri),
        province: province.to_owned(),
        max_mb: locale.int(megabytes(state.config.max_upload_bytes)),
        error,
        notices,
        batches: batches.iter().map(|batch| batch_row(locale, batch)).collect(),
        page: page.number,
        has_next,
    };
    render(&list)
}

fn batch_row(locale: Locale, batch: &BatchInfo) -> BatchRow {
    let count = |n: usize| locale.int(n as i64);
    BatchRow {
        id: batch.id,
        created_at: i18n::datetime(batch.created_at),
        file_name: batch.file_name.clone(),
        status: batch.status.clone(),
        status_label: locale.tp("imports-batch-status", &batch.status),
        total: count(batch.counts.total),
        ready: count(batch.counts.ready),
        review: count(batch.counts.review),
        error: count(batch.counts.error),
        excluded: count(batch.counts.excluded),
        duplicate: count(batch.counts.duplicate),
    }
}

/// Rounds a size in bytes up to whole megabytes (MiB, as file managers count them).
fn megabytes(bytes: usize) -> i64 {
    i64::try_from(bytes.div_ceil(1024 * 1024)).unwrap_or(i64::MAX)
}

/// An uploaded file, read whole.
pub(crate) struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Reason an upload could not be read, before the pipeline parses it.
pub(crate) enum UploadError {
    /// No `file` field, or one without a chosen file.
    NoFile,
    /// The file is larger than the limit.
    TooLarge,
    /// The request is not a readable multipart form.
    Malformed,
}

/// Stages an uploaded school list as a pending batch and opens it. A file that cannot
/// be used at all is rejected with the reason, status 422 and nothing staged.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn upload(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_province): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let province = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::ManageProvince { province: &province })?;

    let max_bytes = state.config.max_upload_bytes;
    let upload = match multipart {
        Ok(mut multipart) => read_upload(&mut multipart, max_bytes).await,
        Err(_) => Err(UploadError::Malformed),
    };
    let upload = match upload {
        Ok(upload) => upload,
        Err(error) => {
            let message = upload_error_text(locale, &error, max_bytes);
            return reject(&state, locale, &user, &province, message).await;
        }
    };

    let staged = import::stage_schools(&state.db, &province, &upload.file_name, &upload.bytes, Some(user.id)).await;
    match staged {
        Ok(summary) => {
            info!(
                batch.id = summary.batch_id,
                import.rows = summary.counts.total,
                import.size_bytes = upload.bytes.len(),
                "school list uploaded as batch {}",
                summary.batch_id
            );
            Ok(Redirect::to(&format!("/imports/{}", summary.batch_id)).into_response())
        }
        Err(ImportError::Rejected(problem)) => {
            info!(import.problem = %problem.message_id, import.size_bytes = upload.bytes.len(), "school list rejected");
            reject(&state, locale, &user, &province, problem_text(locale, &problem)).await
        }
        Err(error) => Err(unexpected(error)),
    }
}

/// Re-renders the import page with an upload's rejection and status 422.
async fn reject(state: &AppState, locale: Locale, user: &CurrentUser, province: &str, message: String) -> AppResult<Response> {
    let uri: Uri = format!("/p/{province}/imports").parse().unwrap_or_default();
    let first = Page::new(Some(1), Some(BATCHES_PER_PAGE));
    let page = render_list(state, locale, user, &uri, province, first, Vec::new(), Some(message)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub(crate) fn upload_error_text(locale: Locale, error: &UploadError, max_bytes: usize) -> String {
    match error {
        UploadError::NoFile => locale.t("imports-error-no-file"),
        UploadError::Malformed => locale.t("imports-error-malformed"),
        UploadError::TooLarge => {
            locale.t_args("imports-error-too-large", &[("max_mb", FluentArg::Text(locale.int(megabytes(max_bytes))))])
        }
    }
}

/// Reads the `file` field, at most `max_bytes` of it; other fields are skipped.
pub(crate) async fn read_upload(multipart: &mut Multipart, max_bytes: usize) -> Result<Upload, UploadError> {
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(UploadError::NoFile),
            Err(error) => return Err(multipart_error(&error)),
        };
        if field.name() != Some("file") {
            continue;
        }
        // A form submitted without choosing a file sends an empty file name.
        let Some(file_name) = field.file_name().map(clean_file_name).filter(|name| !name.is_empty()) else {
            return Err(UploadError::NoFile);
        };
        let mut field = field;
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > max_bytes {
                        return Err(UploadError::TooLarge);
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(Upload { file_name, bytes }),
                Err(error) => return Err(multipart_error(&error)),
            }
        }
    }
}

/// Sorts a multipart error: the body limit of the router also ends an upload that is
/// too large.
fn multipart_error(error: &MultipartError) -> UploadError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        UploadError::TooLarge
    } else {
        warn!(error = %error.body_text(), "unreadable multipart upload");
        UploadError::Malformed
    }
}

/// Keeps the last component of an uploaded file's name (old browsers send the whole
/// path), normalised to NFC and cut to [`MAX_FILE_NAME_CHARS`] characters.
fn clean_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    normalize(last).chars().filter(|c| !c.is_control()).take(MAX_FILE_NAME_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_drops_path() {
        assert_eq!(clean_file_name("C:\\fakepath\\truong.xlsx"), "truong.xlsx");
        assert_eq!(clean_file_name("/home/a/ds truong.csv"), "ds truong.csv");
        assert_eq!(clean_file_name("  "), "");
    }

    #[test]
    fn megabytes_round_up() {
        assert_eq!(megabytes(20 * 1024 * 1024), 20);
        assert_eq!(megabytes(20 * 1024 * 1024 + 1), 21);
        assert_eq!(megabytes(0), 0);
    }
}
