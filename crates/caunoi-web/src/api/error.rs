//! The JSON error envelope. The `render_errors` middleware writes it for every
//! `AppError` returned under `/api`, and [`invalid_fields`] writes the 422 of a body
//! with invalid fields.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// The body of every error response of the API.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"error": {"code": "not_found", "message": "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu, hoặc bạn không có quyền xem. Kiểm tra lại đường dẫn."}}))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code: `bad_request`, `unauthenticated`, `forbidden`,
    /// `not_found`, `conflict`, `too_many_requests` or `internal`.
    pub code: String,
    /// Explanation for people, in the language of the `lang` cookie or
    /// `Accept-Language` (Vietnamese by default).
    pub message: String,
}

/// Builds the 422 of a body with invalid fields: the envelope's message is the first
/// field's message, and `error.fields` maps each invalid field to its message.
pub(crate) fn invalid_fields<F: AsRef<str>>(messages: impl IntoIterator<Item = (F, String)>) -> Response {
    let fields: Vec<(F, String)> = messages.into_iter().collect();
    let first = fields.first().map(|(_, message)| message.clone()).unwrap_or_default();
    let map: serde_json::Map<String, serde_json::Value> =
        fields.into_iter().map(|(field, message)| (field.as_ref().to_owned(), json!(message))).collect();
    let body = json!({"error": {"code": "unprocessable_entity", "message": first, "fields": map}});
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}
