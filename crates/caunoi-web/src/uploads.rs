//! Multipart forms with files, for the forms that carry attachments.
//!
//! [`read_multipart`] reads every part of a `multipart/form-data` body. Text fields are
//! normalised to NFC and kept in order, repeated keys included. Each file is streamed
//! through [`caunoi_db::attachments::Intake`] into the object store, which checks its
//! type from its content and stops it at the configured size. When one file is
//! rejected, the files already stored for the form are deleted and the error names the
//! file and the fix.
//!
//! A route that takes such a form must lift axum's 2 MB body limit, because the limits
//! here are counted while streaming:
//!
//! ```ignore
//! .route("/directives/{id}/files", post(upload).layer(uploads::body_limit()))
//! ```
//!
//! The handler takes `multipart: Multipart` last and calls
//! `uploads::read_multipart(multipart, &state).await?` after authorising. Once the
//! repository call has saved the rows (see [`UploadedFile::attachment`]), the files
//! belong to them; when it fails, the handler calls [`UploadForm::discard`].
//!
//! NOTE: a request dropped between storing its files and saving their rows (the client
//! went away, the process stopped) leaves files with no row, and nothing sweeps them yet.

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::extract::multipart::{Field, Multipart, MultipartError};
use axum::http::StatusCode;
use caunoi_core::text::normalize;
use caunoi_db::attachments::{FileKind, Intake, IntakeError, NewAttachment, OwnerKind, StoredFile};
use caunoi_db::storage::Storage;
use tracing::{info, warn};

use crate::error::AppError;
use crate::i18n::{FluentArg, Locale};
use crate::state::AppState;

/// Files accepted in one form.
pub const MAX_FILES: usize = 10;

/// Maximum text of all fields of one form together, in bytes.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// Parts (fields and files, empty ones included) read from one form.
const MAX_PARTS: usize = 500;

/// Maximum length of a stored file name, in characters. Longer names are cut.
const MAX_FILE_NAME_CHARS: usize = 200;

/// Maximum wait for the next bytes of a body. Phones on slow networks send in bursts,
/// but a minute of silence means the upload has stalled.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The `accept` attribute of a file input: browsers offer these files first. The server
/// still checks every file's content.
pub const ACCEPT: &str = ".pdf,.docx,.doc,.xlsx,.xls,.jpg,.jpeg,.png,.webp";

/// Message id of a file the store failed to keep: the server's fault, not the user's.
const STORAGE_FAILED: &str = "uploads-error-storage";

/// Lifts axum's default 2 MB body limit on an upload route. [`read_multipart`] counts
/// the bytes itself: each file up to `Config::max_attachment_bytes`, [`MAX_FILES`]
/// files and [`MAX_TEXT_BYTES`] of text.
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::disable()
}

/// A file of the form, checked and stored.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    /// Name of the form field, such as `files`.
    pub field: String,
    /// The uploader's file name: last path component, NFC, without control characters.
    pub file_name: String,
    pub stored: StoredFile,
}

impl UploadedFile {
    pub fn kind(&self) -> FileKind {
        self.stored.kind
    }

    pub fn content_type(&self) -> &'static str {
        self.stored.kind.content_type()
    }

    /// Builds the row to insert with `caunoi_db::attachments::insert`.
    pub fn attachment(
        &self,
        province_code: &str,
        owner_kind: OwnerKind,
        owner_id: i64,
        owner_part: Option<i64>,
        uploaded_by: i64,
    ) -> NewAttachment {
        NewAttachment {
            province_code: province_code.to_owned(),
            owner_kind,
            owner_id,
            owner_part,
            file_name: self.file_name.clone(),
            file: self.stored.clone(),
            uploaded_by,
        }
    }
}

/// The fields and files of a multipart form, in the order the browser sent them.
#[derive(Debug, Clone, Default)]
pub struct UploadForm {
    /// Text fields, NFC; a repeated key (a checkbox list) appears once per value.
    pub fields: Vec<(String, String)>,
    pub files: Vec<UploadedFile>,
}

