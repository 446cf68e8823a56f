//! Answers to frequent questions: the department publishes them, from a request or on
//! their own, and every school of the province can search them.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use caunoi_core::policy::Action;
use caunoi_db::requests::{self, AnswerFilter, NewAnswer, PublishedAnswer, RequestCategory};
use serde::Deserialize;
use tracing::instrument;

use super::input::{self, Field, MAX_BODY_CHARS, MAX_QUESTION_CHARS};
use super::new::FieldErrors;
use super::{category_label, category_search_label};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, Locale};
use crate::pages::provinces::hosted_code;
use crate::pages::render;
use crate::pages::schools::{Choice, last_page_if_past_end, non_blank, parse_id, parse_page};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    category: Option<String>,
    page: Option<String>,
}

/// One published answer, ready to show.
struct AnswerRow {
    id: i64,
    category: String,
    question: String,
    answer: String,
    published: String,
    published_by: String,
}

fn answer_row(answer: PublishedAnswer, locale: Locale) -> AnswerRow {
    AnswerRow {
        id: answer.id,
        category: category_label(locale, &answer.category),
        question: answer.question,
        answer: answer.answer,
        published: i18n::date(answer.published_at),
        published_by: answer.published_by_name,
    }
}

#[derive(Template)]
#[template(path = "requests/answers.html")]
struct ListPage {
    nav: Nav,
    province: String,
    q: String,
    categories: Vec<Choice>,
    can_publish: bool,
    notices: Vec<String>,
    summary: String,
    answers: Vec<AnswerRow>,
    pager: Pager,
}

/// Lists the answers published for a province, newest first, with search.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn list(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let province = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::ViewProvince { province: &province })?;

    let mut notices = Vec::new();
    let category = non_blank(&query.category).and_then(|raw| {
        let parsed = RequestCategory::parse(raw);
        if parsed.is_none() {
            notices.push(locale.t1("requests-notice-invalid-category", "value", raw));
        }
        parsed
    });
    let q = non_blank(&query.q).unwrap_or_default().to_owned();
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);
    let filter = AnswerFilter {
        province: province.clone(),
        category: category.map(|c| c.as_str().to_owned()),
        text: Some(q.clone()).filter(|text| !text.is_empty()),
    };
    let (mut items, mut total) = requests::list_answers(&state.db, &filter, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        (items, total) = requests::list_answers(&state.db, &filter, page).await?;
    }

    let base = query_base(
        &format!("/p/{province}/answers"),
        &[("q", Some(q.clone())), ("category", category.map(|c| c.as_str().to_owned()))],
    );
    let view = ListPage {
        nav: Nav::new(locale, &user, Some(&province), "requests", &uri),
        can_publish: user.allows(Action::PublishAnswer { province: &province }),
        categories: category_choices(locale, category),
        notices,
        summary: locale.t1("answers-count", "count", &locale.int(total)),
        answers: items.into_iter().map(|a| answer_row(a, locale)).collect(),
        pager: Pager::new(page, total, base),
        province,
        q,
    };
    render(&view)
}

fn category_choices(locale: Locale, selected: Option<RequestCategory>) -> Vec<Choice> {
    RequestCategory::ALL
        .iter()
        .map(|c| Choice { value: c.as_str().to_owned(), label: category_label(locale, c.as_str()), selected: selected == Some(*c) })
        .collect()
}

#[derive(Template)]
#[template(path = "requests/answer.html")]
struct DetailPage {
    nav: Nav,
    province: String,
    answer: AnswerRow,
    /// The request it came from, when the viewer may read it.
    request_id: Option<i64>,
}

/// Shows one published answer to everyone of its province.
#[instrument(skip_all, fields(answer.id = %raw_id))]
pub async fn detail(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let answer = requests::get_answer(&state.db, id).await?;
    user.require(Action::ViewProvince { province: &answer.province_code })?;

    let mut request_id = None;
    if let Some(request) = answer.request_id {
        let facts = requests::facts(&state.db, request).await?;
        request_id = user.allows(Action::ViewRequest { request: &facts }).then_some(request);
    }
    let province = answer.province_code.clone();
    let view = DetailPage {
        nav: Nav::new(locale, &user, Some(&province), "requests", &uri),
        province,
        answer: answer_row(answer, locale),
        request_id,
    };
    render(&view)
}

/// The publish form's fields, kept as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PublishForm {
    category: String,
    question: String,
    answer: String,
}

