//! Edits of a proposal (moving a commune, renaming a cluster) and saving it as the
//! clusters of its school year.

use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use caunoi_core::text::{normalize, same_name};
use caunoi_db::DbError;
use caunoi_db::clusters::{self, StoredProposal};
use serde::Deserialize;
use tracing::info;

use super::show::{EditErrors, render_show};
use super::{load_managed, parse_id};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{FluentArg, Locale};
use crate::state::AppState;

/// Maximum length of a cluster name, in characters after normalisation.
const MAX_NAME_CHARS: usize = 100;

/// Parses a 1-based cluster number of a proposal with `k` clusters into its index.
fn parse_cluster(raw: &str, k: usize) -> Option<usize> {
    raw.trim().parse::<usize>().ok().filter(|number| (1..=k).contains(number)).map(|number| number - 1)
}

/// Rejects edits of a proposal that was already saved, with the page and a 409.
async fn reject_if_saved(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    stored: &StoredProposal,
) -> AppResult<Option<Response>> {
    if stored.saved_at.is_none() {
        return Ok(None);
    }
    let errors = EditErrors { general: Some(saved_message(locale, stored)), ..EditErrors::default() };
    Ok(Some(render_show(state, locale, user, uri, stored, None, errors, StatusCode::CONFLICT).await?))
}

fn saved_message(locale: Locale, stored: &StoredProposal) -> String {
    locale.t1("proposals-error-saved", "year", &stored.school_year)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    commune: String,
    cluster: String,
}

