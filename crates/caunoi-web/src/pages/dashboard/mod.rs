//! The monitoring dashboards of a province's department and of a cluster: directive
//! acknowledgement, report completeness, open requests and upcoming deadlines per
//! cluster, with SVG charts, tables and a map of communes, updated live through
//! server-sent events.

mod events;
mod fragment;
pub(crate) mod model;
mod show;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

pub(crate) use model::DashboardTarget;

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/p/{province}/dashboard", get(show::province))
        .route("/p/{province}/dashboard/events", get(events::province))
        .route("/clusters/{id}/dashboard", get(show::cluster))
        .route("/clusters/{id}/dashboard/events", get(events::cluster))
}
