//! Screens of the sender's side of reports: the template lists, the designer, the
//! requests made from a template, their lists and the request page.
//!
//! The designer works without JavaScript: every change is a small form posted to
//! `/report-templates/{id}/design`, which saves the definition and redirects back to the
//! designer at the edited part, or shows the designer again with the message and what
//! was typed.

pub(crate) mod design;
mod designer;
mod list;
mod mine;
mod preview;
pub(crate) mod request_form;
mod request_list;
mod request_show;
mod transfer;

use axum::Router;
use axum::routing::{get, post};
use caunoi_core::org::Scope;
use caunoi_core::policy::{Action, ClusterFacts, ReportFacts, TemplateFacts};
use caunoi_db::Db;
use caunoi_db::reports::requests::{self, ReportRequest};
use caunoi_db::reports::templates::{self, Template};

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::uploads;

pub(crate) use list::parse_details;
pub(crate) use transfer::parse_definition;

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/p/{province}/report-templates", get(list::department).post(list::create_department))
        .route("/clusters/{id}/report-templates", get(list::cluster).post(list::create_cluster))
        .route("/report-templates/{id}", get(designer::show))
        .route("/report-templates/{id}/design", post(designer::edit))
        .route("/report-templates/{id}/details", post(designer::details))
        .route("/report-templates/{id}/archive", post(designer::archive))
        .route("/report-templates/{id}/preview", get(preview::show))
        .route("/report-templates/{id}/definition.json", get(transfer::export))
        .route("/report-templates/{id}/import", post(transfer::import).layer(uploads::body_limit()))
        .route("/report-templates/{id}/requests/new", get(request_form::new).post(request_form::create))
        .route("/reports", get(mine::mine))
        .route("/p/{province}/reports", get(request_list::department))
        .route("/clusters/{id}/reports", get(request_list::cluster))
        .route("/reports/{id}", get(request_show::show))
        .route("/reports/{id}/edit", get(request_form::edit).post(request_form::update))
        .route("/reports/{id}/delete", post(request_show::delete))
        .route("/reports/{id}/publish", get(request_show::confirm_publish).post(request_show::publish))
        .route("/reports/{id}/close", post(request_show::close))
        .route("/reports/{id}/extend", post(request_show::extend))
}

/// Loads a template for a person who may edit it; anyone else gets the 404 of a
/// missing template.
pub(crate) async fn load_template(db: &Db, user: &CurrentUser, raw_id: &str) -> AppResult<(TemplateFacts, Template)> {
    let id = parse_id(raw_id)?;
    let facts = templates::facts(db, id).await?;
    user.require(Action::ManageReportTemplate { template: &facts })?;
    let template = templates::get(db, id).await?;
    Ok((facts, template))
}

/// Loads a request for its sender; anyone else gets the 404 of a missing request.
pub(crate) async fn load_managed(db: &Db, user: &CurrentUser, raw_id: &str) -> AppResult<(ReportFacts, ReportRequest)> {
    let id = parse_id(raw_id)?;
    let facts = requests::facts(db, id, user.id).await?;
    user.require(Action::ManageReport { report: &facts })?;
    let request = requests::get(db, id).await?;
    Ok((facts, request))
}

/// Returns the clusters of a province on whose board a person may design templates.
pub(crate) fn board_clusters(user: &CurrentUser, province: &str) -> Vec<i64> {
    let mut clusters: Vec<i64> = user
        .actor
        .grants
        .iter()
        .filter(|grant| grant.province.as_deref() == Some(province))
        .filter_map(|grant| match grant.scope {
            Scope::Cluster(id) => Some(id),
            _ => None,
        })
        .filter(|id| {
            let cluster = ClusterFacts { id: *id, province: province.to_owned() };
            user.allows(Action::DesignReportTemplate { province, cluster: Some(&cluster) })
        })
        .collect();
    clusters.sort_unstable();
    clusters.dedup();
    clusters
}
