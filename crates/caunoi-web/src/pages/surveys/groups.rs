//! Results grouped by activity, presenter, topic (subject), cluster or semester, for a
//! province's department or a cluster's board, as a table and a bar chart of the mean
//! rating. Every group follows the small-group rule of
//! `caunoi_core::survey::suppression`: only closed surveys with at least five
//! respondents count, so no difference of two groups reveals fewer than five people.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::activity::plan::Semester;
use caunoi_core::org;
use caunoi_core::policy::Action;
use caunoi_core::survey::suppression::{self, Cell, Group};
use caunoi_db::surveys::results::{self, SurveyCell};
use caunoi_db::{clusters, now_ms};
use serde::Deserialize;
use tracing::instrument;

use super::results::mean_label;
use super::{forbid_unless, vietnam_date};
use crate::auth::CurrentUser;
use crate::charts::{self, Bar, ChartLabels};
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::render;
use crate::pages::schools::{Choice, parse_id};
use crate::state::AppState;
use crate::view::Nav;

/// The dimension results are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grouping {
    Activity,
    Presenter,
    Topic,
    Cluster,
    Semester,
}

impl Grouping {
    pub(crate) const ALL: [Grouping; 5] = [Grouping::Activity, Grouping::Presenter, Grouping::Topic, Grouping::Cluster, Grouping::Semester];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Grouping::Activity => "activity",
            Grouping::Presenter => "presenter",
            Grouping::Topic => "topic",
            Grouping::Cluster => "cluster",
            Grouping::Semester => "semester",
        }
    }

    pub(crate) fn parse(raw: &str) -> Option<Grouping> {
        Grouping::ALL.into_iter().find(|grouping| grouping.as_str() == raw.trim())
    }
}

/// The key of a group: a sort value, then its label.
pub(crate) type GroupKey = (i64, String);

/// Returns the groups a survey belongs to in a grouping. A survey without presenters or
/// subjects goes to the "not given" group of that grouping.
fn keys(locale: Locale, grouping: Grouping, cell: &SurveyCell) -> Vec<GroupKey> {
    let none = || vec![(i64::MAX, locale.t("survey-group-none"))];
    match grouping {
        Grouping::Activity => {
            vec![(cell.starts_at, locale.t_args("survey-group-activity", &[("title", FluentArg::Text(cell.title.clone())), ("date", FluentArg::Text(i18n::date(cell.starts_at)))]))]
        }
        Grouping::Presenter if cell.presenters.is_empty() => none(),
        Grouping::Presenter => cell.presenters.iter().map(|name| (0, name.clone())).collect(),
        Grouping::Topic if cell.subjects.is_empty() => none(),
        Grouping::Topic => cell.subjects.iter().map(|subject| (0, subject.clone())).collect(),
        Grouping::Cluster => match &cell.cluster_name {
            Some(name) => vec![(0, name.clone())],
            None => vec![(i64::MAX, locale.t("survey-group-no-cluster"))],
        },
        Grouping::Semester => {
            let (year, semester) = Semester::containing(vietnam_date(cell.starts_at));
            let order = i64::from(year.start_year()) * 10 + semester.number();
            vec![(order, locale.t_args("survey-target-option", &[("semester", FluentArg::Text(semester.roman().into())), ("year", FluentArg::Text(year.to_string()))]))]
        }
    }
}

/// Groups the surveys' cells under the small-group rule.
pub(crate) fn group_cells(locale: Locale, grouping: Grouping, cells: &[SurveyCell]) -> Vec<Group<GroupKey>> {
    let cells: Vec<Cell<GroupKey>> = cells
        .iter()
        .map(|cell| Cell { keys: keys(locale, grouping, cell), respondents: cell.respondents, closed: cell.closed, tally: cell.tally })
        .collect();
    suppression::group(&cells)
}

/// A group as the table shows it.
struct GroupRow {
    label: String,
    shown: bool,
    surveys: usize,
    respondents: String,
    mean: String,
    counts: Vec<String>,
    left_out: usize,
}

