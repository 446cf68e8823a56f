//! The JSON error envelope, declared here for the OpenAPI document only. The
//! `render_errors` middleware writes it for every `AppError` returned under `/api`.

use serde::Serialize;
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
