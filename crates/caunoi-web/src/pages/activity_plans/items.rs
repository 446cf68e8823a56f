//! The steps on a plan's items: add, edit, remove, mark done once the linked activity
//! has ended, cancel, and copy the previous semester's unfinished items.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::activity::plan::{PlanItemStatus, Semester};
use caunoi_core::policy::{Action, ClusterFacts};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::plans::{self, Plan, PlanItem};
use caunoi_db::{clusters, now_ms};
use serde::Deserialize;
use tracing::{info, instrument};

use super::show::{Choice, PlanScope, invalid_add, kind_choices, month_choices, status_choices};
use super::{FieldErrors, ItemForm, SemesterQuery, parse_item, plan_query};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::pages::render;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::Nav;

/// Loads a plan's cluster and semester from a posted form, for a user who may edit
/// the plan. Anyone else gets the 404 of a missing cluster.
async fn editable_scope(
    state: &AppState,
    user: &CurrentUser,
    raw_id: &str,
    semester: &str,
    locale: Locale,
) -> AppResult<PlanScope> {
    let query = SemesterQuery { year: None, semester: Some(semester.to_owned()), copied: None };
    let mut notices = Vec::new();
    let scope = PlanScope::load(state, user, raw_id, &query, locale, &mut notices).await?;
    user.require(Action::PlanActivities { cluster: &scope.facts })?;
    if !semester.trim().is_empty() && Semester::parse(semester).is_none() {
        return Err(AppError::bad_value("plan-error-semester", semester.trim()));
    }
    Ok(scope)
}

fn plan_url(cluster_id: i64, year: SchoolYear, semester: Semester) -> String {
    format!("/clusters/{cluster_id}/activity-plans?{}", plan_query(year, semester))
}

