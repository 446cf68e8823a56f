use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use tracing::error;

use crate::state::AppState;

/// Reports the version and whether the database responds.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let version = env!("CARGO_PKG_VERSION");
    let dialect = state.db.dialect.name();
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, Json(json!({ "status": "ok", "version": version, "database": { "status": "ok", "dialect": dialect } }))),
        Err(err) => {
            error!(error = %err, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "error", "version": version, "database": { "status": "unreachable", "dialect": dialect } })),
            )
        }
    }
}
