//! Action items: a cluster's board writes one from a survey's results (text, owner,
//! target semester). It shows on the cluster's plan of that semester, where the board
//! converts it into a planned item.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::activity::ActivityKind;
use caunoi_core::activity::plan::{self, PlanItemStatus, Semester};
use caunoi_core::policy::Action;
use caunoi_core::school_year::SchoolYear;
use caunoi_core::text::normalize;
use caunoi_db::DbError;
use caunoi_db::activities::plans::{self, ItemInput};
use caunoi_db::surveys::action_items::{self, ActionItem, NewActionItem};
use caunoi_db::clusters;
use serde::Deserialize;
use tracing::{info, instrument};

use super::results::target_choices;
use super::{FieldMessages, forbid_unless, load_visible, vietnam_date};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{FluentArg, Locale};
use crate::pages::render;
use crate::pages::schools::{Choice, parse_id};
use crate::state::AppState;
use crate::view::Nav;

/// Maximum length of an action item's text, in characters.
pub(crate) const MAX_TEXT_CHARS: usize = 500;
/// Maximum length of an action item's owner, in characters.
pub(crate) const MAX_OWNER_CHARS: usize = 120;

/// An action item as the results and plan pages show it.
pub(crate) struct ActionItemRow {
    pub id: i64,
    pub text: String,
    pub owner: String,
    pub target: String,
    pub converted: bool,
}

pub(crate) fn action_item_rows(locale: Locale, items: &[ActionItem]) -> Vec<ActionItemRow> {
    items
        .iter()
        .map(|item| ActionItemRow {
            id: item.id,
            text: item.action_text.clone(),
            owner: item.owner.clone(),
            target: locale.t_args(
                "survey-target-option",
                &[
                    ("semester", FluentArg::Text(item.target_semester().roman().into())),
                    ("year", FluentArg::Text(item.target_year.clone())),
                ],
            ),
            converted: item.plan_item_id.is_some(),
        })
        .collect()
}

/// The action item form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub owner: String,
    /// `2026-2027:2`: a school year and a semester number.
    #[serde(default)]
    pub target: String,
}

/// Parses a target such as `2026-2027:2`.
pub(crate) fn parse_target(raw: &str) -> Option<(SchoolYear, Semester)> {
    let (year, semester) = raw.trim().split_once(':')?;
    Some((SchoolYear::parse(year)?, Semester::parse(semester)?))
}

/// An action item's checked text, owner and target semester.
pub(crate) type ParsedAction = (String, String, (SchoolYear, Semester));

/// Checks an action item's fields and returns its text, owner and target, or the
/// message of each invalid field.
pub(crate) fn parse_action(locale: Locale, form: &ActionForm) -> Result<ParsedAction, FieldMessages> {
    let mut errors = Vec::new();
    let text = normalize(&form.text);
    let owner = normalize(&form.owner);
    if text.is_empty() {
        errors.push(("text", locale.t("survey-error-action-text-missing")));
    } else if text.chars().count() > MAX_TEXT_CHARS {
        let args = [("chars", FluentArg::Number(text.chars().count() as i64)), ("max", FluentArg::Number(MAX_TEXT_CHARS as i64))];
        errors.push(("text", locale.t_args("survey-error-action-text-long", &args)));
    }
    if owner.chars().count() > MAX_OWNER_CHARS {
        let args = [("chars", FluentArg::Number(owner.chars().count() as i64)), ("max", FluentArg::Number(MAX_OWNER_CHARS as i64))];
        errors.push(("owner", locale.t_args("survey-error-action-owner-long", &args)));
    }
    let target = parse_target(&form.target);
    if target.is_none() {
        errors.push(("target", locale.t1("survey-error-action-target", "value", form.target.trim())));
    }
    match target {
        Some(target) if errors.is_empty() => Ok((text, owner, target)),
        _ => Err(errors),
    }
}

#[derive(Template)]
#[template(path = "surveys/action_form.html")]
struct ActionFormPage {
    nav: Nav,
    survey_id: i64,
    activity_title: String,
    form: ActionForm,
    semester_choices: Vec<Choice>,
    errors: Vec<(&'static str, String)>,
}

impl ActionFormPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }
}

