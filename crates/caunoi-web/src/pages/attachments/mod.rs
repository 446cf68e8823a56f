//! Downloads of attached files, for the people who may read what they are attached
//! to, and the list of files other screens show.
//!
//! A screen lists files by putting `attachments: Vec<AttachmentView>` (from [`views`])
//! in its template struct and `{% include "attachments/list.html" %}` in its template.

use std::ops::Range;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use caunoi_core::policy::Action;
use caunoi_db::attachments::{self, Attachment, OwnerKind};
use caunoi_db::{directives, requests};
use caunoi_db::storage::StorageError;
use tracing::instrument;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::state::AppState;

/// One attached file as a list shows it, every text already translated.
#[derive(Debug, Clone)]
pub struct AttachmentView {
    pub url: String,
    pub file_name: String,
    /// Type label, such as "PDF" or "Ảnh PNG".
    pub kind: String,
    /// Size such as "1,2 MB".
    pub size: String,
    /// Text of the link for screen readers: "Tải về Công văn.pdf".
    pub download_label: String,
}

/// Prepares attachments for `templates/attachments/list.html`.
pub fn views(locale: Locale, attachments: &[Attachment]) -> Vec<AttachmentView> {
    attachments
        .iter()
        .map(|attachment| AttachmentView {
            url: format!("/attachments/{}", attachment.id),
            file_name: attachment.file_name.clone(),
            kind: match attachment.kind() {
                Some(kind) => locale.tp("attachment-kind", kind.extension()),
                None => attachment.content_type.clone(),
            },
            size: size_text(locale, attachment.size_bytes),
            download_label: locale.t1("attachments-download-file", "name", &attachment.file_name),
        })
        .collect()
}

/// Formats a file size in kB below one megabyte and in MB with one decimal above,
/// counting 1,024 bytes to the kilobyte as file managers do.
pub fn size_text(locale: Locale, bytes: i64) -> String {
    const MIB: i64 = 1024 * 1024;
    if bytes < MIB {
        let kilobytes = (bytes + 1023) / 1024;
        locale.t1("attachment-size-kb", "size", &locale.int(kilobytes))
    } else {
        locale.t1("attachment-size-mb", "size", &locale.decimal(bytes as f64 / MIB as f64, 1))
    }
}

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new().route("/attachments/{id}", get(download))
}

/// Sends a file as a download, whole or one byte range of it. Someone who may not read
/// the record it belongs to gets the same 404 as for a missing file.
#[instrument(skip_all, fields(attachment.id = %raw_id))]
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let id: i64 = raw_id.parse().map_err(|_| AppError::NotFound)?;
    let attachment = attachments::get(&state.db, id).await?;
    authorise(&state, &user, &attachment).await?;

    let size = u64::try_from(attachment.size_bytes).map_err(AppError::internal)?;
    let etag = format!("\"{}\"", attachment.sha256);
    let range = match conditional_range(&headers, &etag, size) {
        Ok(range) => range,
        Err(response) => return Ok(response),
    };

    let blob = match state.storage.get(&attachment.storage_key, range.clone()).await {
        Ok(blob) => blob,
        Err(StorageError::NotFound(_)) => {
            return Err(AppError::internal(format!("the file of attachment {id} is missing from the store")));
        }
        Err(error) => return Err(AppError::internal(error)),
    };
    let sent = blob.range.clone();
    let mut response = Response::new(Body::from_stream(blob.body.into_stream()));
    if range.is_some() {
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        let content_range = format!("bytes {}-{}/{}", sent.start, sent.end - 1, size);
        response.headers_mut().insert(header::CONTENT_RANGE, header_value(&content_range)?);
    }
    file_headers(response.headers_mut(), &attachment, &etag, sent.end - sent.start)?;
    Ok(response)
}

