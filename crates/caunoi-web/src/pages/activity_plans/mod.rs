//! Screens of the clusters' activity plans: a cluster's plan for one semester with its
//! items by month, the forms that add, edit and remove items, the spreadsheet export,
//! and the department's overview of every cluster's plan.
//!
//! Everyone with a role in the province reads a cluster's plan; the cluster's board
//! and the department edit it (`Action::PlanActivities`).

mod items;
mod overview;
mod show;

use axum::Router;
use axum::routing::{get, post};
use caunoi_core::activity::ActivityKind;
use caunoi_core::activity::plan::{self, MonthError, PlanItemStatus, Semester};
use caunoi_core::school_year::SchoolYear;
use caunoi_core::text::normalize;
use caunoi_db::activities::plans::ItemInput;
use serde::Deserialize;

use crate::i18n::{FluentArg, Locale};
use crate::state::AppState;

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/clusters/{id}/activity-plans", get(show::page))
        .route("/clusters/{id}/activity-plans.xlsx", get(show::download))
        .route("/clusters/{id}/activity-plans/items", post(items::add))
        .route("/clusters/{id}/activity-plans/copy", post(items::copy_previous))
        .route("/activity-plan-items/{id}/edit", get(items::edit_form).post(items::edit))
        .route("/activity-plan-items/{id}/delete", post(items::delete))
        .route("/activity-plan-items/{id}/done", post(items::mark_done))
        .route("/activity-plan-items/{id}/cancel", post(items::cancel))
        .route("/p/{province}/activity-plans", get(overview::page))
}

/// Maximum length of an item's title in characters.
pub(crate) const MAX_TITLE_CHARS: usize = 200;
/// Maximum length of an item's note in characters.
pub(crate) const MAX_NOTE_CHARS: usize = 1000;
/// Maximum length of one subject name in characters.
pub(crate) const MAX_SUBJECT_CHARS: usize = 80;
/// Maximum number of subjects of one item.
pub(crate) const MAX_SUBJECTS: usize = 12;

/// The `year` and `semester` parameters of a plan's page.
#[derive(Debug, Default, Deserialize)]
pub struct SemesterQuery {
    pub year: Option<String>,
    pub semester: Option<String>,
    /// Set after copying from the previous semester: the number of items copied, or
    /// `missing` when there was no previous plan.
    pub copied: Option<String>,
}

/// Chooses the semester a cluster's plan page shows. The year is always the cluster's
/// own, because clusters are drawn again each school year; another `year` gets a
/// notice. A blank semester gives today's when today falls in the cluster's year,
/// else semester I; an invalid one gets a notice.
pub(crate) fn choose_semester(
    cluster_year: SchoolYear,
    query: &SemesterQuery,
    locale: Locale,
    notices: &mut Vec<String>,
) -> Semester {
    if let Some(raw) = non_blank(&query.year)
        && SchoolYear::parse(raw) != Some(cluster_year)
    {
        notices.push(locale.t_args(
            "plan-notice-other-year",
            &[("year", FluentArg::Text(cluster_year.to_string())), ("value", FluentArg::Text(raw.to_owned()))],
        ));
    }
    let default = match Semester::containing(crate::i18n::today()) {
        (year, semester) if year == cluster_year => semester,
        _ => Semester::First,
    };
    match non_blank(&query.semester) {
        None => default,
        Some(raw) => Semester::parse(raw).unwrap_or_else(|| {
            notices.push(locale.t_args(
                "plan-notice-invalid-semester",
                &[("value", FluentArg::Text(raw.to_owned())), ("semester", FluentArg::Text(default.roman().into()))],
            ));
            default
        }),
    }
}

fn non_blank(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|text| !text.is_empty())
}

/// Messages of a form's invalid fields, by field name.
#[derive(Debug, Default, Clone)]
pub(crate) struct FieldErrors(Vec<(&'static str, String)>);

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

    /// Returns the messages in field order, for the API.
    pub(crate) fn messages(&self) -> Vec<(&'static str, String)> {
        self.0.clone()
    }
}

/// An item's form as typed: every field as text, so a rejected form shows it again.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ItemForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub kind: String,
    /// Subjects separated by commas.
    #[serde(default)]
    pub subjects: String,
    /// `YYYY-MM` or `MM/YYYY`.
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub note: String,
    /// The semester the form belongs to, on the cluster page's add form.
    #[serde(default)]
    pub semester: String,
}

/// The raw text of an item's fields, from the API's JSON body or the screen's form.
pub(crate) struct ItemText<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub subjects: Vec<String>,
    pub month: &'a str,
    /// Blank means planned.
    pub status: &'a str,
    pub note: &'a str,
}

