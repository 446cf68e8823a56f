//! Survey templates: the department's (starting with its copy of the shipped default)
//! and each cluster's own. The form has a fixed number of question slots so that it
//! works without JavaScript; empty slots are ignored.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::org::{self, Role, Scope};
use caunoi_core::policy::{Action, ClusterFacts};
use caunoi_core::survey::{self, Question, QuestionKind};
use caunoi_db::clusters;
use caunoi_db::surveys::templates::{self, Template as SurveyTemplate};
use tracing::{info, instrument};

use super::{FieldMessages, field_error};
use super::input::{QUESTION_SLOTS, question_drafts, question_message, template_name};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::pages::render;
use crate::pages::schools::{Choice, parse_id};
use crate::state::AppState;
use crate::view::Nav;

/// One question slot of the form.
struct Slot {
    index: usize,
    kind: String,
    text: String,
    labels: String,
}

/// A template in the list.
struct TemplateRow {
    id: i64,
    name: String,
    owner: String,
    questions: usize,
    editable: bool,
}

#[derive(Template)]
#[template(path = "surveys/templates.html")]
struct ListPage {
    nav: Nav,
    province: String,
    rows: Vec<TemplateRow>,
    owners: Vec<Choice>,
    name: String,
    slots: Vec<Slot>,
    errors: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "surveys/template_edit.html")]
