//! `/reports`: the navigation bar's entry to reports, which sends each person to the
//! list that fits their first role: the department's requests, a cluster's, or a
//! school's.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::org::{Role, Scope};
use caunoi_core::policy::{Action, ClusterFacts};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub async fn mine(State(_state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    for grant in &user.actor.grants {
        let target = match (&grant.scope, grant.province.as_deref()) {
            (Scope::Province(code), _) if user.allows(Action::DesignReportTemplate { province: code, cluster: None }) => {
                format!("/p/{code}/reports")
            }
            (Scope::Cluster(id), Some(province)) => {
                let cluster = ClusterFacts { id: *id, province: province.to_owned() };
                if !user.allows(Action::DesignReportTemplate { province, cluster: Some(&cluster) }) {
                    continue;
                }
                format!("/clusters/{id}/reports")
            }
            (Scope::School(id), _) if grant.role == Role::SchoolLeader => format!("/schools/{id}/reports"),
            _ => continue,
        };
        return Ok(Redirect::to(&target).into_response());
    }
    Err(AppError::NotFound)
}
