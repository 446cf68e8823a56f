//! One survey's results: the count of each point of every rating question with a bar
//! chart, and the open answers in random order. Nothing but the number of respondents
//! shows until the survey is closed and has at least five respondents
//! (`caunoi_core::survey::suppression`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::activity::plan::Semester;
use caunoi_core::policy::Action;
use caunoi_core::survey::suppression::{MIN_RESPONDENTS, Tally, is_publishable};
use caunoi_core::survey::{Phase, QuestionKind, next_semester};
use caunoi_db::activities::Activity;
use caunoi_db::surveys::{self, action_items, answers};
use caunoi_db::{clusters, now_ms};
use tracing::instrument;

use super::action_items::{ActionItemRow, action_item_rows};
use super::{forbid_unless, load_visible, vietnam_date};
use crate::auth::CurrentUser;
use crate::charts::{self, Bar, ChartLabels};
use crate::error::AppResult;
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::render;
use crate::pages::schools::Choice;
use crate::state::AppState;
use crate::view::Nav;

/// One point of a rating question with its count.
pub(crate) struct PointRow {
    pub label: String,
    pub count: i64,
    pub percent: String,
}

/// A question's results as the page shows them.
pub(crate) struct QuestionResult {
    pub text: String,
    pub rating: bool,
    pub points: Vec<PointRow>,
    pub mean: String,
    pub chart: String,
    /// Open answers, shuffled.
    pub texts: Vec<String>,
}

#[derive(Template)]
#[template(path = "surveys/results.html")]
struct ResultsPage {
    nav: Nav,
    activity: Activity,
    survey_id: i64,
    respondents: String,
    /// Reason nothing else shows, or `None` when the results are shown.
    hidden: Option<String>,
    questions: Vec<QuestionResult>,
    /// The board of the organising cluster may write action items.
    can_add_action: bool,
    semester_choices: Vec<Choice>,
    action_items: Vec<ActionItemRow>,
}

/// Formats a share in percent with one decimal, in the reader's locale.
pub(crate) fn percent(locale: Locale, part: i64, whole: i64) -> String {
    if whole <= 0 {
        return String::new();
    }
    format!("{} %", locale.decimal(part as f64 * 100.0 / whole as f64, 1))
}

/// Formats a mean rating such as "4,2 / 5".
pub(crate) fn mean_label(locale: Locale, tally: &Tally) -> String {
    tally.mean().map(|mean| format!("{} / 5", locale.decimal(mean, 1))).unwrap_or_default()
}

/// Returns the choices of a target semester: the next two after `from`, the first selected.
pub(crate) fn target_choices(locale: Locale, from: (caunoi_core::school_year::SchoolYear, Semester)) -> Vec<Choice> {
    let first = next_semester(from.0, from.1);
    let second = next_semester(first.0, first.1);
    [first, second]
        .into_iter()
        .enumerate()
        .map(|(index, (year, semester))| Choice {
            value: format!("{year}:{}", semester.number()),
            label: locale.t_args(
                "survey-target-option",
                &[("semester", FluentArg::Text(semester.roman().into())), ("year", FluentArg::Text(year.to_string()))],
            ),
            selected: index == 0,
        })
        .collect()
}

async fn question_results(state: &AppState, locale: Locale, survey: &surveys::Survey) -> AppResult<Vec<QuestionResult>> {
    let counts = answers::rating_counts(&state.db, survey.id).await?;
    let mut results = Vec::new();
    for (index, question) in survey.questions().into_iter().enumerate() {
        if question.kind == QuestionKind::Open {
            let texts = answers::open_answers(&state.db, survey.id, index).await?;
            results.push(QuestionResult { text: question.text, rating: false, points: Vec::new(), mean: String::new(), chart: String::new(), texts });
            continue;
        }
        let mut tally = Tally::default();
        for count in counts.iter().filter(|count| count.question == index as i64) {
            tally.add_point(count.rating, count.count);
        }
        let total = tally.total();
        let points: Vec<PointRow> = question
            .labels
            .iter()
            .zip(tally.0)
            .map(|(label, count)| PointRow { label: label.clone(), count, percent: percent(locale, count, total) })
            .collect();
        let bars: Vec<Bar> = points
            .iter()
            .map(|row| Bar { label: row.label.clone(), value: row.count as f64, value_label: locale.int(row.count), href: None })
            .collect();
        let labels = ChartLabels {
            id: format!("survey-q{index}"),
            title: question.text.clone(),
            description: locale.t1("survey-chart-description", "question", &question.text),
        };
        results.push(QuestionResult {
            chart: charts::horizontal_bars(&labels, &bars, 0.0),
            mean: mean_label(locale, &tally),
            text: question.text,
            rating: true,
            points,
            texts: Vec::new(),
        });
    }
    Ok(results)
}

/// Shows a survey's results to the organiser's side and the department.
#[instrument(skip_all, fields(survey.id = %raw_id))]
pub async fn page(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let loaded = load_visible(&state.db, &user, &raw_id).await?;
    forbid_unless(&user, Action::ViewSurveyResults { activity: &loaded.facts.activity }, "survey-error-results-forbidden")?;
    let nav = Nav::new(locale, &user, Some(&loaded.activity.province_code), "activities", &uri);

    let survey = &loaded.survey;
    let now = now_ms();
    let respondents = surveys::respondent_count(&state.db, survey.id).await?;
    let closed = survey.phase(now) == Phase::Closed;
    let hidden = if !closed {
        Some(locale.t1("survey-results-after-close", "closes", &i18n::datetime(survey.closes_at)))
    } else if !is_publishable(respondents, closed) {
        Some(locale.t_args("survey-results-too-few", &[("count", FluentArg::Number(respondents)), ("min", FluentArg::Number(MIN_RESPONDENTS))]))
    } else {
        None
    };
    let questions = if hidden.is_none() { question_results(&state, locale, survey).await? } else { Vec::new() };

    let cluster = match loaded.activity.cluster_id {
        Some(id) => Some(clusters::facts(&state.db, id).await?),
        None => None,
    };
    let can_add_action = cluster.as_ref().is_some_and(|cluster| user.allows(Action::PlanActivities { cluster }));
    let from = Semester::containing(vietnam_date(loaded.activity.starts_at));
    let items = match &cluster {
        Some(cluster) => action_items::of_cluster(&state.db, cluster.id).await?.into_iter().filter(|item| item.survey_id == Some(survey.id)).collect(),
        None => Vec::new(),
    };

    let page = ResultsPage {
        respondents: locale.t_args("survey-respondents", &[("count", FluentArg::Number(respondents))]),
        survey_id: survey.id,
        hidden,
        questions,
        can_add_action,
        semester_choices: target_choices(locale, from),
        action_items: action_item_rows(locale, &items),
        activity: loaded.activity,
        nav,
    };
    render(&page)
}
