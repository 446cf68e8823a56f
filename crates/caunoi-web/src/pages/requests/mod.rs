//! Screens of the requests area: questions and problems schools raise (kiến nghị,
//! phản ánh), the lists of the school, the cluster board and the department, a
//! request's thread with its actions, and the published answers to frequent questions.

mod actions;
mod answers;
mod form;
pub(crate) mod input;
mod list;
mod new;
mod show;

use axum::Router;
use axum::routing::{get, post};
use caunoi_core::policy::{Action, RequestFacts, RequestLevel, SchoolFacts};
use caunoi_core::request_status::{RequestStatus, Side, TransitionError};
use caunoi_db::requests::{HandleError, RequestCategory};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::uploads;

pub(crate) use new::received_directive;

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/requests", get(list::mine))
        .route("/p/{province}/requests", get(list::province))
        .route("/clusters/{id}/requests", get(list::cluster))
        .route("/schools/{id}/requests", get(list::school).post(new::create).layer(uploads::body_limit()))
        .route("/schools/{id}/requests/new", get(new::form))
        .route("/requests/{id}", get(show::detail))
        .route("/requests/{id}/reply", post(actions::reply).layer(uploads::body_limit()))
        .route("/requests/{id}/status", post(actions::status))
        .route("/requests/{id}/assign", post(actions::assign))
        .route("/requests/{id}/escalate", post(actions::escalate))
        .route("/requests/{id}/publish", get(answers::from_request_form).post(answers::publish_from_request))
        .route("/p/{province}/answers", get(answers::list).post(answers::publish))
        .route("/p/{province}/answers/new", get(answers::form))
        .route("/answers/{id}", get(answers::detail))
}

/// Returns the side the user acts on in a request's thread: the handler's when the
/// policy lets them handle it, the school's when they lead the school, else none
/// (they may only read it).
pub(crate) fn side(user: &CurrentUser, facts: &RequestFacts) -> Option<Side> {
    if user.allows(Action::HandleRequest { request: facts }) {
        Some(Side::Handler)
    } else if user.allows(Action::RaiseRequest { school: &facts.school }) {
        Some(Side::School)
    } else {
        None
    }
}

/// Builds the facts of a request that a cluster board (`cluster: Some`) or the
/// department (`None`) would handle, so that the policy's rule for handling requests
/// also decides who may open that board's or department's list.
pub(crate) fn queue_facts(province: &str, cluster: Option<i64>) -> RequestFacts {
    RequestFacts {
        id: 0,
        school: SchoolFacts { id: 0, province: province.to_owned(), commune: None, clusters: cluster.into_iter().collect() },
        cluster,
        level: if cluster.is_some() { RequestLevel::Cluster } else { RequestLevel::Department },
    }
}

pub(crate) fn category_label(locale: Locale, category: &str) -> String {
    locale.tp("request-category", category)
}

pub(crate) fn status_label(locale: Locale, status: &str) -> String {
    locale.tp("request-status", status)
}

pub(crate) fn level_label(locale: Locale, level: &str) -> String {
    locale.tp("request-level", level)
}

/// Returns the Vietnamese label of a category, which the search index stores.
pub(crate) fn category_search_label(category: RequestCategory) -> String {
    category_label(Locale::Vi, category.as_str())
}

/// Returns the message id of a rejected step, or the application error when the
/// database failed.
pub(crate) fn handle_error_id(error: HandleError) -> Result<&'static str, AppError> {
    Ok(match error {
        HandleError::Transition(TransitionError::Unchanged) => "requests-error-unchanged",
        HandleError::Transition(TransitionError::NotAllowed) => "requests-error-transition",
        HandleError::Transition(TransitionError::Closed) => "requests-error-closed",
        HandleError::AlreadyAtDepartment => "requests-error-already-escalated",
        HandleError::NotCandidate => "requests-error-owner",
        HandleError::SameOwner => "requests-error-same-owner",
        HandleError::Changed => "requests-error-changed",
        HandleError::Db(error) => return Err(error.into()),
    })
}

/// Turns a rejected step into the message shown to the person.
pub(crate) fn handle_error_message(error: HandleError, locale: Locale) -> Result<String, AppError> {
    Ok(locale.t(handle_error_id(error)?))
}

/// Returns the message for a status the side may not set, naming both statuses.
pub(crate) fn transition_message(locale: Locale, from: RequestStatus, to: RequestStatus) -> String {
    locale.t_args(
        "requests-error-transition-named",
        &[
            ("from", crate::i18n::FluentArg::Text(status_label(locale, from.as_str()))),
            ("to", crate::i18n::FluentArg::Text(status_label(locale, to.as_str()))),
        ],
    )
}
