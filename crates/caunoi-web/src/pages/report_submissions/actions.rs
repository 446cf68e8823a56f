//! One school's report: the form page and its posts (save or submit, .xlsx download
//! and upload, signed scan, review).

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::report::deadline::on_time;
use caunoi_core::report::{ItemPath, SubmissionStatus, Values, validate_typed};
use caunoi_db::attachments::{self, FileKind, OwnerKind};
use caunoi_db::now_ms;
use caunoi_db::reports::review::{self, ReviewAction, ReviewError};
use caunoi_db::reports::submissions::{self, SaveError, Source, Submission};
use caunoi_db::reports::workbook::{self, CellProblem, Header, UploadError};
use serde::Deserialize;
use tracing::instrument;

use super::fill::{self, Errors, SectionView, Typed};
use super::{Context, XLSX_CONTENT_TYPE, context, parse_id, problem_message, submitter_context};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::attachments::{AttachmentView, content_disposition, views};
use crate::pages::render;
use crate::state::AppState;
use crate::uploads;
use crate::view::Nav;

pub struct EventView {
    pub action: String,
    pub source: String,
    pub comment: String,
    pub user: String,
    pub at: String,
}

/// Everything shown again when a post fails.
#[derive(Default)]
pub struct Outcome {
    pub typed: Option<Typed>,
    pub errors: Errors,
    /// Messages of the summary at the top: form problems.
    pub summary: Vec<String>,
    /// Messages of an .xlsx upload.
    pub upload_problems: Vec<String>,
    pub upload_error: Option<String>,
    pub scan_error: Option<String>,
    pub review_error: Option<String>,
    pub review_comment: String,
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "report_submissions/form.html")]
struct FormPage {
    nav: Nav,
    base: String,
    title: String,
    school_name: String,
    period: String,
    deadline: String,
    status: Option<String>,
    standing: String,
    standing_code: String,
    revision: Option<String>,
    late_warning: bool,
    late_mark: bool,
    returned: bool,
    /// The reviewer's comment of the last return, shown at the top.
    return_comment: Option<String>,
    locked: bool,
    closed: bool,
    can_edit: bool,
    submitted: bool,
    sections: Vec<SectionView>,
    outcome: Outcome,
    summary_heading: String,
    upload_heading: String,
    scan: Vec<AttachmentView>,
    events: Vec<EventView>,
    review_actions: Vec<(String, String)>,
    is_reviewer: bool,
    completeness_link: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    done: Option<String>,
}