impl UploadForm {
    /// Returns the first value of a text field.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// Returns every value of a repeated text field, in order.
    pub fn texts(&self, name: &str) -> Vec<&str> {
        self.fields.iter().filter(|(key, _)| key == name).map(|(_, value)| value.as_str()).collect()
    }

    /// Returns the files sent under one field name.
    pub fn files_of<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a UploadedFile> + 'a {
        self.files.iter().filter(move |file| file.field == field)
    }

    /// Deletes the stored files, for a handler whose save failed after the upload.
    pub async fn discard(&self, storage: &Storage) {
        delete_files(storage, &self.files).await;
    }
}

/// A form whose files could not all be stored. `form` keeps the text fields so the
/// page can be shown again with what the user typed. It has no files, because those
/// already stored were deleted. [`UploadRejection::message`] names the file and the fix.
#[derive(Debug)]
pub struct UploadRejection {
    pub form: UploadForm,
    pub message_id: &'static str,
    pub args: Vec<(&'static str, FluentArg)>,
}

impl UploadRejection {
    /// Returns the message in the reader's language, for a form shown again.
    pub fn message(&self, locale: Locale) -> String {
        locale.t_args(self.message_id, &self.args)
    }

    /// Returns whether the store failed (already logged) rather than the file being unfit.
    pub fn is_server_fault(&self) -> bool {
        self.message_id == STORAGE_FAILED
    }
}

impl From<UploadRejection> for AppError {
    fn from(rejection: UploadRejection) -> AppError {
        if rejection.is_server_fault() {
            return AppError::internal("an uploaded file could not be stored");
        }
        AppError::BadRequest { message_id: rejection.message_id, args: rejection.args }
    }
}

/// Returns the help line shown under a file input: the accepted types and the limits.
pub fn hint(locale: Locale, state: &AppState) -> String {
    locale.t_args(
        "uploads-hint",
        &[
            ("max_mb", FluentArg::Number(megabytes(state.config.max_attachment_bytes as u64))),
            ("max", FluentArg::Number(MAX_FILES as i64)),
        ],
    )
}

/// Reads a multipart form and stores its files. A rejected file ends in a 400 whose
/// message names the file and the fix; use [`read_multipart_keeping_fields`] to show
/// the form again instead.
pub async fn read_multipart(multipart: Multipart, state: &AppState) -> Result<UploadForm, AppError> {
    read_multipart_keeping_fields(multipart, state).await.map_err(AppError::from)
}

/// Reads a multipart form like [`read_multipart`], and on a rejected file returns the
/// text fields too. Reading goes on after a rejected file so that text fields sent
/// after it are kept, unless the body is over its limits.
pub async fn read_multipart_keeping_fields(
    multipart: Multipart,
    state: &AppState,
) -> Result<UploadForm, UploadRejection> {
    let limits = Limits { file_bytes: state.config.max_attachment_bytes as u64 };
    read_form(multipart, &state.storage, limits).await
}

#[derive(Debug, Clone, Copy)]
struct Limits {
    file_bytes: u64,
}

/// The first problem of a form; reading stops storing files after it.
struct Problem {
    message_id: &'static str,
    args: Vec<(&'static str, FluentArg)>,
}

impl Problem {
    fn new(message_id: &'static str) -> Problem {
        Problem { message_id, args: Vec::new() }
    }