/// Checks that the user may read what the file is attached to.
async fn authorise(state: &AppState, user: &CurrentUser, attachment: &Attachment) -> AppResult<()> {
    match attachment.owner() {
        Some(OwnerKind::Directive) => {
            let directive = directives::facts(&state.db, attachment.owner_id, user.id).await?;
            user.require(Action::ViewDirective { directive: &directive })
        }
        Some(OwnerKind::Request) => {
            let request = requests::facts(&state.db, attachment.owner_id).await?;
            user.require(Action::ViewRequest { request: &request })
        }
        // A report scan: the school itself and those who may see its submission.
        Some(OwnerKind::Report) => {
            let (request, school) = caunoi_db::reports::submissions::owner_of(&state.db, attachment.owner_id).await?;
            crate::pages::report_submissions::context(state, user, request, school).await.map(|_| ())
        }
        // A note's photo shows students. Like a recording whose consent is pending, it
        // needs more than a seat, which anyone reached may take: the organiser's side,
        // those marked present, and the photographer.
        Some(OwnerKind::LessonNote) => {
            let activity = caunoi_db::lesson_study::observation::activity_of_note(&state.db, attachment.owner_id).await?;
            let lesson = caunoi_db::lesson_study::facts(&state.db, activity, user.id).await?;
            user.require(Action::ViewLessonStudy { lesson: &lesson })?;
            let present = caunoi_db::recordings::attended(&state.db, activity, user.id).await?;
            let organiser = user.allows(Action::ManageActivity { activity: &lesson.activity });
            if present || organiser || attachment.uploaded_by == user.id { Ok(()) } else { Err(AppError::NotFound) }
        }
        // Minutes: the group, and the boards of the clusters they were sent to.
        Some(OwnerKind::LessonMinutes) => {
            let lesson = caunoi_db::lesson_study::facts(&state.db, attachment.owner_id, user.id).await?;
            let clusters = caunoi_db::lesson_study::minutes::clusters_of(&state.db, attachment.id).await?;
            user.require(Action::ViewLessonMinutes { lesson: &lesson, sent_to_clusters: &clusters })
        }
        None => Err(AppError::NotFound),
    }
}

/// Applies a download's conditional headers: returns the byte range to send (`None`
/// for the whole file), or the finished 304 or 416 response.
pub(crate) fn conditional_range(headers: &HeaderMap, etag: &str, size: u64) -> Result<Option<Range<u64>>, Response> {
    if matches_etag(headers, header::IF_NONE_MATCH, etag) {
        return Err((StatusCode::NOT_MODIFIED, [(header::ETAG, etag.to_owned())]).into_response());
    }
    requested_range(headers, etag, size).map_err(|()| {
        let content_range = format!("bytes */{size}");
        (StatusCode::RANGE_NOT_SATISFIABLE, [(header::CONTENT_RANGE, content_range)]).into_response()
    })
}

/// Returns the single byte range a `Range` header requests, `None` for the whole file,
/// or `Err` when the range lies outside the file (416). A malformed header, several
/// ranges, or an `If-Range` naming another version give the whole file, as RFC 9110
/// allows.
fn requested_range(headers: &HeaderMap, etag: &str, size: u64) -> Result<Option<Range<u64>>, ()> {
    let Some(value) = headers.get(header::RANGE).and_then(|value| value.to_str().ok()) else {
        return Ok(None);
    };
    if headers.contains_key(header::IF_RANGE) && !matches_etag(headers, header::IF_RANGE, etag) {
        return Ok(None);
    }
    // RFC 9110: a suffix longer than the file selects all of it, and an empty suffix
    // selects nothing. The parser below rejects the first and ignores the second.
    if let Some(suffix) = value.trim().strip_prefix("bytes=-")
        && let Ok(length) = suffix.trim().parse::<u64>()
    {
        return match length {
            0 => Err(()),
            _ if size == 0 => Err(()),
            _ if length >= size => Ok(Some(0..size)),
            _ => Ok(Some(size - length..size)),
        };
    }
    let Ok(parsed) = http_range_header::parse_range_header(value) else {
        return Ok(None);
    };
    match parsed.validate(size) {
        Ok(ranges) if ranges.len() == 1 => Ok(Some(*ranges[0].start()..*ranges[0].end() + 1)),
        Ok(_) => Ok(None),
        Err(_) => Err(()),
    }
}

/// Returns whether a conditional header lists the file's entity tag (or `*`).
fn matches_etag(headers: &HeaderMap, name: header::HeaderName, etag: &str) -> bool {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').map(str::trim).any(|tag| tag == etag || tag == "*"))
}

fn file_headers(headers: &mut HeaderMap, attachment: &Attachment, etag: &str, length: u64) -> AppResult<()> {
    headers.insert(header::CONTENT_TYPE, header_value(&attachment.content_type)?);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(header::CONTENT_DISPOSITION, header_value(&content_disposition(&attachment.file_name))?);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Should a browser ever render the file, it runs in a sandbox with nothing loaded.
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(header::ETAG, header_value(etag)?);
    // Files are shown only after a permission check, so shared caches must not keep them.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    Ok(())
}

pub(crate) fn header_value(text: &str) -> AppResult<HeaderValue> {
    HeaderValue::from_str(text).map_err(AppError::internal)
}