async fn page(state: &AppState, locale: Locale, user: &CurrentUser, uri: &Uri, ctx: &Context, outcome: Outcome) -> AppResult<Response> {
    let now = now_ms();
    let request = &ctx.request;
    let school_id = ctx.recipient.school_id;
    let submission = submissions::get(&state.db, request.id, school_id).await?;
    let status = submission.as_ref().map(Submission::status);
    let standing = caunoi_core::report::Completeness::of(status, submission.as_ref().and_then(|s| s.first_submitted_at), request.deadline_at);
    let open = request.accepts_submissions(now);
    let may_edit = status.is_none_or(SubmissionStatus::school_may_edit);
    let level = ctx.recipient.level();

    let values = submission.as_ref().map(Submission::values).unwrap_or_default();
    let typed = outcome.typed.clone().unwrap_or_else(|| fill::typed_from(&values));
    let sections = fill::sections(locale, &ctx.definition, level, &typed, &outcome.errors);
    let scan = match submission.as_ref().and_then(|s| s.scan_attachment_id) {
        Some(id) => views(locale, &[attachments::get(&state.db, id).await?]),
        None => Vec::new(),
    };
    let raw_events = match &submission {
        Some(s) => submissions::events(&state.db, s.id).await?,
        None => Vec::new(),
    };
    let return_comment = raw_events.iter().rev().find(|event| event.action == "return").map(|event| event.comment.clone());
    let events = match &submission {
        Some(_) => raw_events
            .into_iter()
            .map(|event| EventView {
                action: locale.tp("rsub-event", &event.action),
                source: match event.action.as_str() {
                    "save" | "submit" | "resubmit" => locale.tp("rsub-source", &event.comment),
                    _ => String::new(),
                },
                comment: match event.action.as_str() {
                    "save" | "submit" | "resubmit" => String::new(),
                    _ => event.comment,
                },
                user: event.user_name,
                at: i18n::datetime(event.created_at),
            })
            .collect(),
        None => Vec::new(),
    };
    let review_actions = match status {
        Some(status) => ReviewAction::ALL
            .into_iter()
            .filter(|action| ctx.access.may_review(*action, status) && status.review_allows(action.target(), ctx.two_stage()))
            .map(|action| (action.as_str().to_owned(), locale.tp("rsub-review", action.as_str())))
            .collect(),
        None => Vec::new(),
    };
    let has_errors = !outcome.summary.is_empty() || !outcome.upload_problems.is_empty() || outcome.upload_error.is_some()
        || outcome.scan_error.is_some() || outcome.review_error.is_some();
    let view = FormPage {
        nav: Nav::new(locale, user, Some(&request.province_code), "reports", uri),
        base: format!("/reports/{}/schools/{school_id}", request.id),
        title: request.title.clone(),
        school_name: ctx.recipient.school_name.clone(),
        period: request.period_label.clone(),
        deadline: i18n::datetime(request.deadline_at),
        status: status.map(|s| locale.tp("rsub-status", s.as_str())),
        standing: locale.tp("rsub-standing", standing.as_str()),
        standing_code: standing.as_str().to_owned(),
        revision: submission
            .as_ref()
            .filter(|s| s.revision > 0)
            .map(|s| locale.t_args("rsub-form-revision", &[("revision", FluentArg::Number(s.revision)), ("at", FluentArg::Text(i18n::datetime(s.submitted_at.unwrap_or_default())))])),
        late_warning: ctx.access.submit && open && may_edit && !on_time(request.deadline_at, now) && submission.as_ref().is_none_or(|s| s.first_submitted_at.is_none()),
        late_mark: submission.as_ref().and_then(|s| s.first_submitted_at).is_some_and(|at| !on_time(request.deadline_at, at)),
        returned: status == Some(SubmissionStatus::Returned),
        return_comment: return_comment.filter(|_| status == Some(SubmissionStatus::Returned)),
        locked: !may_edit,
        closed: !open,
        can_edit: ctx.access.submit && open && may_edit,
        submitted: status == Some(SubmissionStatus::Submitted),
        sections,
        summary_heading: locale.t_args("rsub-form-problems", &[("count", FluentArg::Number(outcome.summary.len() as i64))]),
        upload_heading: locale.t_args("rsub-xlsx-problems", &[("count", FluentArg::Number(outcome.upload_problems.len() as i64))]),
        outcome,
        scan,
        events,
        review_actions,
        is_reviewer: ctx.access.view,
        completeness_link: ctx.access.view.then(|| format!("/reports/{}/completeness", request.id)),
    };
    let code = if has_errors { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((code, render(&view)?).into_response())
}

/// Shows a school's report: the form for its leaders, the figures and review for reviewers.
#[instrument(skip_all, fields(report_request.id = %raw_id, school.id = %raw_school))]
pub async fn show(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path((raw_id, raw_school)): Path<(String, String)>,
    Query(query): Query<ShowQuery>,
) -> AppResult<Response> {
    let ctx = context(&state, &user, parse_id(&raw_id)?, parse_id(&raw_school)?).await?;
    let notice = match query.done.as_deref() {
        Some(done @ ("draft" | "submitted" | "uploaded" | "scan" | "reviewed")) => Some(locale.tp("rsub-form-saved", done)),
        _ => None,
    };
    page(&state, locale, &user, &uri, &ctx, Outcome { notice, ..Outcome::default() }).await
}

fn redirect_done(ctx: &Context, done: &str) -> Response {
    Redirect::to(&format!("/reports/{}/schools/{}?done={done}", ctx.request.id, ctx.recipient.school_id)).into_response()
}

/// Turns a refused save into the messages of the page, or the error of the request.
fn save_refusal(locale: Locale, error: SaveError, outcome: &mut Outcome) -> AppResult<()> {
    match error {
        SaveError::NotOpen => outcome.summary.push(locale.t("rsub-form-closed")),
        SaveError::Locked(_) => outcome.summary.push(locale.t("rsub-form-locked")),
        SaveError::AlreadySubmitted => outcome.summary.push(locale.t("rsub-form-already-submitted")),
        SaveError::Invalid(problems) => {
            outcome.errors = fill::errors(locale, &problems);
            outcome.summary = problems.iter().map(|p| problem_message(locale, p)).collect();
        }
        SaveError::Db(error) => return Err(error.into()),
    }
    Ok(())
}

/// Saves a draft (`action=draft`) or submits (`action=submit`) the form.
#[instrument(skip_all, fields(report_request.id = %raw_id, school.id = %raw_school))]
pub async fn save(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path((raw_id, raw_school)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let ctx = submitter_context(&state, &user, parse_id(&raw_id)?, parse_id(&raw_school)?).await?;
    let submit = pairs.iter().any(|(name, value)| name == "action" && value == "submit");
    let existing = submissions::get(&state.db, ctx.request.id, ctx.recipient.school_id).await?.map(|s| s.values()).unwrap_or_default();
    let (values, typed, mut problems) = fill::read(&ctx.definition, ctx.recipient.level(), &pairs, &existing);
    if submit && !problems.is_empty() {
        // Every problem at once: what could not be read, and what the rest breaks.
        let unreadable: Vec<ItemPath> = problems.iter().map(|p| p.path.clone()).collect();
        problems.extend(validate_typed(&ctx.definition, ctx.recipient.level(), &values, &unreadable));
    }
    let mut outcome = Outcome { typed: Some(typed), ..Outcome::default() };
    if !problems.is_empty() {
        outcome.errors = fill::errors(locale, &problems);
        outcome.summary = problems.iter().map(|p| problem_message(locale, p)).collect();
        return page(&state, locale, &user, &uri, &ctx, outcome).await;
    }
    match ctx.save_values(&state, &values, Source::Form, submit, user.id).await {
        Ok(_) => Ok(redirect_done(&ctx, if submit { "submitted" } else { "draft" })),
        Err(error) => {
            save_refusal(locale, error, &mut outcome)?;
            page(&state, locale, &user, &uri, &ctx, outcome).await
        }
    }
}

/// File name of a request's workbook: `bao-cao-<id>-truong-<school>.xlsx`.
fn workbook_name(request_id: i64, school_id: i64) -> String {
    format!("bao-cao-{request_id}-truong-{school_id}.xlsx")
}

/// Sends the .xlsx workbook of the request for this school, with its current values.
#[instrument(skip_all, fields(report_request.id = %raw_id, school.id = %raw_school))]
pub async fn workbook(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((raw_id, raw_school)): Path<(String, String)>,
) -> AppResult<Response> {
    let ctx = context(&state, &user, parse_id(&raw_id)?, parse_id(&raw_school)?).await?;
    let bytes = workbook_bytes(&state, &ctx).await?;
    Ok(xlsx_response(bytes, &workbook_name(ctx.request.id, ctx.recipient.school_id)))
}

pub(crate) async fn workbook_bytes(state: &AppState, ctx: &Context) -> AppResult<Vec<u8>> {
    let values = submissions::get(&state.db, ctx.request.id, ctx.recipient.school_id).await?.map(|s| s.values());
    let header = Header {
        request_id: ctx.request.id,
        version_id: ctx.request.template_version_id,
        title: ctx.request.title.clone(),
        school_name: Some(ctx.recipient.school_name.clone()),
        school_id: Some(ctx.recipient.school_id),
        deadline: i18n::datetime(ctx.request.deadline_at),
    };
    let definition = ctx.definition.clone();
    let level = ctx.recipient.level();
    tokio::task::spawn_blocking(move || workbook::generate(&definition, level, values.as_ref(), &header))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}

pub(crate) fn xlsx_response(bytes: Vec<u8>, file_name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, XLSX_CONTENT_TYPE.to_owned()),
            (header::CONTENT_DISPOSITION, content_disposition(file_name)),
            (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// Reads a multipart body's file field `file` (at most `max` bytes) and text fields.
/// `Err(true)` when the file is over `max`, `Err(false)` when the body is malformed.
pub(crate) async fn read_upload(mut multipart: Multipart, max: usize) -> Result<(Option<Vec<u8>>, Vec<(String, String)>), bool> {
    let mut file = None;
    let mut fields = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(|_| false)? {
        let name = field.name().unwrap_or_default().to_owned();
        if field.file_name().is_some() {
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| false)? {
                if bytes.len() + chunk.len() > max {
                    return Err(true);
                }
                bytes.extend_from_slice(&chunk);
            }
            if name == "file" && !bytes.is_empty() {
                file = Some(bytes);
            }
        } else {
            let text = field.text().await.map_err(|_| false)?;
            if fields.len() < 20 && text.len() < 1_000 {
                fields.push((name, text));
            }
        }
    }
    Ok((file, fields))
}

/// Message of a refused upload.
pub(crate) fn upload_message(locale: Locale, error: &UploadError) -> Option<String> {
    Some(match error {
        UploadError::TooLarge => locale.t_args(
            "rsub-xlsx-too-large",
            &[("max_mb", FluentArg::Number((workbook::MAX_UPLOAD_BYTES / (1024 * 1024)) as i64))],
        ),
        UploadError::Unreadable => locale.t("rsub-xlsx-unreadable"),
        UploadError::Expands => locale.t("rsub-xlsx-expands"),
        UploadError::NotOurs => locale.t("rsub-xlsx-not-ours"),
        UploadError::OtherRequest(id) => locale.t_args("rsub-xlsx-other-request", &[("id", FluentArg::Number(*id))]),
        UploadError::OtherVersion => locale.t("rsub-xlsx-other-version"),
        UploadError::OtherSchool => locale.t("rsub-xlsx-other-school"),
        UploadError::MissingSheet(sheet) => locale.t1("rsub-xlsx-missing-sheet", "sheet", sheet),
        UploadError::Problems(_) => return None,
    })
}

/// "Trang «Học sinh», ô C7: …" for each problem.
pub(crate) fn cell_messages(locale: Locale, problems: &[CellProblem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| {
            let message = problem_message(locale, &p.problem);
            if p.cell.is_empty() {
                locale.t_args("rsub-xlsx-sheet-problem", &[("sheet", FluentArg::Text(p.sheet.clone())), ("message", FluentArg::Text(message))])
            } else {
                locale.t_args(
                    "rsub-xlsx-cell-problem",
                    &[("sheet", FluentArg::Text(p.sheet.clone())), ("cell", FluentArg::Text(p.cell.clone())), ("message", FluentArg::Text(message))],
                )
            }
        })
        .collect()
}

/// Parses an uploaded workbook for a school in a blocking task.
pub(crate) async fn parse_workbook(state: &AppState, ctx: &Context, bytes: Vec<u8>) -> AppResult<Result<Values, UploadError>> {
    let existing = submissions::get(&state.db, ctx.request.id, ctx.recipient.school_id).await?.map(|s| s.values()).unwrap_or_default();
    let definition = ctx.definition.clone();
    let (request_id, version_id, school_id, level) =
        (ctx.request.id, ctx.request.template_version_id, ctx.recipient.school_id, ctx.recipient.level());
    tokio::task::spawn_blocking(move || workbook::parse(&bytes, request_id, version_id, school_id, &definition, level, &existing))
        .await
        .map_err(AppError::internal)
}

/// Reads an uploaded workbook: every problem is listed and nothing is saved; a valid
/// one is saved as a draft or submitted, as the school chose.
#[instrument(skip_all, fields(report_request.id = %raw_id, school.id = %raw_school))]
pub async fn upload(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path((raw_id, raw_school)): Path<(String, String)>,
    multipart: Multipart,
) -> AppResult<Response> {
    let ctx = submitter_context(&state, &user, parse_id(&raw_id)?, parse_id(&raw_school)?).await?;
    let mut outcome = Outcome::default();
    let (file, fields) = match read_upload(multipart, workbook::MAX_UPLOAD_BYTES).await {
        Ok(read) => read,
        Err(true) => {
            outcome.upload_error = upload_message(locale, &UploadError::TooLarge);
            return page(&state, locale, &user, &uri, &ctx, outcome).await;
        }
        Err(false) => return Err(AppError::bad_request("uploads-error-malformed")),
    };
    let Some(bytes) = file else {
        outcome.upload_error = Some(locale.t("rsub-xlsx-missing"));
        return page(&state, locale, &user, &uri, &ctx, outcome).await;
    };
    let submit = fields.iter().any(|(name, value)| name == "action" && value == "submit");
    let values = match parse_workbook(&state, &ctx, bytes).await? {
        Ok(values) => values,
        Err(UploadError::Problems(problems)) => {
            outcome.upload_problems = cell_messages(locale, &problems);
            return page(&state, locale, &user, &uri, &ctx, outcome).await;
        }
        Err(error) => {
            outcome.upload_error = upload_message(locale, &error);
            return page(&state, locale, &user, &uri, &ctx, outcome).await;
        }
    };
    match ctx.save_values(&state, &values, Source::Xlsx, submit, user.id).await {
        Ok(_) => Ok(redirect_done(&ctx, "uploaded")),
        Err(error) => {
            save_refusal(locale, error, &mut outcome)?;
            outcome.upload_problems = std::mem::take(&mut outcome.summary);
            outcome.errors.clear();
            page(&state, locale, &user, &uri, &ctx, outcome).await
        }
    }
}

/// Attaches the signed scan (PDF only) to the school's submission.
#[instrument(skip_all, fields(report_request.id = %raw_id, school.id = %raw_school))]
pub async fn scan(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path((raw_id, raw_school)): Path<(String, String)>,
    multipart: Multipart,
) -> AppResult<Response> {
    let ctx = submitter_context(&state, &user, parse_id(&raw_id)?, parse_id(&raw_school)?).await?;
    let mut outcome = Outcome::default();
    let form = match uploads::read_multipart_keeping_fields(multipart, &state).await {
        Ok(form) => form,
        Err(rejection) if rejection.is_server_fault() => return Err(rejection.into()),
        Err(rejection) => {
            outcome.scan_error = Some(rejection.message(locale));
            return page(&state, locale, &user, &uri, &ctx, outcome).await;
        }
    };
    let Some(file) = form.files_of("file").next().cloned() else {
        form.discard(&state.storage).await;
        outcome.scan_error = Some(locale.t("rsub-scan-missing"));
        return page(&state, locale, &user, &uri, &ctx, outcome).await;
    };
    if file.kind() != FileKind::Pdf || form.files.len() > 1 {
        form.discard(&state.storage).await;
        outcome.scan_error = Some(locale.t1("rsub-scan-not-pdf", "name", &file.file_name));
        return page(&state, locale, &user, &uri, &ctx, outcome).await;
    }
    let mut new = file.attachment(&ctx.request.province_code, OwnerKind::Report, 0, None, user.id);
    // The file is a PDF, so it is saved and downloaded under a .pdf name.
    new.file_name = pdf_name(&new.file_name);
    match submissions::attach_scan(&state.db, ctx.request.id, ctx.recipient.school_id, &new, user.id, now_ms()).await {
        Ok(_) => Ok(redirect_done(&ctx, "scan")),
        Err(error) => {
            form.discard(&state.storage).await;
            save_refusal(locale, error, &mut outcome)?;
            outcome.scan_error = outcome.summary.pop();
            page(&state, locale, &user, &uri, &ctx, outcome).await
        }
    }
}

/// `name` with a `.pdf` extension in place of any other.
fn pdf_name(name: &str) -> String {
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ if name.is_empty() => "ban-scan",
        _ => name,
    };
    format!("{stem}.pdf")
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    action: String,
    comment: String,
}

/// Message of a refused review step, or the error of the request.
pub(crate) fn review_message(locale: Locale, action: ReviewAction, error: ReviewError) -> AppResult<String> {
    Ok(match error {
        ReviewError::NotAllowed(None) => locale.t("rsub-review-nothing"),
        ReviewError::NotAllowed(Some(status)) => locale.t_args(
            "rsub-review-not-allowed",
            &[
                ("action", FluentArg::Text(locale.tp("rsub-review", action.as_str()))),
                ("status", FluentArg::Text(locale.tp("rsub-status", status.as_str()))),
            ],
        ),
        ReviewError::CommentRequired => locale.t("rsub-review-comment-required"),
        ReviewError::CommentTooLong => {
            locale.t_args("rsub-review-comment-too-long", &[("max", FluentArg::Number(review::MAX_COMMENT_CHARS as i64))])
        }
        ReviewError::Db(error) => return Err(error.into()),
    })
}

/// Forwards, returns or accepts a school's submission.
#[instrument(skip_all, fields(report_request.id = %raw_id, school.id = %raw_school))]
pub async fn review(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path((raw_id, raw_school)): Path<(String, String)>,
    Form(form): Form<ReviewForm>,
) -> AppResult<Response> {
    let ctx = context(&state, &user, parse_id(&raw_id)?, parse_id(&raw_school)?).await?;
    if !ctx.access.forward && !ctx.access.manage {
        return Err(AppError::NotFound);
    }
    let mut outcome = Outcome { review_comment: form.comment.clone(), ..Outcome::default() };
    let Some(action) = ReviewAction::parse(&form.action) else {
        outcome.review_error = Some(locale.t1("rsub-review-unknown", "value", &form.action));
        return page(&state, locale, &user, &uri, &ctx, outcome).await;
    };
    let current = submissions::get(&state.db, ctx.request.id, ctx.recipient.school_id).await?;
    let status = current.as_ref().map(Submission::status).unwrap_or(SubmissionStatus::Draft);
    if !ctx.access.may_review(action, status) {
        let error = ReviewError::NotAllowed(current.as_ref().map(Submission::status));
        outcome.review_error = Some(review_message(locale, action, error)?);
        return page(&state, locale, &user, &uri, &ctx, outcome).await;
    }
    match review::review(&state.db, ctx.request.id, ctx.recipient.school_id, action, status, &form.comment, user.id, now_ms()).await {
        Ok(_) => Ok(redirect_done(&ctx, "reviewed")),
        Err(error) => {
            outcome.review_error = Some(review_message(locale, action, error)?);
            page(&state, locale, &user, &uri, &ctx, outcome).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pdf_name;

    #[test]
    fn scans_keep_a_pdf_name() {
        assert_eq!(pdf_name("x.html"), "x.pdf");
        assert_eq!(pdf_name("Bao cao.PDF"), "Bao cao.pdf");
        assert_eq!(pdf_name("scan"), "scan.pdf");
    }
}