    fn with_file(message_id: &'static str, file_name: &str) -> Problem {
        Problem { message_id, args: vec![("name", FluentArg::Text(file_name.to_owned()))] }
    }
}

async fn read_form(mut multipart: Multipart, storage: &Storage, limits: Limits) -> Result<UploadForm, UploadRejection> {
    let mut form = UploadForm::default();
    let mut problem: Option<Problem> = None;
    let mut text_bytes = 0;
    let mut skip_budget = MAX_SKIPPED_BYTES;
    let mut parts = 0;

    loop {
        let field = match next_field(&mut multipart).await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                problem.get_or_insert(error);
                break;
            }
        };
        parts += 1;
        if parts > MAX_PARTS {
            problem.get_or_insert(Problem::new("uploads-error-malformed"));
            break;
        }
        let name = field.name().map(normalize).unwrap_or_default();
        let outcome = match field.file_name().map(clean_file_name) {
            None => read_text(field, &mut text_bytes).await.map(|value| form.fields.push((name, value))),
            // A file input left empty still sends a part, with an empty file name.
            Some(file_name) if file_name.is_empty() && field.file_name() == Some("") => {
                skip(field, &mut skip_budget).await
            }
            Some(_) if problem.is_some() => skip(field, &mut skip_budget).await,
            Some(file_name) if form.files.len() == MAX_FILES => {
                problem = Some(Problem {
                    message_id: "uploads-error-too-many",
                    args: vec![("name", FluentArg::Text(file_name)), ("max", FluentArg::Number(MAX_FILES as i64))],
                });
                skip(field, &mut skip_budget).await
            }
            Some(file_name) => {
                let mut field = field;
                match read_file(&mut field, storage, limits, &file_name).await {
                    Ok(stored) => {
                        let file_name =
                            if file_name.is_empty() { format!("tep.{}", stored.kind.extension()) } else { file_name };
                        form.files.push(UploadedFile { field: name, file_name, stored });
                        Ok(())
                    }
                    Err(file_problem) => {
                        problem = Some(file_problem);
                        // Reading the rest lets the browser finish sending and show the
                        // answer, and keeps the text fields that come after the file.
                        skip(field, &mut skip_budget).await
                    }
                }
            }
        };
        // A body that breaks mid-part or passes the limits of text cannot be read on.
        if let Err(stop) = outcome {
            problem.get_or_insert(stop);
            break;
        }
    }

    match problem {
        None => Ok(form),
        Some(problem) => {
            delete_files(storage, &form.files).await;
            form.files.clear();
            Err(UploadRejection { form, message_id: problem.message_id, args: problem.args })
        }
    }
}

async fn next_field(multipart: &mut Multipart) -> Result<Option<Field<'_>>, Problem> {
    match tokio::time::timeout(IDLE_TIMEOUT, multipart.next_field()).await {
        Ok(Ok(field)) => Ok(field),
        Ok(Err(error)) => Err(body_problem(&error, None)),
        Err(_) => Err(Problem::new("uploads-error-timeout")),
    }
}

/// Reads the next bytes of a part, waiting at most [`IDLE_TIMEOUT`].
async fn next_chunk(field: &mut Field<'_>, file_name: Option<&str>) -> Result<Option<axum::body::Bytes>, Problem> {
    match tokio::time::timeout(IDLE_TIMEOUT, field.chunk()).await {
        Ok(Ok(chunk)) => Ok(chunk),
        Ok(Err(error)) => Err(body_problem(&error, file_name)),
        Err(_) => Err(Problem::new("uploads-error-timeout")),
    }
}

/// Sorts a multipart error. A body limit set on the route also ends a file that is too
/// large, and anything else is a broken or cut-off body.
fn body_problem(error: &MultipartError, file_name: Option<&str>) -> Problem {
    match file_name {
        Some(name) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            Problem::with_file("uploads-error-body-too-large", name)
        }
        _ => {
            warn!(error = %error.body_text(), "unreadable multipart form");
            Problem::new("uploads-error-malformed")
        }
    }
}

