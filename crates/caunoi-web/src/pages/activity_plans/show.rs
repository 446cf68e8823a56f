//! A cluster's plan for one semester: its items by month with their linked activity,
//! the forms that add items and copy the previous semester's, and the `.xlsx` export.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use caunoi_core::activity::ActivityKind;
use caunoi_core::activity::plan::{PlanItemStatus, PlanMonth, Semester};
use caunoi_core::policy::{Action, ClusterFacts};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::plans::{self, ExportLabels, Plan, PlanItem, StatusCounts};
use caunoi_db::clusters::{self, Cluster};
use caunoi_db::now_ms;
use tracing::instrument;

use super::{FieldErrors, ItemForm, SemesterQuery, choose_semester, kind_label, percent_label, plan_query, status_label};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::render;
use crate::pages::report_submissions::actions::xlsx_response;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::Nav;

/// One choice of a `<select>`.
pub(crate) struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// An item as the page shows it.
pub(crate) struct ItemRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub subjects: String,
    pub status: String,
    pub status_label: String,
    pub note: String,
    /// The linked activity: id and "title (dd/mm/yyyy HH:MM)".
    pub activity: Option<(i64, String)>,
    pub activity_cancelled: bool,
    /// No activity is linked yet and the item is still planned.
    pub can_create_activity: bool,
    /// The linked activity has ended and the item is still planned.
    pub can_mark_done: bool,
    /// The linked activity was cancelled and the item is still planned.
    pub suggest_cancel: bool,
}

/// The items of one month.
pub(crate) struct MonthGroup {
    pub label: String,
    pub items: Vec<ItemRow>,
}

#[derive(Template)]
#[template(path = "activity_plans/show.html")]
pub(crate) struct PlanPage {
    pub nav: Nav,
    pub cluster: Cluster,
    pub year: String,
    pub semester: Semester,
    pub semester_choices: Vec<Choice>,
    pub notices: Vec<String>,
    pub groups: Vec<MonthGroup>,
    pub item_count: usize,
    pub counts_label: String,
    pub share_label: String,
    pub can_edit: bool,
    pub has_previous: bool,
    /// `year=…&semester=…` of this plan.
    pub query: String,
    /// The add form as typed, its month and kind choices, and its errors.
    pub form: ItemForm,
    pub month_choices: Vec<Choice>,
    pub kind_choices: Vec<Choice>,
    pub status_choices: Vec<Choice>,
    pub errors: FieldErrors,
    /// Action items that survey results set for this semester, with the convert form.
    pub action_items: Vec<crate::pages::surveys::ActionItemRow>,
}

/// The cluster, its school year and the chosen semester of a plan's page.
pub(crate) struct PlanScope {
    pub facts: ClusterFacts,
    pub cluster: Cluster,
    pub year: SchoolYear,
    pub semester: Semester,
}

impl PlanScope {
    /// Loads a cluster the user may see and the semester the query requests.
    pub(crate) async fn load(
        state: &AppState,
        user: &CurrentUser,
        raw_id: &str,
        query: &SemesterQuery,
        locale: Locale,
        notices: &mut Vec<String>,
    ) -> AppResult<PlanScope> {
        let id = parse_id(raw_id)?;
        let facts = clusters::facts(&state.db, id).await?;
        user.require(Action::ViewCluster { cluster: &facts })?;
        let cluster = clusters::get(&state.db, id).await?;
        let year = SchoolYear::parse(&cluster.school_year).ok_or_else(|| AppError::internal("cluster without a school year"))?;
        let semester = choose_semester(year, query, locale, notices);
        Ok(PlanScope { facts, cluster, year, semester })
    }
}

/// Choices of the months of a semester, with `selected` preselected.
pub(crate) fn month_choices(year: SchoolYear, semester: Semester, selected: &str) -> Vec<Choice> {
    let selected = PlanMonth::parse(selected);
    semester
        .months(year)
        .into_iter()
        .map(|month| Choice { value: month.key(), label: month.display(), selected: Some(month) == selected })
        .collect()
}