/// Adds an action item from a survey's results page. The survey's activity must be
/// organised by a cluster, whose board (or the department) writes it.
#[instrument(skip_all, fields(survey.id = %raw_id))]
pub async fn create(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<ActionForm>,
) -> AppResult<Response> {
    let loaded = load_visible(&state.db, &user, &raw_id).await?;
    let cluster_id = loaded.activity.cluster_id.ok_or(AppError::Forbidden { message_id: "survey-error-action-forbidden" })?;
    let cluster = clusters::facts(&state.db, cluster_id).await?;
    forbid_unless(&user, Action::PlanActivities { cluster: &cluster }, "survey-error-action-forbidden")?;

    let (text, owner, (target_year, target_semester)) = match parse_action(locale, &form) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let from = Semester::containing(vietnam_date(loaded.activity.starts_at));
            let mut semester_choices = target_choices(locale, from);
            for choice in &mut semester_choices {
                choice.selected = choice.value == form.target.trim();
            }
            let page = ActionFormPage {
                nav: Nav::new(locale, &user, Some(&loaded.activity.province_code), "activities", &uri),
                survey_id: loaded.survey.id,
                activity_title: loaded.activity.title.clone(),
                form,
                semester_choices,
                errors,
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    let new = NewActionItem {
        cluster_id,
        province: cluster.province.clone(),
        survey_id: Some(loaded.survey.id),
        text,
        owner,
        target_year,
        target_semester,
    };
    let id = action_items::create(&state.db, &new, user.id).await?;
    info!(survey.id = loaded.survey.id, cluster.id = cluster_id, action_item.id = id, "survey action item added");
    Ok(Redirect::to(&format!("/surveys/{}/results#actions", loaded.survey.id)).into_response())
}

/// The convert form of an action item on a plan page.
#[derive(Debug, Default, Deserialize)]
pub struct ConvertForm {
    /// The cluster whose plan shows the item.
    #[serde(default)]
    pub cluster: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub month: String,
}

/// Converts an action item into a planned item of the plan that shows it.
#[instrument(skip_all, fields(action_item.id = %raw_id))]
pub async fn convert(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Form(form): Form<ConvertForm>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let item = action_items::get(&state.db, id).await?;
    let cluster_id = parse_id(&form.cluster)?;
    let cluster = clusters::facts(&state.db, cluster_id).await?;
    user.require(Action::ViewCluster { cluster: &cluster })?;
    let year = SchoolYear::parse(&item.target_year).ok_or_else(|| AppError::internal("action item without a school year"))?;
    let semester = item.target_semester();
    let shown = action_items::for_plan(&state.db, cluster_id, year, semester).await?;
    if !shown.iter().any(|shown| shown.id == item.id) {
        return Err(AppError::NotFound);
    }
    forbid_unless(&user, Action::PlanActivities { cluster: &cluster }, "survey-error-action-forbidden")?;

    let kind = ActivityKind::parse(form.kind.trim())
        .ok_or_else(|| AppError::bad_value("survey-error-convert-kind", form.kind.trim().to_owned()))?;
    let month = plan::check_month(&form.month, year, semester)
        .map_err(|_| AppError::bad_value("survey-error-convert-month", form.month.trim().to_owned()))?;
    let plan = plans::ensure(&state.db, &cluster.province, cluster_id, year, semester, user.id).await?;
    let input = ItemInput {
        title: item.action_text.clone(),
        kind,
        subjects: Vec::new(),
        month,
        status: PlanItemStatus::Planned,
        note: if item.owner.is_empty() { String::new() } else { locale.t1("survey-plan-note-owner", "owner", &item.owner) },
    };
    let plan_item = match action_items::convert(&state.db, item.id, plan.id, &input).await {
        Ok(plan_item) => plan_item,
        Err(DbError::Invalid(_)) => return Err(AppError::conflict("survey-error-converted")),
        Err(error) => return Err(error.into()),
    };
    info!(action_item.id = item.id, plan_item.id = plan_item, plan.id = plan.id, "action item converted into a plan item");
    Ok(Redirect::to(&format!(
        "/clusters/{cluster_id}/activity-plans?year={year}&semester={}#item-{plan_item}",
        semester.number()
    ))
    .into_response())
}
