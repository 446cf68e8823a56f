//! Parsing of what organisers and respondents type into survey forms, shared by the
//! screens and the API. Every rejected value becomes a [`Problem`] naming the value
//! and the fix.

use caunoi_core::survey::{self, AnswerError, Question, QuestionDraft, QuestionError, WindowError};
use caunoi_db::surveys::SurveySettings;
use serde::Deserialize;

use crate::i18n::{FluentArg, Locale};
use crate::pages::directives::input::{Problem, Problems, parse_date, parse_time, vietnam_instant};

/// Number of question slots the template form shows.
pub(crate) const QUESTION_SLOTS: usize = 12;

/// The settings form of a survey: its template (when attaching), window and anonymity.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub template: String,
    #[serde(default)]
    pub opens_date: String,
    #[serde(default)]
    pub opens_time: String,
    #[serde(default)]
    pub closes_date: String,
    #[serde(default)]
    pub closes_time: String,
    /// `on` when the box is ticked; browsers send nothing when it is not.
    #[serde(default)]
    pub anonymous: Option<String>,
}

/// Reads a date and time typed in Vietnam time into Unix ms.
fn instant(field: &'static str, date: &str, time: &str, problems: &mut Problems) -> Option<i64> {
    let (date, time) = (date.trim(), time.trim());
    if date.is_empty() {
        problems.push(Problem::new(field, "survey-error-date-missing"));
        return None;
    }
    let parsed_date = parse_date(date);
    if parsed_date.is_none() {
        problems.push(Problem::new(field, "survey-error-date").with("value", date));
    }
    let parsed_time = if time.is_empty() {
        parse_time("00:00")
    } else {
        let parsed = parse_time(time);
        if parsed.is_none() {
            problems.push(Problem::new(field, "survey-error-time").with("value", time));
        }
        parsed
    };
    Some(vietnam_instant(parsed_date?, parsed_time?))
}

/// Parses the window and anonymity, checked against the activity's start.
pub(crate) fn parse_settings(form: &SettingsForm, activity_starts_at: i64) -> Result<SurveySettings, Problems> {
    let mut problems = Problems::default();
    let opens_at = instant("opens", &form.opens_date, &form.opens_time, &mut problems);
    let closes_at = instant("closes", &form.closes_date, &form.closes_time, &mut problems);
    let anonymous = form.anonymous.as_deref().is_some_and(|value| !value.trim().is_empty() && value != "0" && value != "false");
    if let (Some(opens_at), Some(closes_at)) = (opens_at, closes_at) {
        if let Err(error) = survey::check_window(opens_at, closes_at, activity_starts_at) {
            let field = if error == WindowError::OpensBeforeActivity { "opens" } else { "closes" };
            let mut problem = Problem::new(field, error.message_id());
            if error == WindowError::OpensBeforeActivity {
                problem = problem.with("start", crate::i18n::datetime(activity_starts_at));
            }
            problems.push(problem.with_number("days", survey::MAX_OPEN_MS / (24 * 3_600_000)));
        }
        if problems.is_empty() {
            return Ok(SurveySettings { opens_at, closes_at, anonymous });
        }
    }
    Err(problems)
}

/// Returns the message of a rejected question, naming its position and value.
pub(crate) fn question_message(locale: Locale, error: &QuestionError) -> String {
    let args: Vec<(&str, FluentArg)> = match error {
        QuestionError::NoQuestions => Vec::new(),
        QuestionError::TooMany { count } => {
            vec![("count", FluentArg::Number(*count as i64)), ("max", FluentArg::Number(survey::MAX_QUESTIONS as i64))]
        }
        QuestionError::UnknownKind { position, value } => {
            vec![("position", FluentArg::Number(*position as i64)), ("value", FluentArg::Text(value.clone()))]
        }
        QuestionError::EmptyText { position } => vec![("position", FluentArg::Number(*position as i64))],
        QuestionError::TextTooLong { position, chars } => vec![
            ("position", FluentArg::Number(*position as i64)),
            ("chars", FluentArg::Number(*chars as i64)),
            ("max", FluentArg::Number(survey::MAX_QUESTION_CHARS as i64)),
        ],
        QuestionError::LabelCount { position, count } => {
            vec![("position", FluentArg::Number(*position as i64)), ("count", FluentArg::Number(*count as i64))]
        }
        QuestionError::LabelTooLong { position, label } => vec![
            ("position", FluentArg::Number(*position as i64)),
            ("value", FluentArg::Text(label.clone())),
            ("max", FluentArg::Number(survey::MAX_LABEL_CHARS as i64)),
        ],
    };
    locale.t_args(error.message_id(), &args)
}

/// Returns the message of a rejected answer, naming the question and the value.
pub(crate) fn answer_message(locale: Locale, error: &AnswerError) -> String {
    let mut args = vec![("position", FluentArg::Number(error.position() as i64))];
    match error {
        AnswerError::Missing { .. } => {}
        AnswerError::InvalidRating { value, .. } => args.push(("value", FluentArg::Text(value.clone()))),
        AnswerError::TooLong { chars, .. } => {
            args.push(("chars", FluentArg::Number(*chars as i64)));
            args.push(("max", FluentArg::Number(survey::MAX_OPEN_ANSWER_CHARS as i64)));
        }
    }
    locale.t_args(error.message_id(), &args)
}

/// Reads the answers of a submitted form, whose fields are named `q0`, `q1` and so on,
/// into one raw text per question.
pub(crate) fn answers_of_form(fields: &[(String, String)], questions: &[Question]) -> Vec<String> {
    (0..questions.len())
        .map(|index| {
            let name = format!("q{index}");
            fields.iter().find(|(field, _)| *field == name).map(|(_, value)| value.clone()).unwrap_or_default()
        })
        .collect()
}

/// Reads the template form: its name and the question slots `kind_N`, `text_N` and
/// `labels_N` (labels separated by `;`).
pub(crate) fn question_drafts(fields: &[(String, String)]) -> (String, Vec<QuestionDraft>) {
    let value = |name: &str| fields.iter().find(|(field, _)| field == name).map(|(_, value)| value.clone()).unwrap_or_default();
    let drafts = (0..QUESTION_SLOTS)
        .map(|index| QuestionDraft {
            kind: value(&format!("kind_{index}")),
            text: value(&format!("text_{index}")),
            labels: value(&format!("labels_{index}")).split(';').map(str::to_owned).collect(),
        })
        .collect();
    (value("name"), drafts)
}

/// Checks a template's name: not blank, at most [`survey::MAX_NAME_CHARS`] characters.
pub(crate) fn template_name(raw: &str, locale: Locale) -> Result<String, String> {
    let name = caunoi_core::text::normalize(raw);
    if name.is_empty() {
        return Err(locale.t("survey-error-template-name-missing"));
    }
    let chars = name.chars().count();
    if chars > survey::MAX_NAME_CHARS {
        return Err(locale.t_args(
            "survey-error-template-name-long",
            &[("chars", FluentArg::Number(chars as i64)), ("max", FluentArg::Number(survey::MAX_NAME_CHARS as i64))],
        ));
    }
    Ok(name)
}