/// Adds an item to a cluster's plan, starting the plan when it has none yet.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn add(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Form(form): Form<ItemForm>,
) -> AppResult<Response> {
    let scope = editable_scope(&state, &user, &raw_id, &form.semester, locale).await?;

    let input = match parse_item(&form.text(), scope.year, scope.semester, locale) {
        Ok(input) => input,
        Err(errors) => return invalid_add(&state, locale, &user, &scope, form, errors).await,
    };
    let plan = plans::ensure(&state.db, &scope.facts.province, scope.facts.id, scope.year, scope.semester, user.id).await?;
    let id = plans::add_item(&state.db, plan.id, &input).await?;
    info!(plan.id = plan.id, plan_item.id = id, "plan item added");

    let url = format!("{}#item-{id}", plan_url(scope.facts.id, scope.year, scope.semester));
    Ok(Redirect::to(&url).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct CopyForm {
    #[serde(default)]
    semester: String,
}

/// Copies the items still planned in the previous semester's plan into this one, in
/// the semester's first month.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn copy_previous(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Form(form): Form<CopyForm>,
) -> AppResult<Response> {
    let scope = editable_scope(&state, &user, &raw_id, &form.semester, locale).await?;

    let plan = plans::ensure(&state.db, &scope.facts.province, scope.facts.id, scope.year, scope.semester, user.id).await?;
    let outcome = match plans::previous(&state.db, &plan).await? {
        Some(previous) => {
            let first = scope.semester.months(scope.year)[0];
            let copied = plans::copy_unfinished(&state.db, previous.id, plan.id, first).await?;
            info!(plan.id = plan.id, plan.previous_id = previous.id, plan.copied = copied, "plan items copied");
            copied.to_string()
        }
        None => "missing".to_owned(),
    };

    let url = format!("{}&copied={outcome}", plan_url(scope.facts.id, scope.year, scope.semester));
    Ok(Redirect::to(&url).into_response())
}

/// An item with its plan and cluster, loaded for a user who may edit the plan.
struct Editable {
    item: PlanItem,
    plan: Plan,
    facts: ClusterFacts,
    year: SchoolYear,
    semester: Semester,
}

impl Editable {
    async fn load(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<Editable> {
        let id = parse_id(raw_id)?;
        let plan = plans::plan_of_item(&state.db, id).await?;
        let facts = clusters::facts(&state.db, plan.cluster_id).await?;
        user.require(Action::PlanActivities { cluster: &facts })?;
        let item = plans::item(&state.db, id).await?;
        let year = SchoolYear::parse(&plan.school_year).ok_or_else(|| AppError::internal("plan without a school year"))?;
        let semester = plan.semester();
        Ok(Editable { item, plan, facts, year, semester })
    }

    fn plan_url(&self) -> String {
        format!("{}#item-{}", plan_url(self.facts.id, self.year, self.semester), self.item.id)
    }
}

#[derive(Template)]
#[template(path = "activity_plans/edit.html")]
struct EditPage {
    nav: Nav,
    item_id: i64,
    back: String,
    form: ItemForm,
    month_choices: Vec<Choice>,
    kind_choices: Vec<Choice>,
    status_choices: Vec<Choice>,
    errors: FieldErrors,
}

async fn edit_page(locale: Locale, user: &CurrentUser, editable: &Editable, form: ItemForm, errors: FieldErrors) -> AppResult<EditPage> {
    let nav_uri: Uri = format!("/activity-plan-items/{}/edit", editable.item.id).parse().map_err(AppError::internal)?;
    Ok(EditPage {
        nav: Nav::new(locale, user, Some(&editable.facts.province), "clusters", &nav_uri),
        item_id: editable.item.id,
        back: editable.plan_url(),
        month_choices: month_choices(editable.year, editable.semester, &form.month),
        kind_choices: kind_choices(locale, &form.kind),
        status_choices: status_choices(locale, &form.status),
        form,
        errors,
    })
}

/// Shows the form that edits an item.
#[instrument(skip_all, fields(plan_item.id = %raw_id))]
pub async fn edit_form(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let editable = Editable::load(&state, &user, &raw_id).await?;

    let item = &editable.item;
    let form = ItemForm {
        title: item.title.clone(),
        kind: item.kind.clone(),
        subjects: item.subjects().join(", "),
        month: item.planned_month.clone(),
        status: item.status.clone(),
        note: item.note.clone(),
        semester: editable.semester.number().to_string(),
    };
    render(&edit_page(locale, &user, &editable, form, FieldErrors::default()).await?)
}

/// Saves an edited item, or shows the form again with what was typed and why it was
/// rejected.
#[instrument(skip_all, fields(plan_item.id = %raw_id))]
pub async fn edit(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Form(form): Form<ItemForm>,
) -> AppResult<Response> {
    let editable = Editable::load(&state, &user, &raw_id).await?;

    let input = match parse_item(&form.text(), editable.year, editable.semester, locale) {
        Ok(input) => input,
        Err(errors) => {
            let page = edit_page(locale, &user, &editable, form, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    plans::update_item(&state.db, editable.item.id, &input).await?;
    info!(plan.id = editable.plan.id, plan_item.id = editable.item.id, "plan item saved");

    Ok(Redirect::to(&editable.plan_url()).into_response())
}

/// Removes an item; activities created from it stay and lose the link.
#[instrument(skip_all, fields(plan_item.id = %raw_id))]
pub async fn delete(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let editable = Editable::load(&state, &user, &raw_id).await?;

    plans::remove_item(&state.db, editable.item.id).await?;
    info!(plan.id = editable.plan.id, plan_item.id = editable.item.id, "plan item removed");

    Ok(Redirect::to(&plan_url(editable.facts.id, editable.year, editable.semester)).into_response())
}

/// Marks an item done in one click, once its linked activity has ended.
#[instrument(skip_all, fields(plan_item.id = %raw_id))]
pub async fn mark_done(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let editable = Editable::load(&state, &user, &raw_id).await?;

    if !editable.item.activity_ended(now_ms()) {
        return Err(AppError::conflict("plan-error-not-ended"));
    }
    plans::set_status(&state.db, editable.item.id, PlanItemStatus::Done).await?;
    info!(plan.id = editable.plan.id, plan_item.id = editable.item.id, "plan item done");

    Ok(Redirect::to(&editable.plan_url()).into_response())
}

/// Cancels an item, as the page suggests when its linked activity was cancelled.
#[instrument(skip_all, fields(plan_item.id = %raw_id))]
pub async fn cancel(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let editable = Editable::load(&state, &user, &raw_id).await?;

    plans::set_status(&state.db, editable.item.id, PlanItemStatus::Cancelled).await?;
    info!(plan.id = editable.plan.id, plan_item.id = editable.item.id, "plan item cancelled");

    Ok(Redirect::to(&editable.plan_url()).into_response())
}
