//! Screens of report submissions: a school's list of report requests, the form of one
//! school's report (fill, save a draft, submit, .xlsx download and upload, signed
//! scan, history, and the reviewers' forward, return and accept), and a request's
//! completeness with its .xlsx export.
//!
//! Access to one school's report: its leaders through `SubmitReport`; reviewers through
//! `ViewReport` and the request's visibility (`report_visibility`) covering the school.
//! Anyone else gets the same 404 as for a missing record.

pub(crate) mod actions;
mod completeness;
pub(crate) mod fill;
mod school;

use axum::Router;
use axum::routing::{get, post};
use caunoi_core::policy::{Action, report_visibility};
use caunoi_core::report::{Problem, SubmissionStatus, Values};
use caunoi_db::reports::completeness::visible;
use caunoi_db::reports::requests::{self, ReportRequest};
use caunoi_db::reports::submissions::{self, Recipient, SaveError, Source};
use caunoi_db::reports::templates;
use caunoi_core::report::TemplateDefinition;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{FluentArg, Locale};
use crate::state::AppState;
use crate::uploads;

pub const XLSX_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/schools/{id}/reports", get(school::list))
        .route("/reports/{id}/schools/{school}", get(actions::show).post(actions::save))
        .route("/reports/{id}/schools/{school}/workbook.xlsx", get(actions::workbook))
        .route("/reports/{id}/schools/{school}/upload", post(actions::upload).layer(uploads::body_limit()))
        .route("/reports/{id}/schools/{school}/scan", post(actions::scan).layer(uploads::body_limit()))
        .route("/reports/{id}/schools/{school}/review", post(actions::review))
        .route("/reports/{id}/completeness", get(completeness::page))
        .route("/reports/{id}/completeness.xlsx", get(completeness::export))
}

/// What the caller may do with one school's report.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Access {
    /// Leads the school: fills and submits.
    pub submit: bool,
    /// Reviews: the sender's side, or a board or commune officer covering the school.
    pub view: bool,
    /// Board of the school's cluster for a department request.
    pub forward: bool,
    /// The sender's side: accepts and returns.
    pub manage: bool,
}

impl Access {
    /// Whether the caller may take a review step from `status`.
    pub fn may_review(&self, action: caunoi_db::reports::review::ReviewAction, status: SubmissionStatus) -> bool {
        use caunoi_db::reports::review::ReviewAction;
        match action {
            ReviewAction::Forward => self.forward,
            ReviewAction::Accept => self.manage,
            ReviewAction::Return => self.manage || (self.forward && status == SubmissionStatus::Submitted),
        }
    }
}

/// Everything a handler of one school's report needs, after authorisation.
pub(crate) struct Context {
    pub request: ReportRequest,
    pub recipient: Recipient,
    pub access: Access,
    pub definition: TemplateDefinition,
}

/// Loads a request and one of its schools and decides what the caller may do; a
/// caller who may do nothing gets a 404.
pub(crate) async fn context(state: &AppState, user: &CurrentUser, request_id: i64, school_id: i64) -> AppResult<Context> {
    let facts = requests::facts(&state.db, request_id, user.id).await?;
    if !facts.published {
        return Err(AppError::NotFound);
    }
    let recipient = submissions::recipient(&state.db, request_id, school_id).await?;
    let submit = user.allows(Action::SubmitReport { report: &facts, school: school_id });
    let view = user.allows(Action::ViewReport { report: &facts })
        && visible(&report_visibility(&user.actor, &facts), recipient.cluster_id, &recipient.commune_code, school_id);
    if !submit && !view {
        return Err(AppError::NotFound);
    }
    let access = Access {
        submit,
        view,
        forward: view && user.allows(Action::ForwardReport { report: &facts, cluster: recipient.cluster() }),
        manage: view && user.allows(Action::ManageReport { report: &facts }),
    };
    let request = requests::get(&state.db, request_id).await?;
    let definition = templates::version(&state.db, request.template_version_id).await?.definition;
    Ok(Context { request, recipient, access, definition })
}

/// Loads the context of a school's own report for its leaders. Anyone else gets a 404.
pub(crate) async fn submitter_context(state: &AppState, user: &CurrentUser, request_id: i64, school_id: i64) -> AppResult<Context> {
    let ctx = context(state, user, request_id, school_id).await?;
    if !ctx.access.submit {
        return Err(AppError::NotFound);
    }
    Ok(ctx)
}

impl Context {
    /// Tells whether the board of the school's cluster checks before the department decides.
    pub(crate) fn two_stage(&self) -> bool {
        SubmissionStatus::two_stage(self.request.cluster_id, self.recipient.cluster_id)
    }

    /// Saves the school's values as a draft, or submits them, on behalf of `user_id`.
    pub(crate) async fn save_values(
        &self,
        state: &AppState,
        values: &Values,
        source: Source,
        submit: bool,
        user_id: i64,
    ) -> Result<(), SaveError> {
        let save = submissions::Save {
            request_id: self.request.id,
            school_id: self.recipient.school_id,
            values,
            source,
            submit,
            user_id,
            now: caunoi_db::now_ms(),
        };
        submissions::save(&state.db, &save).await.map(|_| ())
    }
}

/// Translates a validation problem of a school's values.
pub(crate) fn problem_message(locale: Locale, problem: &Problem) -> String {
    let args: Vec<(&str, FluentArg)> =
        problem.args.iter().map(|(name, value)| (name.as_str(), FluentArg::Text(value.clone()))).collect();
    locale.t_args(problem.code.message_id(), &args)
}

/// Parses a numeric path segment; anything else is "not found".
pub(crate) fn parse_id(raw: &str) -> AppResult<i64> {
    crate::pages::schools::parse_id(raw)
}