pub(crate) fn kind_choices(locale: Locale, selected: &str) -> Vec<Choice> {
    ActivityKind::ALL
        .into_iter()
        .map(|kind| Choice {
            value: kind.as_str().into(),
            label: kind_label(locale, kind.as_str()),
            selected: kind.as_str() == selected.trim(),
        })
        .collect()
}

pub(crate) fn status_choices(locale: Locale, selected: &str) -> Vec<Choice> {
    let selected = match selected.trim() {
        "" => "planned",
        other => other,
    };
    PlanItemStatus::ALL
        .into_iter()
        .map(|status| Choice {
            value: status.as_str().into(),
            label: status_label(locale, status.as_str()),
            selected: status.as_str() == selected,
        })
        .collect()
}

fn item_row(locale: Locale, item: &PlanItem, now: i64) -> ItemRow {
    let planned = item.status() == PlanItemStatus::Planned;
    let activity = match (item.activity_id, &item.activity_title, item.activity_starts_at) {
        (Some(id), Some(title), Some(starts_at)) => Some((
            id,
            locale.t_args(
                "plan-activity-on",
                &[("title", FluentArg::Text(title.clone())), ("date", FluentArg::Text(i18n::datetime(starts_at)))],
            ),
        )),
        _ => None,
    };
    ItemRow {
        id: item.id,
        title: item.title.clone(),
        kind: kind_label(locale, &item.kind),
        subjects: item.subjects().join(", "),
        status: item.status.clone(),
        status_label: status_label(locale, &item.status),
        note: item.note.clone(),
        can_create_activity: planned && activity.is_none(),
        can_mark_done: planned && item.activity_ended(now),
        suggest_cancel: planned && item.activity_cancelled(),
        activity_cancelled: item.activity_cancelled(),
        activity,
    }
}

/// Groups items under each month of the semester, in order, then those planned
/// outside it (kept from before a change of semester rules, or written by hand).
fn group_by_month(locale: Locale, year: SchoolYear, semester: Semester, items: &[PlanItem]) -> Vec<MonthGroup> {
    let now = now_ms();
    let months = semester.months(year);
    let mut groups: Vec<MonthGroup> = months
        .iter()
        .map(|month| MonthGroup {
            label: locale.t1("plan-month", "month", &month.display()),
            items: items.iter().filter(|item| item.month() == Some(*month)).map(|item| item_row(locale, item, now)).collect(),
        })
        .collect();
    let others: Vec<ItemRow> = items
        .iter()
        .filter(|item| item.month().is_none_or(|month| !months.contains(&month)))
        .map(|item| item_row(locale, item, now))
        .collect();
    if !others.is_empty() {
        groups.push(MonthGroup { label: locale.t("plan-month-other"), items: others });
    }
    groups
}

pub(crate) fn counts_label(locale: Locale, counts: StatusCounts) -> String {
    locale.t_args(
        "plan-counts",
        &[
            ("planned", FluentArg::Number(counts.planned)),
            ("done", FluentArg::Number(counts.done)),
            ("cancelled", FluentArg::Number(counts.cancelled)),
        ],
    )
}

pub(crate) fn share_label(locale: Locale, counts: StatusCounts) -> String {
    match counts.done_percent() {
        Some(percent) => locale.t1("plan-done-share", "percent", &percent_label(locale, percent)),
        None => locale.t("plan-done-share-none"),
    }
}

