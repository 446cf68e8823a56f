//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/openapi.json`.
//!
//! Handlers follow the screens' order: extract, parse, authorise with the policy, call
//! the repositories, respond. They return types of this module, converted from the
//! repositories' rows, so that the document describes exactly what is sent.

mod activity_plans;
mod recommendations;
mod activities;
mod clusters;
mod communes;
mod dashboard;
mod development;
mod directives;
mod error;
mod inbox;
mod lesson_study;
mod notifications;
mod openapi;
mod params;
mod people;
pub(crate) mod personnel;
mod provinces;
mod recordings;
mod report_figures;
mod report_submissions;
mod report_templates;
mod requests;
mod schools;
mod staff;
mod surveys;

use axum::Router;
use axum::routing::get;

use crate::error::AppError;
use crate::state::AppState;

pub use openapi::{ApiDoc, document};

/// Builds the API's routes. Each route must also be listed in [`ApiDoc`].
pub fn router() -> Router<AppState> {
    let v1 = Router::new()
        .route("/me", get(people::me))
        .route("/provinces", get(provinces::list))
        .route("/provinces/{code}", get(provinces::detail))
        .route("/communes", get(communes::list))
        .route("/communes/{code}", get(communes::detail))
        .route("/clusters", get(clusters::list))
        .route("/clusters/{id}", get(clusters::detail))
        .route("/schools", get(schools::list))
        .route("/schools/{id}", get(schools::detail))
        .route("/schools/{id}/people", get(schools::people))
        .route("/people", get(people::list))
        .route("/people/{id}", get(people::detail))
        .merge(directives::routes())
        .merge(inbox::routes())
        .merge(requests::routes())
        .merge(notifications::routes())
        .merge(report_templates::routes())
        .merge(report_submissions::routes())
        .merge(report_figures::routes())
        .merge(dashboard::routes())
        .merge(activities::routes())
        .merge(activity_plans::routes())
        .merge(recommendations::routes())
        .merge(development::routes())
        .merge(recordings::routes())
        .merge(lesson_study::routes())
        .merge(surveys::routes())
        .merge(personnel::routes())
        .merge(staff::routes())
        // The document is also served inside the versioned prefix, where clients look first.
        .route("/openapi.json", get(openapi::openapi_json))
        // An unknown API path gets the JSON 404 rather than an empty body.
        .fallback(|| async { AppError::NotFound });

    Router::new().route("/api/openapi.json", get(openapi::openapi_json)).nest("/api/v1", v1)
}