#[derive(Template)]
#[template(path = "surveys/groups.html")]
struct GroupsPage {
    nav: Nav,
    heading: String,
    path: String,
    groupings: Vec<Choice>,
    notices: Vec<String>,
    rows: Vec<GroupRow>,
    chart: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct GroupsQuery {
    by: Option<String>,
}

/// Picks the grouping of the query; an unknown one falls back to activities, with a notice.
fn choose(locale: Locale, query: &GroupsQuery, notices: &mut Vec<String>) -> Grouping {
    match query.by.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
        None => Grouping::Activity,
        Some(raw) => Grouping::parse(raw).unwrap_or_else(|| {
            notices.push(locale.t1("survey-notice-grouping", "value", raw));
            Grouping::Activity
        }),
    }
}

fn page_of(locale: Locale, nav: Nav, heading: String, path: String, grouping: Grouping, notices: Vec<String>, cells: &[SurveyCell]) -> AppResult<Response> {
    let groups = group_cells(locale, grouping, cells);
    let rows: Vec<GroupRow> = groups
        .iter()
        .map(|group| GroupRow {
            label: group.key.1.clone(),
            shown: group.shown(),
            surveys: group.included.len(),
            respondents: locale.int(group.respondents),
            mean: mean_label(locale, &group.tally),
            counts: group.tally.0.iter().map(|count| locale.int(*count)).collect(),
            left_out: group.left_out,
        })
        .collect();
    let bars: Vec<Bar> = groups
        .iter()
        .filter(|group| group.shown())
        .map(|group| Bar {
            label: group.key.1.clone(),
            value: group.tally.mean().unwrap_or(0.0),
            value_label: mean_label(locale, &group.tally),
            href: None,
        })
        .collect();
    let labels = ChartLabels { id: "survey-groups".into(), title: heading.clone(), description: locale.t("survey-groups-chart-description") };
    let chart = if bars.is_empty() { String::new() } else { charts::horizontal_bars(&labels, &bars, 5.0) };
    let groupings = Grouping::ALL
        .into_iter()
        .map(|choice| Choice { value: choice.as_str().into(), label: locale.tp("survey-grouping", choice.as_str()), selected: choice == grouping })
        .collect();
    render(&GroupsPage { nav, heading, path, groupings, notices, rows, chart })
}

/// Shows the results of a province's surveys to its department.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn province(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<GroupsQuery>,
) -> AppResult<Response> {
    let province = org::province_code(&raw_province).ok_or(AppError::NotFound)?;
    user.require(Action::ViewSurveyAggregates { province: &province, cluster: None })?;
    let mut notices = Vec::new();
    let grouping = choose(locale, &query, &mut notices);

    let cells = results::cells(&state.db, &province, None, now_ms()).await?;
    let department = caunoi_db::provinces::department(&state.db, &province).await?;
    let nav = Nav::new(locale, &user, Some(&province), "activities", &uri);
    let heading = locale.t1("survey-groups-title", "scope", &department.name);
    page_of(locale, nav, heading, format!("/p/{province}/survey-results"), grouping, notices, &cells)
}

/// Shows the results of a cluster's surveys to its board and the department.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn cluster(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<GroupsQuery>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = clusters::facts(&state.db, id).await?;
    user.require(Action::ViewCluster { cluster: &facts })?;
    forbid_unless(&user, Action::ViewSurveyAggregates { province: &facts.province, cluster: Some(&facts) }, "survey-error-aggregates-forbidden")?;
    let mut notices = Vec::new();
    let grouping = choose(locale, &query, &mut notices);

    let cells = results::cells(&state.db, &facts.province, Some(id), now_ms()).await?;
    let cluster = clusters::get(&state.db, id).await?;
    let nav = Nav::new(locale, &user, Some(&facts.province), "clusters", &uri);
    let heading = locale.t1("survey-groups-title", "scope", &cluster.name);
    page_of(locale, nav, heading, format!("/clusters/{id}/survey-results"), grouping, notices, &cells)
}
