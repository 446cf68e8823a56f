//! The personnel map screens. The department sees shortage and surplus per subject for
//! its province, and a cluster board for its cluster, with a drill-down province →
//! cluster → commune → school and a map of communes. Schools enter their class counts,
//! and the department copies, edits and activates its own staffing rule sets and
//! designates its communes' regions.

mod classes;
mod figures;
mod regions;
mod rules;
pub(crate) mod scope;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/p/{province}/personnel", get(figures::show))
        .route("/clusters/{id}/personnel", get(figures::cluster))
        .route("/schools/{id}/classes", get(classes::form).post(classes::save))
        .route("/p/{province}/personnel/rules", get(rules::list))
        .route("/p/{province}/personnel/regions", get(regions::form).post(regions::save))
        .route("/personnel/rules/{id}", get(rules::show))
        .route("/personnel/rules/{id}/copy", post(rules::copy))
        .route("/personnel/rules/{id}/value", post(rules::set_value))
        .route("/personnel/rules/{id}/activate", post(rules::activate))
}
