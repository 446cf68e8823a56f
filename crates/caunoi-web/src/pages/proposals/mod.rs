//! Cluster proposals: the department asks for `k` compact, contiguous clusters of a
//! province's communes for a school year, balanced by school count, edits them (moves
//! communes, renames clusters) and saves them as that year's clusters.
//!
//! A proposal is a stored draft (`cluster_proposals`). Its figures are recomputed from
//! the communes' coordinates and the current school counts on every display, so they
//! always match the edited assignment.

mod edit;
mod figures;
mod form;
mod show;

pub use edit::{move_commune, rename, save};
pub use form::{create, form};
pub use show::show;

use caunoi_core::policy::Action;
use caunoi_db::clusters::{self, StoredProposal};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Parses a proposal id from the path. Anything but a positive whole number is a 404,
/// like an id that does not exist.
fn parse_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or(AppError::NotFound)
}

/// Loads a proposal and checks that the user manages its province. A missing proposal
/// and another province's proposal give the same 404.
async fn load_managed(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<StoredProposal> {
    let stored = clusters::proposal(&state.db, id).await?;
    user.require(Action::ManageProvince { province: &stored.province_code })?;
    Ok(stored)
}