/// Moves one commune to another cluster of the proposal. A move that would empty its
/// cluster is rejected. A move that breaks contiguity is allowed and shown as a warning.
#[tracing::instrument(skip_all, fields(proposal.id = %id))]
pub async fn move_commune(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(id): Path<String>,
    uri: Uri,
    Form(input): Form<MoveForm>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let mut stored = load_managed(&state, &user, id).await?;
    if let Some(rejected) = reject_if_saved(&state, locale, &user, &uri, &stored).await? {
        return Ok(rejected);
    }

    let k = stored.layout.names.len();
    let code = input.commune.trim().to_owned();
    let position = stored.layout.assignment.iter().position(|(member, _)| *member == code);
    let target = parse_cluster(&input.cluster, k);
    let rejection = match (position, target) {
        (None, _) if code.is_empty() => Some(locale.t("proposals-error-commune-missing")),
        (None, _) => Some(locale.t1("proposals-error-commune", "value", &code)),
        (_, None) => Some(locale.t1("proposals-error-cluster", "value", input.cluster.trim())),
        (Some(position), Some(target)) => {
            let source = stored.layout.assignment[position].1;
            let source_size = stored.layout.assignment.iter().filter(|(_, cluster)| *cluster == source).count();
            (source != target && source_size == 1).then(|| {
                locale.t1("proposals-error-last-commune", "cluster", &stored.layout.names[source])
            })
        }
    };
    if let Some(message) = rejection {
        let errors = EditErrors {
            move_error: Some(message),
            move_commune: code,
            move_cluster: input.cluster.trim().to_owned(),
            ..EditErrors::default()
        };
        return render_show(&state, locale, &user, &uri, &stored, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let (Some(position), Some(target)) = (position, target) else {
        unreachable!("a missing commune or cluster is rejected above");
    };

    stored.layout.assignment[position].1 = target;
    match clusters::update_proposal(&state.db, id, &stored.layout).await {
        Ok(()) => {}
        // The proposal was saved between loading and updating it.
        Err(DbError::NotFound) => return saved_meanwhile(&state, locale, &user, &uri, id).await,
        Err(error) => return Err(error.into()),
    }

    info!(proposal.id = id, commune.code = %code, proposal.cluster = target + 1, "commune moved in proposal {id}");
    Ok(Redirect::to(&format!("/proposals/{id}?notice=moved#cluster-{}", target + 1)).into_response())
}

/// Reloads a proposal that an update found saved and rejects the edit.
async fn saved_meanwhile(state: &AppState, locale: Locale, user: &CurrentUser, uri: &Uri, id: i64) -> AppResult<Response> {
    let stored = load_managed(state, user, id).await?;
    let errors = EditErrors { general: Some(saved_message(locale, &stored)), ..EditErrors::default() };
    render_show(state, locale, user, uri, &stored, None, errors, StatusCode::CONFLICT).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RenameForm {
    cluster: String,
    name: String,
}

/// Renames one cluster of the proposal. Names are required, at most 100 characters
/// after normalisation, and unique within the proposal (ignoring case and tone mark
/// placement, as [`same_name`] compares).
#[tracing::instrument(skip_all, fields(proposal.id = %id))]
pub async fn rename(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(id): Path<String>,
    uri: Uri,
    Form(input): Form<RenameForm>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let mut stored = load_managed(&state, &user, id).await?;
    if let Some(rejected) = reject_if_saved(&state, locale, &user, &uri, &stored).await? {
        return Ok(rejected);
    }

    let name = normalize(&input.name);
    let length = name.chars().count();
    let Some(index) = parse_cluster(&input.cluster, stored.layout.names.len()) else {
        let message = locale.t1("proposals-error-cluster", "value", input.cluster.trim());
        let errors = EditErrors { general: Some(message), ..EditErrors::default() };
        return render_show(&state, locale, &user, &uri, &stored, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let duplicate = stored
        .layout
        .names
        .iter()
        .enumerate()
        .find(|(other, existing)| *other != index && same_name(existing, &name));
    let rejection = if name.is_empty() {
        Some(locale.t("proposals-error-name-missing"))
    } else if length > MAX_NAME_CHARS {
        let args = [("length", FluentArg::Number(length as i64)), ("max", FluentArg::Number(MAX_NAME_CHARS as i64))];
        Some(locale.t_args("proposals-error-name-long", &args))
    } else if let Some((_, existing)) = duplicate {
        Some(locale.t1("proposals-error-name-taken", "name", existing))
    } else {
        None
    };
    if let Some(message) = rejection {
        let errors = EditErrors {
            rename_cluster: Some(index + 1),
            rename_value: input.name,
            rename_error: Some(message),
            ..EditErrors::default()
        };
        return render_show(&state, locale, &user, &uri, &stored, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }

    stored.layout.names[index] = name;
    match clusters::update_proposal(&state.db, id, &stored.layout).await {
        Ok(()) => {}
        Err(DbError::NotFound) => return saved_meanwhile(&state, locale, &user, &uri, id).await,
        Err(error) => return Err(error.into()),
    }

    info!(proposal.id = id, proposal.cluster = index + 1, "cluster renamed in proposal {id}");
    Ok(Redirect::to(&format!("/proposals/{id}?notice=renamed#cluster-{}", index + 1)).into_response())
}

/// Saves the proposal as the clusters of its school year and opens them. Rejected with
/// a message when a cluster is empty, when the proposal was already saved, or when the
/// year got clusters in the meantime (a year's clusters are never overwritten).
#[tracing::instrument(skip_all, fields(proposal.id = %id))]
pub async fn save(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(id): Path<String>,
    uri: Uri,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let stored = load_managed(&state, &user, id).await?;
    if let Some(rejected) = reject_if_saved(&state, locale, &user, &uri, &stored).await? {
        return Ok(rejected);
    }

    let empty: Vec<&str> = stored
        .layout
        .names
        .iter()
        .enumerate()
        .filter(|(index, _)| !stored.layout.assignment.iter().any(|(_, cluster)| cluster == index))
        .map(|(_, name)| name.as_str())
        .collect();
    if !empty.is_empty() {
        let message = locale.t1("proposals-error-empty", "clusters", &empty.join(", "));
        let errors = EditErrors { save_error: Some(message), ..EditErrors::default() };
        return render_show(&state, locale, &user, &uri, &stored, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }

    match clusters::save_proposal(&state.db, id, user.id).await {
        Ok(ids) => {
            info!(proposal.id = id, clusters = ids.len(), "proposal {id} saved as the clusters of its year");
            let target = format!("/p/{}/clusters?year={}", stored.province_code, stored.school_year);
            Ok(Redirect::to(&target).into_response())
        }
        // Another request saved this proposal after it was loaded.
        Err(DbError::Conflict(constraint)) if constraint == "cluster_proposals_saved" => {
            info!(proposal.id = id, "proposal {id} not saved again because another request saved it");
            saved_meanwhile(&state, locale, &user, &uri, id).await
        }
        Err(DbError::Conflict(constraint)) if constraint == "clusters_year_exists" => {
            info!(proposal.id = id, "proposal {id} not saved because its school year already has clusters");
            let message = locale.t1("proposals-error-year-taken", "year", &stored.school_year);
            let errors = EditErrors { save_error: Some(message), ..EditErrors::default() };
            render_show(&state, locale, &user, &uri, &stored, None, errors, StatusCode::CONFLICT).await
        }
        Err(error) => Err(error.into()),
    }
}