struct EditPage {
    nav: Nav,
    template_id: i64,
    province: String,
    name: String,
    slots: Vec<Slot>,
    errors: Vec<(&'static str, String)>,
}

impl ListPage {
    fn error(&self, field: &str) -> Option<&str> {
        field_error(&self.errors, field)
    }
}

impl EditPage {
    fn error(&self, field: &str) -> Option<&str> {
        field_error(&self.errors, field)
    }
}

fn slots_of(questions: &[Question]) -> Vec<Slot> {
    (0..QUESTION_SLOTS)
        .map(|index| match questions.get(index) {
            Some(question) => Slot {
                index,
                kind: question.kind.as_str().into(),
                text: question.text.clone(),
                labels: if question.kind == QuestionKind::Rating && question.labels.iter().ne(survey::DEFAULT_LABELS.iter()) {
                    question.labels.join("; ")
                } else {
                    String::new()
                },
            },
            None => Slot { index, kind: String::new(), text: String::new(), labels: String::new() },
        })
        .collect()
}

fn slots_typed(fields: &[(String, String)]) -> Vec<Slot> {
    let value = |name: String| fields.iter().find(|(field, _)| *field == name).map(|(_, value)| value.clone()).unwrap_or_default();
    (0..QUESTION_SLOTS)
        .map(|index| Slot { index, kind: value(format!("kind_{index}")), text: value(format!("text_{index}")), labels: value(format!("labels_{index}")) })
        .collect()
}

/// Returns the clusters of a province on whose board the user sits.
fn board_clusters(user: &CurrentUser, province: &str) -> Vec<i64> {
    user.actor
        .grants
        .iter()
        .filter(|grant| grant.province.as_deref() == Some(province))
        .filter_map(|grant| match (&grant.role, &grant.scope) {
            (Role::ClusterCoordinator | Role::BoardMember, Scope::Cluster(id)) => Some(*id),
            _ => None,
        })
        .collect()
}

pub(crate) fn may_manage(user: &CurrentUser, province: &str, cluster: Option<i64>) -> bool {
    let facts = cluster.map(|id| ClusterFacts { id, province: province.to_owned() });
    user.allows(Action::ManageSurveyTemplates { province, cluster: facts.as_ref() })
}

/// Parses the form's name and questions, or returns each field's message.
fn parse_form(locale: Locale, fields: &[(String, String)]) -> Result<(String, Vec<Question>), FieldMessages> {
    let (raw_name, drafts) = question_drafts(fields);
    let mut errors = Vec::new();
    let name = template_name(&raw_name, locale).map_err(|message| errors.push(("name", message))).ok();
    let questions = survey::parse_questions(&drafts).map_err(|error| errors.push(("questions", question_message(locale, &error)))).ok();
    match (name, questions) {
        (Some(name), Some(questions)) if errors.is_empty() => Ok((name, questions)),
        _ => Err(errors),
    }
}

async fn list_page(
    state: &AppState,
    nav: Nav,
    user: &CurrentUser,
    province: String,
    typed: Option<(&[(String, String)], FieldMessages)>,
) -> AppResult<Response> {
    let locale = nav.locale;
    let boards = board_clusters(user, &province);
    let department = may_manage(user, &province, None);

    // The department lists every template of the province, a board the department's
    // and its own clusters'.
    templates::ensure_default(&state.db, &province).await?;
    let all = templates::list(&state.db, &province).await?;
    let mut rows = Vec::new();
    for template in all.iter().filter(|t| department || t.cluster_id.is_none_or(|id| boards.contains(&id))) {
        rows.push(TemplateRow {
            id: template.id,
            name: template.name.clone(),
            owner: match template.cluster_id {
                Some(id) => clusters::get(&state.db, id).await?.name,
                None => locale.t(if template.is_default() { "survey-template-owner-default" } else { "survey-template-owner-department" }),
            },
            questions: template.questions().len(),
            editable: may_manage(user, &province, template.cluster_id),
        });
    }

    let mut owners = Vec::new();
    if department {
        owners.push(Choice { value: "department".into(), label: locale.t("survey-template-owner-department"), selected: true });
    }
    for id in &boards {
        owners.push(Choice { value: format!("cluster:{id}"), label: clusters::get(&state.db, *id).await?.name, selected: owners.is_empty() });
    }

    let (name, slots, errors, status) = match typed {
        Some((fields, errors)) => {
            let value = fields.iter().find(|(field, _)| field == "name").map(|(_, value)| value.clone()).unwrap_or_default();
            (value, slots_typed(fields), errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        None => (String::new(), slots_of(&survey::default_questions()), Vec::new(), StatusCode::OK),
    };
    let page = ListPage { nav, province, rows, owners, name, slots, errors };
    Ok((status, render(&page)?).into_response())
}

/// Lists the templates the user may use and edit, with the form of a new one.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn list(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_province): Path<String>) -> AppResult<Response> {
    let province = org::province_code(&raw_province).ok_or(AppError::NotFound)?;
    if !may_manage(&user, &province, None) && board_clusters(&user, &province).is_empty() {
        return Err(AppError::NotFound);
    }
    let nav = Nav::new(locale, &user, Some(&province), "activities", &uri);
    list_page(&state, nav, &user, province, None).await
}

/// Creates a template of the department or of a cluster the user's board runs.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn create(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let province = org::province_code(&raw_province).ok_or(AppError::NotFound)?;
    let owner = fields.iter().find(|(field, _)| field == "owner").map(|(_, value)| value.trim().to_owned()).unwrap_or_default();
    let cluster = match owner.strip_prefix("cluster:") {
        Some(raw) => Some(parse_id(raw)?),
        None => None,
    };
    if let Some(id) = cluster
        && clusters::facts(&state.db, id).await?.province != province
    {
        return Err(AppError::NotFound);
    }
    if !may_manage(&user, &province, cluster) {
        return Err(refusal(&user, &province, cluster));
    }
    let nav = Nav::new(locale, &user, Some(&province), "activities", &uri);

    let (name, questions) = match parse_form(locale, &fields) {
        Ok(parsed) => parsed,
        Err(errors) => return list_page(&state, nav, &user, province, Some((&fields, errors))).await,
    };
    let id = templates::create(&state.db, &province, cluster, &name, &questions, user.id).await?;
    info!(survey_template.id = id, province.code = %province, "survey template created");
    Ok(Redirect::to(&format!("/survey-templates/{id}")).into_response())
}

/// Returns the error of a template the user may not edit: 403 when the template list
/// shows it to them (the department's templates, to a cluster's board), else 404.
pub(crate) fn refusal(user: &CurrentUser, province: &str, cluster: Option<i64>) -> AppError {
    let boards = board_clusters(user, province);
    let listed = cluster.is_none_or(|id| boards.contains(&id));
    if listed && (may_manage(user, province, None) || !boards.is_empty()) {
        AppError::Forbidden { message_id: "survey-error-template-forbidden" }
    } else {
        AppError::NotFound
    }
}

/// Loads a template the user may edit; see [`refusal`] for the others.
async fn editable(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<SurveyTemplate> {
    let template = templates::get(&state.db, parse_id(raw_id)?).await?;
    if !may_manage(user, &template.province_code, template.cluster_id) {
        return Err(refusal(user, &template.province_code, template.cluster_id));
    }
    Ok(template)
}

/// Shows the edit form of a template.
#[instrument(skip_all, fields(survey_template.id = %raw_id))]
pub async fn edit_form(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let template = editable(&state, &user, &raw_id).await?;
    let nav = Nav::new(locale, &user, Some(&template.province_code), "activities", &uri);
    let slots = slots_of(&template.questions());
    render(&EditPage { nav, template_id: template.id, province: template.province_code, name: template.name, slots, errors: Vec::new() })
}

/// Saves a template. Surveys attached from it before keep their own copy.
#[instrument(skip_all, fields(survey_template.id = %raw_id))]
pub async fn update(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let template = editable(&state, &user, &raw_id).await?;
    let nav = Nav::new(locale, &user, Some(&template.province_code), "activities", &uri);

    match parse_form(locale, &fields) {
        Ok((name, questions)) => {
            templates::update(&state.db, template.id, &name, &questions).await?;
            info!(survey_template.id = template.id, "survey template saved");
            Ok(Redirect::to(&format!("/p/{}/survey-templates", template.province_code)).into_response())
        }
        Err(errors) => {
            let name = fields.iter().find(|(field, _)| field == "name").map(|(_, value)| value.clone()).unwrap_or_default();
            let page = EditPage { nav, template_id: template.id, province: template.province_code, name, slots: slots_typed(&fields), errors };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}