impl ItemForm {
    pub(crate) fn text(&self) -> ItemText<'_> {
        ItemText {
            title: &self.title,
            kind: &self.kind,
            subjects: self.subjects.split([',', ';', '\n']).map(str::to_owned).collect(),
            month: &self.month,
            status: &self.status,
            note: &self.note,
        }
    }
}

fn char_count(text: &str) -> i64 {
    text.chars().count() as i64
}

fn too_long(locale: Locale, id: &str, count: i64, max: usize) -> String {
    locale.t_args(id, &[("count", FluentArg::Number(count)), ("max", FluentArg::Number(max as i64))])
}

/// Parses an item for a plan of `year` and `semester`, or returns a message per
/// invalid field, each naming the value and the fix.
pub(crate) fn parse_item(
    text: &ItemText<'_>,
    year: SchoolYear,
    semester: Semester,
    locale: Locale,
) -> Result<ItemInput, FieldErrors> {
    let mut errors = FieldErrors::default();

    let title = normalize(text.title.trim());
    if title.is_empty() {
        errors.add("title", locale.t("plan-error-title-missing"));
    } else if char_count(&title) > MAX_TITLE_CHARS as i64 {
        errors.add("title", too_long(locale, "plan-error-title-long", char_count(&title), MAX_TITLE_CHARS));
    }

    let kind = ActivityKind::parse(text.kind.trim());
    if kind.is_none() {
        errors.add("kind", locale.t1("plan-error-kind", "value", text.kind.trim()));
    }

    let subjects: Vec<String> =
        text.subjects.iter().map(|s| normalize(s.trim())).filter(|s| !s.is_empty()).collect();
    if let Some(long) = subjects.iter().find(|s| s.chars().count() > MAX_SUBJECT_CHARS) {
        errors.add(
            "subjects",
            locale.t_args(
                "plan-error-subjects",
                &[("value", FluentArg::Text(long.clone())), ("max", FluentArg::Number(MAX_SUBJECT_CHARS as i64))],
            ),
        );
    } else if subjects.len() > MAX_SUBJECTS {
        errors.add("subjects", too_long(locale, "plan-error-subjects-many", subjects.len() as i64, MAX_SUBJECTS));
    }

    let month = match text.month.trim() {
        "" => {
            errors.add("month", locale.t("plan-error-month-missing"));
            None
        }
        raw => match plan::check_month(raw, year, semester) {
            Ok(month) => Some(month),
            Err(error) => {
                errors.add("month", month_message(locale, raw, &error, year, semester));
                None
            }
        },
    };

    let status = match text.status.trim() {
        "" => Some(PlanItemStatus::Planned),
        raw => PlanItemStatus::parse(raw),
    };
    if status.is_none() {
        errors.add("status", locale.t1("plan-error-status", "value", text.status.trim()));
    }

    let note = normalize(text.note.trim());
    if char_count(&note) > MAX_NOTE_CHARS as i64 {
        errors.add("note", too_long(locale, "plan-error-note-long", char_count(&note), MAX_NOTE_CHARS));
    }

    match (kind, month, status) {
        (Some(kind), Some(month), Some(status)) if errors.is_empty() => {
            Ok(ItemInput { title, kind, subjects, month, status, note })
        }
        _ => Err(errors),
    }
}

/// The message of a rejected month, naming it and the semester's first and last month.
pub(crate) fn month_message(locale: Locale, raw: &str, error: &MonthError, year: SchoolYear, semester: Semester) -> String {
    match error {
        MonthError::Invalid => locale.t1("plan-error-month-invalid", "value", raw),
        MonthError::OutsideSemester(month) => {
            let months = semester.months(year);
            let first = months.first().map(|m| m.display()).unwrap_or_default();
            let last = months.last().map(|m| m.display()).unwrap_or_default();
            locale.t_args(
                "plan-error-month-outside",
                &[
                    ("month", FluentArg::Text(month.display())),
                    ("semester", FluentArg::Text(semester.roman().into())),
                    ("year", FluentArg::Text(year.to_string())),
                    ("first", FluentArg::Text(first)),
                    ("last", FluentArg::Text(last)),
                ],
            )
        }
    }
}

/// Label of an activity kind.
pub(crate) fn kind_label(locale: Locale, kind: &str) -> String {
    locale.tp("plan-kind", kind)
}

/// Label of an item status.
pub(crate) fn status_label(locale: Locale, status: &str) -> String {
    locale.tp("plan-status", status)
}

/// Formats a done share for display: `62,5 %` in Vietnamese, `62.5%` in English.
pub(crate) fn percent_label(locale: Locale, percent: f64) -> String {
    let number = locale.decimal(percent, 1);
    match locale {
        Locale::Vi => format!("{number} %"),
        Locale::En => format!("{number}%"),
    }
}

/// The query string that opens a plan's page on its semester.
pub(crate) fn plan_query(year: SchoolYear, semester: Semester) -> String {
    format!("year={year}&semester={}", semester.number())
}
