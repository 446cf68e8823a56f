//! The application error: one type for every handler, rendered in one place.
//!
//! A handler returns `AppError`; its response carries an [`ErrorInfo`] extension and no
//! body. The [`render_errors`] middleware then writes the body in the request's language:
//! an HTML page for screens, a JSON envelope under `/api`.

use askama::Template;
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use caunoi_db::DbError;
use serde_json::json;
use tracing::error;

use crate::i18n::{FluentArg, Locale};

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug)]
pub enum AppError {
    /// 404. Also the answer to a request the policy refuses, so that nobody learns what
    /// exists outside their scope.
    NotFound,
    /// 401 for the API; screens redirect to the login page instead.
    Unauthenticated { next: String },
    /// 400 with a message id naming the bad value and the fix.
    BadRequest { message_id: &'static str, args: Vec<(&'static str, FluentArg)> },
    /// 403 with a message id saying why: the caller may see the target but not take
    /// this step, such as a colleague outside a lesson-study group or a participant
    /// asking for a survey's results. A caller who may not see the target at all gets
    /// [`AppError::NotFound`] instead.
    Forbidden { message_id: &'static str },
    /// 409: the request conflicts with saved data.
    Conflict { message_id: &'static str, args: Vec<(&'static str, FluentArg)> },
    /// 429 with the seconds to wait.
    TooManyRequests { retry_after_secs: i64 },
    /// 500. The cause is logged once here and never shown.
    Internal(String),
}

impl AppError {
    pub fn bad_request(message_id: &'static str) -> AppError {
        AppError::BadRequest { message_id, args: Vec::new() }
    }

    pub fn bad_value(message_id: &'static str, value: impl Into<String>) -> AppError {
        AppError::BadRequest { message_id, args: vec![("value", FluentArg::Text(value.into()))] }
    }

    pub fn conflict(message_id: &'static str) -> AppError {
        AppError::Conflict { message_id, args: Vec::new() }
    }

    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        AppError::Internal(cause.to_string())
    }
}

impl From<DbError> for AppError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::NotFound => AppError::NotFound,
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// The cause of an error response, attached for [`render_errors`].
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub message_id: &'static str,
    pub args: Vec<(&'static str, FluentArg)>,
    pub next: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message_id, args, next) = match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "not_found", "error-not-found", Vec::new(), None),
            AppError::Unauthenticated { next } => {
                (StatusCode::UNAUTHORIZED, "unauthenticated", "error-unauthenticated", Vec::new(), Some(next))
            }
            AppError::BadRequest { message_id, args } => (StatusCode::BAD_REQUEST, "bad_request", message_id, args, None),
            AppError::Forbidden { message_id } => (StatusCode::FORBIDDEN, "forbidden", message_id, Vec::new(), None),
            AppError::Conflict { message_id, args } => (StatusCode::CONFLICT, "conflict", message_id, args, None),
            AppError::TooManyRequests { retry_after_secs } => {
                let minutes = (retry_after_secs + 59) / 60;
                let args = vec![("minutes", FluentArg::Number(minutes))];
                let mut response = (StatusCode::TOO_MANY_REQUESTS, "").into_response();
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                response.extensions_mut().insert(ErrorInfo {
                    code: "too_many_requests",
                    message_id: "error-too-many-requests",
                    args,
                    next: None,
                });
                return response;
            }
            AppError::Internal(cause) => {
                error!(error = %cause, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", "error-internal", Vec::new(), None)
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorInfo { code, message_id, args, next });
        response
    }
}

#[derive(Template)]
#[template(path = "pages/error.html")]
struct ErrorPage {
    locale: Locale,
    title: String,
    message: String,
}

/// Writes the body of error responses in the request's language.
pub async fn render_errors(request: Request, next: Next) -> Response {
    let locale = Locale::from_headers(request.headers());
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let Some(info) = response.extensions().get::<ErrorInfo>().cloned().or_else(|| framework_error(&response)) else {
        return response;
    };
    let status = response.status();
    let message = locale.t_args(info.message_id, &info.args);
    if is_api {
        let body = json!({ "error": { "code": info.code, "message": message } });
        let mut rendered = (status, Json(body)).into_response();
        copy_retry_after(&response, &mut rendered);
        return rendered;
    }
    if let Some(next) = info.next {
        let target = format!("/login?next={}", urlencode(&next));
        return Redirect::to(&target).into_response();
    }
    let page = ErrorPage { locale, title: locale.t(&format!("error-title-{}", status.as_u16())), message: message.clone() };
    let mut rendered = match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            error!(%error, "error page failed to render");
            (status, message).into_response()
        }
    };
    copy_retry_after(&response, &mut rendered);
    rendered
}

/// Describes the plain-text rejections of axum and tower-http, so they get the same
/// translated page or JSON body as the application's own errors. These are a repeated
/// form field, a body too large, a wrong content type, a cross-site post and a wrong method.
fn framework_error(response: &Response) -> Option<ErrorInfo> {
    let ours = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html") || value.starts_with("application/json"));
    if ours {
        return None;
    }
    let (code, message_id) = match response.status() {
        StatusCode::BAD_REQUEST => ("bad_request", "error-framework-400"),
        StatusCode::FORBIDDEN => ("forbidden", "error-framework-403"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "error-framework-405"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "error-framework-413"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "error-framework-415"),
        StatusCode::UNPROCESSABLE_ENTITY => ("unprocessable_entity", "error-framework-422"),
        _ => return None,
    };
    Some(ErrorInfo { code, message_id, args: Vec::new(), next: None })
}

fn copy_retry_after(from: &Response, to: &mut Response) {
    if let Some(value) = from.headers().get(header::RETRY_AFTER) {
        to.headers_mut().insert(header::RETRY_AFTER, value.clone());
    }
}

/// Percent-encodes a value for a query string.
pub fn urlencode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => encoded.push(byte as char),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}
