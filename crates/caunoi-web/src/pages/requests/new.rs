//! The form a school leader raises a request with, standalone or about a directive the
//! school received.

use askama::Template;
use axum::extract::{Path, Query, Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::policy::{Action, SchoolFacts};
use caunoi_core::request_status::FIRST_ANSWER_WORKING_DAYS;
use caunoi_db::requests::{self, DirectiveRef, NewRequest, RequestCategory};
use caunoi_db::{clusters, directives, schools};
use serde::Deserialize;
use tracing::instrument;

use super::form::{self, Submitted};
use super::input::{self, Field, MAX_BODY_CHARS, MAX_TITLE_CHARS};
use super::{category_label, category_search_label};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, Locale};
use crate::pages::render;
use crate::pages::schools::{Choice, parse_id};
use crate::state::AppState;
use crate::uploads;
use crate::view::Nav;

/// The form fields, kept as typed so that a rejected form shows them again.
#[derive(Debug, Clone, Default)]
pub struct NewForm {
    category: String,
    title: String,
    body: String,
    /// Id of the directive the request is about; empty for a standalone request.
    directive: String,
}

/// Messages of the rejected fields, already translated.
#[derive(Debug, Default)]
pub(crate) struct FieldErrors(Vec<(&'static str, String)>);

impl NewForm {
    fn from_submitted(submitted: &Submitted) -> NewForm {
        NewForm {
            category: submitted.text("category"),
            title: submitted.text("title"),
            body: submitted.text("body"),
            directive: submitted.text("directive"),
        }
    }
}

impl FieldErrors {
    pub(crate) fn add(&mut self, field: &'static str, message: String) {
        self.0.push((field, message));
    }

    pub(crate) fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(name, _)| *name == field).map(|(_, message)| message.as_str())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Template)]
#[template(path = "requests/new.html")]
struct NewPage {
    nav: Nav,
    school_id: i64,
    school_name: String,
    /// Destination of the request, as a sentence.
    destination: String,
    due_note: String,
    categories: Vec<Choice>,
    directive: Option<DirectiveRef>,
    /// Accepted file types for the browser's file picker.
    accept: &'static str,
    /// The accepted types and limits, as a sentence.
    files_hint: String,
    values: NewForm,
    errors: FieldErrors,
}

/// Returns the school's name and the destination of its new requests, as a sentence.
async fn destination(state: &AppState, locale: Locale, facts: &SchoolFacts) -> AppResult<(String, String)> {
    let year = clusters::current_year(&state.db, &facts.province, i18n::today()).await?;
    let school = schools::get(&state.db, facts.id, &year).await?;
    let sentence = match &school.cluster_name {
        Some(cluster) => locale.t1("requests-destination-cluster", "cluster", cluster),
        None => locale.t("requests-destination-department"),
    };
    Ok((school.name, sentence))
}

async fn render_form(
    state: &AppState,
    nav: Nav,
    facts: &SchoolFacts,
    values: NewForm,
    directive: Option<DirectiveRef>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let locale = nav.locale;
    let (school_name, destination) = destination(state, locale, facts).await?;
    let selected = RequestCategory::parse(values.category.trim());
    let page = NewPage {
        nav,
        school_id: facts.id,
        school_name,
        destination,
        due_note: locale.t_args(
            "requests-due-note",
            &[("days", i18n::FluentArg::Number(i64::from(FIRST_ANSWER_WORKING_DAYS)))],
        ),
        categories: RequestCategory::ALL
            .iter()
            .map(|c| Choice { value: c.as_str().to_owned(), label: category_label(locale, c.as_str()), selected: selected == Some(*c) })
            .collect(),
        directive,
        accept: uploads::ACCEPT,
        files_hint: uploads::hint(locale, state),
        values,
        errors,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, render(&page)?).into_response())
}

/// Checks the directive field: empty, or the id of a directive the school received
/// and the user may read.
async fn parse_directive(
    state: &AppState,
    user: &CurrentUser,
    locale: Locale,
    raw: &str,
    school: i64,
    errors: &mut FieldErrors,
) -> AppResult<Option<DirectiveRef>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let found = match raw.parse::<i64>().ok().filter(|id| *id > 0) {
        Some(id) => received_directive(state, user, id, school).await?,
        None => None,
    };
    if found.is_none() {
        errors.add("directive", locale.t1("requests-error-directive", "value", raw));
    }
    Ok(found)
}

fn nav(locale: Locale, user: &CurrentUser, uri: &Uri, facts: &SchoolFacts) -> Nav {
    Nav::new(locale, user, Some(&facts.province), "requests", uri)
}

/// Returns a directive the school received, when the user may also read it.
pub(crate) async fn received_directive(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    school: i64,
) -> AppResult<Option<DirectiveRef>> {
    let Some(found) = requests::received_directive(&state.db, id, school).await? else {
        return Ok(None);
    };
    let facts = directives::facts(&state.db, id, user.id).await?;
    Ok(user.allows(Action::ViewDirective { directive: &facts }).then_some(found))
}

#[derive(Debug, Default, Deserialize)]
pub struct FormQuery {
    directive: Option<String>,
}

/// Shows the form to raise a request for a school; `?directive=ID` attaches it to a
/// directive the school received.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn form(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<FormQuery>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::RaiseRequest { school: &facts })?;

    let mut errors = FieldErrors::default();
    let raw_directive = query.directive.unwrap_or_default();
    let directive = parse_directive(&state, &user, locale, &raw_directive, id, &mut errors).await?;
    let values = NewForm { directive: raw_directive.trim().to_owned(), ..NewForm::default() };
    render_form(&state, nav(locale, &user, &uri, &facts), &facts, values, directive, errors).await
}

/// Raises the request with its files and opens it. A rejected form comes back with a
/// message at each field and what was typed; its files must be chosen again.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn create(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    request: Request,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::RaiseRequest { school: &facts })?;

    let submitted = form::read(&state, locale, request).await?;
    let values = NewForm::from_submitted(&submitted);
    let mut errors = FieldErrors::default();
    let category = input::category(&values.category).map_err(|rejection| errors.add("category", rejection.message(locale))).ok();
    let title = input::line(&values.title, MAX_TITLE_CHARS)
        .map_err(|problem| errors.add("title", problem.message(Field::Title, locale)))
        .ok();
    let body = input::paragraphs(&values.body, MAX_BODY_CHARS, true)
        .map_err(|problem| errors.add("body", problem.message(Field::Body, locale)))
        .ok();
    let directive = parse_directive(&state, &user, locale, &values.directive, id, &mut errors).await?;
    if let Some(message) = &submitted.file_error {
        errors.add("files", message.clone());
    }
    let (Some(category), Some(title), Some(body), true) = (category, title, body, errors.is_empty()) else {
        if submitted.has_files() {
            errors.add("files", locale.t("requests-files-again"));
            submitted.discard(&state).await;
        }
        return render_form(&state, nav(locale, &user, &uri, &facts), &facts, values, directive, errors).await;
    };

    let new = NewRequest {
        school_id: id,
        category,
        category_label: category_search_label(category),
        title,
        body,
        directive_id: directive.map(|d| d.id),
        created_by: user.id,
        today: i18n::today(),
        answer_within_days: FIRST_ANSWER_WORKING_DAYS,
    };
    let request_id = match requests::raise(&state.db, &new, &submitted.files()).await {
        Ok(request_id) => request_id,
        Err(error) => {
            submitted.discard(&state).await;
            return Err(error.into());
        }
    };

    Ok(Redirect::to(&format!("/requests/{request_id}")).into_response())
}