async fn read_text(mut field: Field<'_>, text_bytes: &mut usize) -> Result<String, Problem> {
    let mut bytes = Vec::new();
    while let Some(chunk) = next_chunk(&mut field, None).await? {
        *text_bytes += chunk.len();
        if *text_bytes > MAX_TEXT_BYTES {
            return Err(Problem {
                message_id: "uploads-error-text-too-long",
                args: vec![("max_kb", FluentArg::Number((MAX_TEXT_BYTES / 1024) as i64))],
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    // Normalised line by line: a body's paragraphs must survive, and each field's own
    // parser decides whether line breaks mean anything.
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.lines().map(normalize).collect::<Vec<_>>().join("\n"))
}

/// Reads past a part whose content is not kept, spending `budget`: once a form has
/// thrown away [`MAX_SKIPPED_BYTES`], reading stops, so a rejected form cannot stream
/// without end.
async fn skip(mut field: Field<'_>, budget: &mut usize) -> Result<(), Problem> {
    while let Some(chunk) = next_chunk(&mut field, None).await? {
        *budget = budget.checked_sub(chunk.len()).ok_or_else(|| Problem::new("uploads-error-malformed"))?;
    }
    Ok(())
}

/// Bytes of one form read and thrown away before reading stops. Past it the server
/// answers without reading the rest, and some browsers then show a reset connection
/// instead of the answer.
const MAX_SKIPPED_BYTES: usize = 128 * 1024 * 1024;

/// Streams one file into the store. On any problem nothing of it is kept, and the rest
/// of the part is left unread.
async fn read_file(field: &mut Field<'_>, storage: &Storage, limits: Limits, file_name: &str) -> Result<StoredFile, Problem> {
    let mut intake = Intake::new(storage, limits.file_bytes);
    loop {
        let chunk = match next_chunk(field, Some(file_name)).await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(problem) => {
                intake.abort().await;
                return Err(problem);
            }
        };
        if let Err(error) = intake.write(&chunk).await {
            return Err(intake_problem(error, file_name, limits));
        }
    }
    match intake.finish().await {
        Ok(stored) => {
            info!(
                storage.key = %stored.storage_key,
                file.size_bytes = stored.size_bytes,
                file.content_type = stored.kind.content_type(),
                "uploaded file stored"
            );
            Ok(stored)
        }
        Err(error) => Err(intake_problem(error, file_name, limits)),
    }
}

fn intake_problem(error: IntakeError, file_name: &str, limits: Limits) -> Problem {
    match error {
        IntakeError::Rejected => {
            info!("uploaded file rejected: type not accepted");
            Problem::with_file("uploads-error-type", file_name)
        }
        IntakeError::Empty => Problem::with_file("uploads-error-empty", file_name),
        IntakeError::TooLarge { .. } => {
            info!(file.limit_bytes = limits.file_bytes, "uploaded file rejected: too large");
            let mut problem = Problem::with_file("uploads-error-too-large", file_name);
            problem.args.push(("max_mb", FluentArg::Number(megabytes(limits.file_bytes))));
            problem
        }
        IntakeError::Storage(error) => {
            tracing::error!(%error, "storing an uploaded file failed");
            Problem::with_file(STORAGE_FAILED, file_name)
        }
    }
}

async fn delete_files(storage: &Storage, files: &[UploadedFile]) {
    for file in files {
        if let Err(error) = storage.delete(&file.stored.storage_key).await {
            warn!(%error, storage.key = %file.stored.storage_key, "deleting an uploaded file failed");
        }
    }
}

/// Rounds a size in bytes up to whole megabytes (MiB, as file managers count them).
pub fn megabytes(bytes: u64) -> i64 {
    i64::try_from(bytes.div_ceil(1024 * 1024)).unwrap_or(i64::MAX)
}

/// Keeps the last component of an uploaded file's name (old browsers send the whole
/// path), normalised to NFC, without control characters and cut to
/// [`MAX_FILE_NAME_CHARS`] characters.
pub fn clean_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let name: String = normalize(last).chars().filter(|c| !c.is_control() && !is_bidi_control(*c)).collect();
    let name = name.trim();
    if name.chars().count() <= MAX_FILE_NAME_CHARS {
        return name.to_owned();
    }
    // A long name is cut in its stem, so the extension the reader sees stays.
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if extension.chars().count() <= 8 => (stem, format!(".{extension}")),
        _ => (name, String::new()),
    };
    let keep = MAX_FILE_NAME_CHARS - extension.chars().count();
    format!("{}{extension}", stem.chars().take(keep).collect::<String>().trim_end())
}

