//! Changes to a pending batch: a decision on one row, applying the batch, discarding it.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_db::import::{self, ApplyOptions, Decision, ImportError, Problem, ids};
use serde::Deserialize;
use tower_sessions::Session;
use tracing::{info, instrument, warn};

use super::show::{ApplyResult, View, render_show, result_key};
use super::{load_managed, problem_text, unexpected};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::pages::schools::parse_id;
use crate::state::AppState;

/// Returns the status of a rejection: 409 when the batch is no longer pending (the
/// request came too late), 422 when the request itself cannot be accepted.
fn rejection_status(problem: &Problem) -> StatusCode {
    if problem.message_id == ids::BATCH_NOT_PENDING { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY }
}

/// Parses a spreadsheet row number from the path; anything else names no row.
fn parse_row(raw: &str) -> AppResult<u32> {
    raw.parse::<u32>().ok().filter(|row| *row > 0).ok_or(AppError::NotFound)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    /// A candidate commune's code, `exclude`, or `include:<level>`.
    decision: String,
    /// The filter and page of the batch page the form was on.
    status: String,
    page: String,
}

/// Records a decision on one row and returns to the batch page, keeping its filter.
/// A decision the row does not allow is shown at the row with status 422.
#[instrument(skip_all, fields(batch.id = %raw_id, import.row = %raw_row))]
pub async fn decide(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    session: Session,
    Path((raw_id, raw_row)): Path<(String, String)>,
    Form(input): Form<DecisionForm>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let row = parse_row(&raw_row)?;
    load_managed(&state, &user, id).await?;

    let mut view = View::from_fields(&input.status, &input.page);
    let decision = if input.decision.trim().is_empty() {
        Err(locale.t("imports-error-decision-missing"))
    } else {
        match Decision::parse(&input.decision) {
            Ok(decision) => Ok(decision),
            Err(ImportError::Rejected(problem)) => Err(problem_text(locale, &problem)),
            Err(error) => return Err(unexpected(error)),
        }
    };
    let decision = match decision {
        Ok(decision) => decision,
        Err(message) => {
            view.error = Some(message);
            view.error_row = Some(row);
            return render_show(&state, locale, &user, &session, id, view, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };

    match import::decide(&state.db, id, row, decision).await {
        Ok(decided) => {
            info!(batch.id = id, import.row = row, import.status = decided.status.as_str(), "decision recorded on row {row} of batch {id}");
            Ok(Redirect::to(&format!("{}#row-{row}", view.path(id))).into_response())
        }
        Err(ImportError::Rejected(problem)) => {
            let status = rejection_status(&problem);
            view.error = Some(problem_text(locale, &problem));
            view.error_row = (status == StatusCode::UNPROCESSABLE_ENTITY).then_some(row);
            render_show(&state, locale, &user, &session, id, view, status).await
        }
        Err(error) => Err(unexpected(error)),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ApplyForm {
    /// `1` when the person chose to import the ready rows and skip the unresolved ones.
    skip_unresolved: String,
}

/// Writes the ready rows of the batch to `schools` and shows what it did. Rows still in
/// error or review reject the apply unless the person chose to skip them. The pipeline
/// records the apply in the audit log.
#[instrument(skip_all, fields(batch.id = %raw_id))]
pub async fn apply(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    session: Session,
    Path(raw_id): Path<String>,
    Form(input): Form<ApplyForm>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    load_managed(&state, &user, id).await?;

    let skip_unresolved = matches!(input.skip_unresolved.trim(), "1" | "true" | "on");
    let options = ApplyOptions { skip_unresolved };
    match import::apply(&state.db, id, Some(user.id), options).await {
        Ok(summary) => {
            info!(
                batch.id = id,
                import.created = summary.created,
                import.updated = summary.updated,
                import.skipped = summary.skipped,
                "batch {id} applied"
            );
            let result = ApplyResult {
                created: summary.created,
                updated: summary.updated,
                unchanged: summary.unchanged,
                skipped: summary.skipped,
            };
            // The schools are written; a session failure only loses the summary shown.
            if let Err(error) = session.insert(&result_key(id), result).await {
                warn!(batch.id = id, %error, "the import result could not be kept in the session");
            }
            Ok(Redirect::to(&format!("/imports/{id}")).into_response())
        }
        Err(ImportError::Rejected(problem)) => {
            info!(batch.id = id, import.problem = %problem.message_id, "apply of batch {id} rejected");
            let view = View { error: Some(problem_text(locale, &problem)), ..View::default() };
            render_show(&state, locale, &user, &session, id, view, rejection_status(&problem)).await
        }
        Err(error) => Err(unexpected(error)),
    }
}

/// Discards a pending batch; its rows stay for the record and nothing is imported.
#[instrument(skip_all, fields(batch.id = %raw_id))]
pub async fn discard(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    session: Session,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    load_managed(&state, &user, id).await?;

    match import::discard(&state.db, id).await {
        Ok(()) => {
            info!(batch.id = id, "batch {id} discarded");
            Ok(Redirect::to(&format!("/imports/{id}")).into_response())
        }
        Err(ImportError::Rejected(problem)) => {
            let view = View { error: Some(problem_text(locale, &problem)), ..View::default() };
            render_show(&state, locale, &user, &session, id, view, rejection_status(&problem)).await
        }
        Err(error) => Err(unexpected(error)),
    }
}