/// Builds a plan's page with the add form as typed.
pub(crate) async fn plan_page(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    scope: &PlanScope,
    mut notices: Vec<String>,
    form: ItemForm,
    errors: FieldErrors,
) -> AppResult<PlanPage> {
    let plan: Option<Plan> = plans::find(&state.db, scope.facts.id, scope.year, scope.semester).await?;
    let items = match &plan {
        Some(plan) => plans::items(&state.db, plan.id).await?,
        None => Vec::new(),
    };
    let has_previous = match &plan {
        Some(plan) => plans::previous(&state.db, plan).await?.is_some(),
        // Copying starts the plan, so the button shows before the first item too.
        None => true,
    };
    if items.iter().any(|item| item.status() == PlanItemStatus::Planned && item.activity_cancelled()) {
        notices.push(locale.t("plan-suggest-cancel"));
    }
    let counts = StatusCounts::of(&items);
    let action_items = caunoi_db::surveys::action_items::for_plan(&state.db, scope.facts.id, scope.year, scope.semester).await?;
    let nav_uri: Uri = format!("/clusters/{}/activity-plans", scope.facts.id).parse().map_err(AppError::internal)?;
    Ok(PlanPage {
        nav: Nav::new(locale, user, Some(&scope.facts.province), "clusters", &nav_uri),
        year: scope.year.to_string(),
        semester: scope.semester,
        semester_choices: Semester::ALL
            .into_iter()
            .map(|semester| Choice {
                value: semester.number().to_string(),
                label: locale.t1("plan-semester-option", "semester", semester.roman()),
                selected: semester == scope.semester,
            })
            .collect(),
        groups: group_by_month(locale, scope.year, scope.semester, &items),
        item_count: items.len(),
        counts_label: counts_label(locale, counts),
        share_label: share_label(locale, counts),
        can_edit: user.allows(Action::PlanActivities { cluster: &scope.facts }),
        has_previous,
        query: plan_query(scope.year, scope.semester),
        month_choices: month_choices(scope.year, scope.semester, &form.month),
        kind_choices: kind_choices(locale, &form.kind),
        status_choices: status_choices(locale, &form.status),
        action_items: crate::pages::surveys::action_item_rows(locale, &action_items),
        cluster: scope.cluster.clone(),
        notices,
        form,
        errors,
    })
}

/// Shows a cluster's plan for one semester.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn page(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Query(query): Query<SemesterQuery>,
) -> AppResult<Response> {
    let mut notices = Vec::new();
    let scope = PlanScope::load(&state, &user, &raw_id, &query, locale, &mut notices).await?;

    match query.copied.as_deref() {
        Some("missing") => notices.push(locale.t("plan-copied-missing")),
        Some("0") => notices.push(locale.t("plan-copied-none")),
        Some(count) => {
            if let Ok(count) = count.parse::<i64>() {
                notices.push(locale.t_args("plan-copied", &[("count", FluentArg::Number(count))]));
            }
        }
        None => {}
    }
    let page = plan_page(&state, locale, &user, &scope, notices, ItemForm::default(), FieldErrors::default()).await?;
    render(&page)
}

/// Re-renders a plan's page with the add form's errors and status 422.
pub(crate) async fn invalid_add(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    scope: &PlanScope,
    form: ItemForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let page = plan_page(state, locale, user, scope, Vec::new(), form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// Builds the `.xlsx` of a plan's items, with Vietnamese headers.
pub(crate) async fn workbook(items: Vec<PlanItem>) -> AppResult<Vec<u8>> {
    tokio::task::spawn_blocking(move || {
        let locale = Locale::Vi;
        let kind = |kind: &str| kind_label(locale, kind);
        let status = |status: &str| status_label(locale, status);
        let labels = ExportLabels {
            sheet: locale.t("plan-xlsx-sheet"),
            headers: [
                locale.t("plan-col-month"),
                locale.t("plan-col-title"),
                locale.t("plan-col-kind"),
                locale.t("plan-col-subjects"),
                locale.t("plan-col-status"),
                locale.t("plan-col-activity"),
                locale.t("plan-col-activity-start"),
                locale.t("plan-col-note"),
            ],
            kind: &kind,
            status: &status,
            date: &i18n::datetime,
        };
        plans::export(&items, &labels)
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::from)
}

/// Downloads a cluster's plan for one semester as `.xlsx`. A semester without a plan
/// gives a workbook with the headers only.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn download(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Query(query): Query<SemesterQuery>,
) -> AppResult<Response> {
    let mut notices = Vec::new();
    let scope = PlanScope::load(&state, &user, &raw_id, &query, locale, &mut notices).await?;

    let items = match plans::find(&state.db, scope.facts.id, scope.year, scope.semester).await? {
        Some(plan) => plans::items(&state.db, plan.id).await?,
        None => Vec::new(),
    };
    let bytes = workbook(items).await?;
    let file_name = format!("ke-hoach-{}-{}-hk{}.xlsx", scope.facts.id, scope.year, scope.semester.roman());
    Ok(xlsx_response(bytes, &file_name))
}