/// Whether a character reorders the text around it (U+202E shows `exe.pdf` for
/// `fdp.exe`), which a file name must never do.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::extract::FromRequest;
    use axum::http::{Request, header};

    use super::*;

    const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";
    const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode.";

    enum Part<'a> {
        Text(&'a str, &'a str),
        File(&'a str, &'a str, &'a [u8]),
    }

    async fn multipart(parts: &[Part<'_>]) -> Multipart {
        let boundary = "test-boundary";
        let mut body = Vec::new();
        for part in parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match part {
                Part::Text(name, value) => {
                    body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}").as_bytes());
                }
                Part::File(name, file_name, bytes) => {
                    body.extend_from_slice(
                        format!(
                            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                             Content-Type: application/pdf\r\n\r\n"
                        )
                        .as_bytes(),
                    );
                    body.extend_from_slice(bytes);
                }
            }
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = Request::post("/")
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .expect("request");
        Multipart::from_request(request, &()).await.expect("multipart")
    }

    fn storage() -> (tempfile::TempDir, Storage) {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let storage = Storage::local(dir.path()).expect("store");
        (dir, storage)
    }

    fn file_count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .expect("read dir")
            .flatten()
            .map(|entry| if entry.path().is_dir() { file_count(&entry.path()) } else { 1 })
            .sum()
    }

    const LIMITS: Limits = Limits { file_bytes: 1024 * 1024 };

    #[tokio::test]
    async fn form_keeps_fields_and_files() {
        let (dir, storage) = storage();
        let parts = [
            Part::Text("title", "Co\u{302}ng va\u{306}n  so\u{302}\u{301} 5"),
            Part::Text("school", "1"),
            Part::Text("school", "2"),
            Part::File("files", "C:\\fakepath\\Công văn.pdf", PDF),
            Part::File("files", "", b""),
            Part::Text("school", "3"),
            Part::File("files", "anh.pdf", PDF),
        ];

        let form = read_form(multipart(&parts).await, &storage, LIMITS).await.expect("form");

        assert_eq!(form.text("title"), Some("Công văn số 5"));
        assert_eq!(form.texts("school"), ["1", "2", "3"]);
        assert_eq!(form.files.len(), 2);
        assert_eq!(form.files[0].file_name, "Công văn.pdf");
        assert_eq!(form.files[0].kind(), FileKind::Pdf);
        assert_eq!(form.files[0].stored.size_bytes, PDF.len() as i64);
        assert_eq!(form.files_of("files").count(), 2);
        assert_eq!(file_count(dir.path()), 2);
        form.discard(&storage).await;
        assert_eq!(file_count(dir.path()), 0);
    }

    #[test]
    fn file_name_drops_bidi_and_keeps_extension() {
        assert_eq!(clean_file_name("bao-cao\u{202E}fdp.exe"), "bao-caofdp.exe");
        let long = format!("{}.pdf", "a".repeat(600));
        let cleaned = clean_file_name(&long);
        assert_eq!(cleaned.chars().count(), MAX_FILE_NAME_CHARS);
        assert!(cleaned.ends_with(".pdf"));
    }

    #[tokio::test]
    async fn text_keeps_line_breaks() {
        let (_dir, storage) = storage();
        let parts = [Part::Text("body", "Đoa\u{323}n  một\r\n\r\nĐoạn hai")];

        let form = read_form(multipart(&parts).await, &storage, LIMITS).await.expect("form");

        assert_eq!(form.text("body"), Some("Đoạn một\n\nĐoạn hai"));
    }

    #[tokio::test]
    async fn renamed_exe_rejected_in_vietnamese() {
        let (dir, storage) = storage();
        let parts = [
            Part::Text("title", "Kế hoạch"),
            Part::File("files", "ke-hoach.pdf", PDF),
            Part::File("files", "x.pdf", EXE),
            Part::Text("note", "sau tệp"),
        ];

        let rejection = read_form(multipart(&parts).await, &storage, LIMITS).await.expect_err("rejected");

        assert_eq!(
            rejection.message(Locale::Vi),
            "Tệp «x.pdf» không phải PDF, Word (DOCX, DOC), Excel (XLSX, XLS) hay ảnh (JPEG, PNG, WebP): \
             hãy chọn tệp thuộc một trong các loại này, hoặc lưu tài liệu thành PDF rồi tải lên lại. \
             Loại tệp được xác định theo nội dung, không theo phần đuôi của tên."
        );
        assert_eq!(rejection.form.text("title"), Some("Kế hoạch"));
        assert_eq!(rejection.form.text("note"), Some("sau tệp"));
        assert!(rejection.form.files.is_empty());
        assert_eq!(file_count(dir.path()), 0, "the PDF stored before is deleted");
        assert!(matches!(AppError::from(rejection), AppError::BadRequest { .. }));
    }

    #[tokio::test]
    async fn large_file_rejected_in_vietnamese() {
        let (dir, storage) = storage();
        let mut large = PDF.to_vec();
        large.resize(1024 * 1024 + 1, b' ');
        let parts = [Part::File("files", "bản quét.pdf", &large), Part::Text("title", "x")];

        let rejection = read_form(multipart(&parts).await, &storage, LIMITS).await.expect_err("rejected");

        assert_eq!(
            rejection.message(Locale::Vi),
            "Tệp «bản quét.pdf» lớn hơn 1 MB: hãy giảm độ phân giải của ảnh hoặc bản quét, \
             hoặc tách thành nhiều tệp nhỏ hơn rồi tải lên lại."
        );
        assert_eq!(rejection.form.text("title"), Some("x"));
        assert_eq!(file_count(dir.path()), 0);
    }

    #[tokio::test]
    async fn empty_and_too_many_files() {
        let (_dir, storage) = storage();
        let empty = [Part::File("files", "trống.pdf", b"")];
        let many: Vec<Part> = (0..=MAX_FILES).map(|_| Part::File("files", "a.pdf", PDF)).collect();

        let empty = read_form(multipart(&empty).await, &storage, LIMITS).await.expect_err("empty");
        let many = read_form(multipart(&many).await, &storage, LIMITS).await.expect_err("too many");

        assert_eq!(empty.message(Locale::Vi), "Tệp «trống.pdf» trống (0 byte): hãy kiểm tra tệp trên máy rồi chọn lại.");
        assert_eq!(
            many.message(Locale::Vi),
            "Mỗi lần chỉ gửi được 10 tệp, nên tệp «a.pdf» và các tệp sau nó chưa được nhận: \
             hãy bỏ bớt tệp, hoặc gửi phần còn lại ở lần sau."
        );
    }

    #[test]
    fn file_name_drops_path_and_controls() {
        assert_eq!(clean_file_name("C:\\fakepath\\Công văn.pdf"), "Công văn.pdf");
        assert_eq!(clean_file_name("/home/a/ke hoach.docx"), "ke hoach.docx");
        assert_eq!(clean_file_name("a\u{0}b\u{1b}.pdf"), "ab.pdf");
        assert_eq!(clean_file_name("  "), "");
        // "ô" typed as "o" and a combining circumflex becomes one character.
        assert_eq!(clean_file_name("co\u{302}ng.pdf"), "c\u{f4}ng.pdf");
        assert_eq!(clean_file_name(&"a".repeat(500)).chars().count(), MAX_FILE_NAME_CHARS);
    }

    #[test]
    fn megabytes_round_up() {
        assert_eq!(megabytes(20 * 1024 * 1024), 20);
        assert_eq!(megabytes(20 * 1024 * 1024 + 1), 21);
    }
}