#[derive(Template)]
#[template(path = "requests/publish.html")]
struct PublishPage {
    nav: Nav,
    action: String,
    /// The request the answer comes from, if any.
    request_id: Option<i64>,
    categories: Vec<Choice>,
    values: PublishForm,
    errors: FieldErrors,
}

fn publish_page(nav: Nav, action: String, request_id: Option<i64>, values: PublishForm, errors: FieldErrors) -> AppResult<Response> {
    let selected = RequestCategory::parse(values.category.trim());
    let page = PublishPage { categories: category_choices(nav.locale, selected), nav, action, request_id, values, errors };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, render(&page)?).into_response())
}

/// Shows the form to publish an answer on its own.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn form(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
) -> AppResult<Response> {
    let province = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::PublishAnswer { province: &province })?;

    let nav = Nav::new(locale, &user, Some(&province), "requests", &uri);
    publish_page(nav, format!("/p/{province}/answers"), None, PublishForm::default(), FieldErrors::default())
}

/// Shows the publish form filled from a request: its title as the question, the last
/// reply of its handlers as the answer.
#[instrument(skip_all, fields(request.id = %raw_id))]
pub async fn from_request_form(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = requests::facts(&state.db, id).await?;
    user.require(Action::ViewRequest { request: &facts })?;
    user.require(Action::PublishAnswer { province: &facts.school.province })?;

    let request = requests::get(&state.db, id).await?;
    let messages = requests::messages(&state.db, id).await?;
    let answer = messages
        .into_iter()
        .rev()
        .find(|m| m.kind == "reply" && m.from_school == 0)
        .map(|m| m.body)
        .unwrap_or_default();
    let values = PublishForm { category: request.category, question: request.title, answer };
    let nav = Nav::new(locale, &user, Some(&facts.school.province), "requests", &uri);
    publish_page(nav, format!("/requests/{id}/publish"), Some(id), values, FieldErrors::default())
}

/// Parses the publish form; `Err` carries the messages of the rejected fields.
fn parse(values: &PublishForm, locale: Locale) -> Result<(RequestCategory, String, String), FieldErrors> {
    let mut errors = FieldErrors::default();
    let category = input::category(&values.category).map_err(|rejection| errors.add("category", rejection.message(locale))).ok();
    let question = input::paragraphs(&values.question, MAX_QUESTION_CHARS, true)
        .map_err(|problem| errors.add("question", problem.message(Field::Question, locale)))
        .ok();
    let answer = input::paragraphs(&values.answer, MAX_BODY_CHARS, true)
        .map_err(|problem| errors.add("answer", problem.message(Field::Answer, locale)))
        .ok();
    match (category, question, answer) {
        (Some(category), Some(question), Some(answer)) => Ok((category, question, answer)),
        _ => Err(errors),
    }
}

/// Publishes an answer on its own.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn publish(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Form(values): Form<PublishForm>,
) -> AppResult<Response> {
    let province = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::PublishAnswer { province: &province })?;

    let (category, question, answer) = match parse(&values, locale) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let nav = Nav::new(locale, &user, Some(&province), "requests", &uri);
            return publish_page(nav, format!("/p/{province}/answers"), None, values, errors);
        }
    };

    let new = NewAnswer {
        province,
        request_id: None,
        category,
        category_label: category_search_label(category),
        question,
        answer,
        published_by: user.id,
    };
    let id = requests::publish_answer(&state.db, &new).await?;
    Ok(Redirect::to(&format!("/answers/{id}")).into_response())
}

/// Publishes an answer drawn from a request.
#[instrument(skip_all, fields(request.id = %raw_id))]
pub async fn publish_from_request(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(values): Form<PublishForm>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = requests::facts(&state.db, id).await?;
    user.require(Action::ViewRequest { request: &facts })?;
    user.require(Action::PublishAnswer { province: &facts.school.province })?;

    let (category, question, answer) = match parse(&values, locale) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let nav = Nav::new(locale, &user, Some(&facts.school.province), "requests", &uri);
            return publish_page(nav, format!("/requests/{id}/publish"), Some(id), values, errors);
        }
    };

    let new = NewAnswer {
        province: facts.school.province.clone(),
        request_id: Some(id),
        category,
        category_label: category_search_label(category),
        question,
        answer,
        published_by: user.id,
    };
    let answer_id = requests::publish_answer(&state.db, &new).await?;
    Ok(Redirect::to(&format!("/answers/{answer_id}")).into_response())
}
