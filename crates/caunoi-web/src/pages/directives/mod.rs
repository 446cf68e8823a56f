//! Screens of the directives area on the sender's side: the list, the form of a new
//! draft, the preview and publication, amendment and withdrawal. Schools read
//! directives in their inbox, and the tracking page follows their acknowledgements.

mod amend;
mod files;
mod form;
pub(crate) mod input;
mod list;
mod show;

use axum::Router;
use axum::routing::{get, post};
use caunoi_core::org::Scope;
use caunoi_core::policy::{Action, ClusterFacts, DirectiveFacts};
use caunoi_db::Db;
use caunoi_db::directives::{self, Directive};

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::uploads;

pub(crate) use form::FormContext;

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/p/{province}/directives", get(list::list))
        .route("/p/{province}/directives/new", get(form::new_department).post(form::create_department))
        .route("/clusters/{id}/directives/new", get(form::new_cluster).post(form::create_cluster))
        .route("/directives/{id}", get(show::show))
        .route("/directives/{id}/edit", get(form::edit).post(form::update))
        .route("/directives/{id}/publish", post(show::publish))
        .route("/directives/{id}/delete", post(show::delete))
        .route("/directives/{id}/files", post(files::upload).layer(uploads::body_limit()))
        .route("/directives/{id}/files/{file}/delete", post(files::remove))
        .route("/directives/{id}/amend", get(amend::form).post(amend::submit))
        .route("/directives/{id}/withdraw", get(amend::withdraw_form).post(amend::withdraw))
}

/// The directives of a province a person manages as a sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SenderScope {
    /// Department staff: every directive of the province, the clusters' included.
    Department,
    /// Cluster board members: the directives of these clusters.
    Clusters(Vec<i64>),
}

impl SenderScope {
    /// Returns whether the person may start a directive from this cluster.
    pub fn covers(&self, cluster: i64) -> bool {
        match self {
            SenderScope::Department => true,
            SenderScope::Clusters(ids) => ids.contains(&cluster),
        }
    }
}

/// Returns what a person may send in a province, or `None` when they send nothing
/// there, asking the policy for the department and for each cluster they sit on.
pub(crate) fn sender_scope(user: &CurrentUser, province: &str) -> Option<SenderScope> {
    if user.allows(Action::CreateDirective { province, cluster: None }) {
        return Some(SenderScope::Department);
    }
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
            user.allows(Action::CreateDirective { province, cluster: Some(&cluster) })
        })
        .collect();
    clusters.sort_unstable();
    clusters.dedup();
    (!clusters.is_empty()).then_some(SenderScope::Clusters(clusters))
}

/// Loads a directive for its sender: the facts, the policy's consent, then the row.
/// Anyone else gets the same 404 as for a missing directive.
pub(crate) async fn load_managed(db: &Db, user: &CurrentUser, raw_id: &str) -> AppResult<(DirectiveFacts, Directive)> {
    let id = parse_id(raw_id)?;
    let facts = directives::facts(db, id, user.id).await?;
    user.require(Action::ManageDirective { directive: &facts })?;
    let directive = directives::get(db, id).await?;
    Ok((facts, directive))
}