/// Builds `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): the ASCII name
/// for old clients, the full NFC name percent-encoded (RFC 8187) for the rest.
pub fn content_disposition(file_name: &str) -> String {
    format!("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii_fallback(file_name), percent_encode(file_name))
}

/// Builds the same header for a file the browser shows in place, such as a video.
pub fn content_disposition_inline(file_name: &str) -> String {
    format!("inline; filename=\"{}\"; filename*=UTF-8''{}", ascii_fallback(file_name), percent_encode(file_name))
}

/// Spells a name in ASCII: Vietnamese letters lose their marks (`Công văn` becomes
/// `Cong van`), and anything else outside printable ASCII, quotes and backslashes become `_`.
fn ascii_fallback(file_name: &str) -> String {
    let mut out = String::with_capacity(file_name.len());
    for c in file_name.chars() {
        if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
            out.push(c);
            continue;
        }
        let folded = caunoi_core::text::fold(&c.to_string());
        let mut letters = folded.chars();
        match (letters.next(), letters.next()) {
            (Some(letter), None) if letter.is_ascii_alphanumeric() => {
                out.push(if c.is_uppercase() { letter.to_ascii_uppercase() } else { letter });
            }
            _ => out.push('_'),
        }
    }
    out
}

/// Percent-encodes everything outside RFC 8187's `attr-char`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(byte as char),
            b'!' | b'#' | b'$' | b'&' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(askama::Template)]
    #[template(path = "attachments/list.html")]
    struct ListOnly {
        attachments: Vec<AttachmentView>,
    }

    #[test]
    fn list_escapes_file_names() {
        let attachment = Attachment {
            id: 7,
            province_code: "79".into(),
            owner_kind: "directive".into(),
            owner_id: 1,
            owner_part: Some(1),
            file_name: "<b>Công văn</b>.pdf".into(),
            content_type: "application/pdf".into(),
            size_bytes: 2048,
            sha256: String::new(),
            storage_key: String::new(),
            uploaded_by: 1,
            uploaded_at: 0,
        };
        let page = ListOnly { attachments: views(Locale::Vi, &[attachment]) };

        let html = askama::Template::render(&page).expect("render");

        assert!(html.contains(r#"href="/attachments/7""#), "{html}");
        assert!(html.contains("&#60;b&#62;Công văn&#60;/b&#62;.pdf") || html.contains("&lt;b&gt;Công văn&lt;/b&gt;.pdf"), "{html}");
        assert!(html.contains("PDF · 2 KB"), "{html}");
    }

    #[test]
    fn size_in_kb_and_mb() {
        assert_eq!(size_text(Locale::Vi, 1), "1 KB");
        assert_eq!(size_text(Locale::Vi, 340 * 1024), "340 KB");
        assert_eq!(size_text(Locale::Vi, 1024 * 1024 + 200 * 1024), "1,2 MB");
        assert_eq!(size_text(Locale::En, 20 * 1024 * 1024), "20.0 MB");
    }

    #[test]
    fn disposition_has_both_names() {
        assert_eq!(
            content_disposition("Công văn số 1581.pdf"),
            "attachment; filename=\"Cong van so 1581.pdf\"; filename*=UTF-8''C%C3%B4ng%20v%C4%83n%20s%E1%BB%91%201581.pdf"
        );
    }

    #[test]
    fn fallback_keeps_case_and_drops_quotes() {
        assert_eq!(ascii_fallback("ĐỀ ÁN \"mới\".docx"), "DE AN _moi_.docx");
        assert_eq!(ascii_fallback("báo cáo\\x.xlsx"), "bao cao_x.xlsx");
        assert_eq!(ascii_fallback("图.png"), "_.png");
    }

    #[test]
    fn range_single_multiple_and_invalid() {
        let etag = "\"abc\"";
        let with = |pairs: &[(header::HeaderName, &str)]| {
            let mut headers = HeaderMap::new();
            for (name, value) in pairs {
                headers.insert(name.clone(), HeaderValue::from_str(value).expect("header"));
            }
            requested_range(&headers, etag, 100)
        };

        assert_eq!(with(&[]), Ok(None));
        assert_eq!(with(&[(header::RANGE, "bytes=0-9")]), Ok(Some(0..10)));
        assert_eq!(with(&[(header::RANGE, "bytes=90-")]), Ok(Some(90..100)));
        assert_eq!(with(&[(header::RANGE, "bytes=-5")]), Ok(Some(95..100)));
        assert_eq!(with(&[(header::RANGE, "bytes=-500")]), Ok(Some(0..100)), "a suffix longer than the file");
        assert_eq!(with(&[(header::RANGE, "bytes=-0")]), Err(()), "an empty suffix");
        assert_eq!(with(&[(header::RANGE, "bytes=0-1,5-6")]), Ok(None));
        assert_eq!(with(&[(header::RANGE, "pages=1")]), Ok(None));
        assert_eq!(with(&[(header::RANGE, "bytes=200-300")]), Err(()));
        assert_eq!(with(&[(header::RANGE, "bytes=0-9"), (header::IF_RANGE, "\"abc\"")]), Ok(Some(0..10)));
        assert_eq!(with(&[(header::RANGE, "bytes=0-9"), (header::IF_RANGE, "\"old\"")]), Ok(None));
    }
}
