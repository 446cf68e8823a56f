//! Feedback surveys after professional-development activities: the questions of a
//! template or survey, the survey's open and close window, the answers a participant
//! types, and (in [`suppression`]) the rule that keeps small groups of answers hidden.
//!
//! A survey copies its template's questions, so editing a template later never changes
//! a survey that people have answered.

pub mod suppression;

use serde::{Deserialize, Serialize};

use crate::activity::plan::Semester;
use crate::school_year::SchoolYear;
use crate::text::normalize;

/// Points of a rating scale: 1 (lowest) to 5 (highest).
pub const SCALE_POINTS: usize = 5;
/// Maximum number of questions of a template or survey.
pub const MAX_QUESTIONS: usize = 20;
/// Maximum length of a question's text, in characters.
pub const MAX_QUESTION_CHARS: usize = 300;
/// Maximum length of one label of a rating scale, in characters.
pub const MAX_LABEL_CHARS: usize = 40;
/// Maximum length of a template's name, in characters.
pub const MAX_NAME_CHARS: usize = 120;
/// Maximum length of an answer to an open question, in characters.
pub const MAX_OPEN_ANSWER_CHARS: usize = 2000;
/// Maximum time a survey stays open.
pub const MAX_OPEN_MS: i64 = 60 * 24 * 3_600_000;
/// Time a survey stays open when the organiser does not choose: one week.
pub const DEFAULT_OPEN_MS: i64 = 7 * 24 * 3_600_000;

/// Labels of the default rating scale, from 1 to 5 (a Likert agreement scale).
pub const DEFAULT_LABELS: [&str; SCALE_POINTS] = ["Rất không đồng ý", "Không đồng ý", "Phân vân", "Đồng ý", "Rất đồng ý"];

/// Name of the template every department starts with.
pub const DEFAULT_TEMPLATE_NAME: &str = "Phiếu khảo sát sau hoạt động chuyên môn";

/// The kind of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// A rating from 1 to 5, each point with a label. Required.
    Rating,
    /// Free text. Optional.
    Open,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Rating => "rating",
            QuestionKind::Open => "open",
        }
    }

    pub fn parse(raw: &str) -> Option<QuestionKind> {
        [QuestionKind::Rating, QuestionKind::Open].into_iter().find(|kind| kind.as_str() == raw.trim())
    }
}

/// One question of a template or survey. A rating question has exactly
/// [`SCALE_POINTS`] labels; an open question has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub kind: QuestionKind,
    pub text: String,
    #[serde(default)]
    pub labels: Vec<String>,
}

/// Returns the questions of the template that ships with the product.
pub fn default_questions() -> Vec<Question> {
    let rating = |text: &str| Question {
        kind: QuestionKind::Rating,
        text: text.into(),
        labels: DEFAULT_LABELS.iter().map(|label| (*label).to_owned()).collect(),
    };
    let open = |text: &str| Question { kind: QuestionKind::Open, text: text.into(), labels: Vec::new() };
    vec![
        rating("Nội dung hoạt động thiết thực, phù hợp với nhu cầu chuyên môn của thầy/cô."),
        rating("Người trình bày truyền đạt rõ ràng, dễ hiểu."),
        rating("Thời lượng và cách tổ chức hoạt động hợp lý."),
        rating("Thầy/cô có thể vận dụng nội dung vào bài dạy của mình."),
        open("Điều thầy/cô thấy hữu ích nhất trong hoạt động này là gì?"),
        open("Thầy/cô đề xuất gì để các hoạt động sau tốt hơn?"),
    ]
}

/// A question as typed in a form or a JSON body, before checking.
#[derive(Debug, Clone, Default)]
pub struct QuestionDraft {
    pub kind: String,
    pub text: String,
    /// The labels of a rating scale; empty means the default labels.
    pub labels: Vec<String>,
}

/// Reason a question, or the list of questions, was rejected. `position` counts from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionError {
    NoQuestions,
    TooMany { count: usize },
    UnknownKind { position: usize, value: String },
    EmptyText { position: usize },
    TextTooLong { position: usize, chars: usize },
    /// A rating scale needs one label per point.
    LabelCount { position: usize, count: usize },
    LabelTooLong { position: usize, label: String },
}

impl QuestionError {
    /// Returns the Fluent id of the message shown for this error.
    pub fn message_id(&self) -> &'static str {
        match self {
            QuestionError::NoQuestions => "survey-error-no-questions",
            QuestionError::TooMany { .. } => "survey-error-too-many-questions",
            QuestionError::UnknownKind { .. } => "survey-error-question-kind",
            QuestionError::EmptyText { .. } => "survey-error-question-empty",
            QuestionError::TextTooLong { .. } => "survey-error-question-too-long",
            QuestionError::LabelCount { .. } => "survey-error-label-count",
            QuestionError::LabelTooLong { .. } => "survey-error-label-too-long",
        }
    }
}

/// Checks typed questions and returns them normalised to NFC. Drafts with neither a
/// kind nor a text are empty slots of the form and are skipped.
pub fn parse_questions(drafts: &[QuestionDraft]) -> Result<Vec<Question>, QuestionError> {
    let filled: Vec<&QuestionDraft> =
        drafts.iter().filter(|draft| !(draft.kind.trim().is_empty() && normalize(&draft.text).is_empty())).collect();
    if filled.is_empty() {
        return Err(QuestionError::NoQuestions);
    }
    if filled.len() > MAX_QUESTIONS {
        return Err(QuestionError::TooMany { count: filled.len() });
    }
    let mut questions = Vec::with_capacity(filled.len());
    for (index, draft) in filled.into_iter().enumerate() {
        questions.push(parse_question(index + 1, draft)?);
    }
    Ok(questions)
}

fn parse_question(position: usize, draft: &QuestionDraft) -> Result<Question, QuestionError> {
    // A slot with text but no kind chosen is a rating, the form's first choice.
    let kind = match draft.kind.trim() {
        "" => QuestionKind::Rating,
        raw => QuestionKind::parse(raw).ok_or_else(|| QuestionError::UnknownKind { position, value: raw.to_owned() })?,
    };
    let text = normalize(&draft.text);
    if text.is_empty() {
        return Err(QuestionError::EmptyText { position });
    }
    let chars = text.chars().count();
    if chars > MAX_QUESTION_CHARS {
        return Err(QuestionError::TextTooLong { position, chars });
    }
    let labels = match kind {
        QuestionKind::Open => Vec::new(),
        QuestionKind::Rating => parse_labels(position, &draft.labels)?,
    };
    Ok(Question { kind, text, labels })
}

fn parse_labels(position: usize, raw: &[String]) -> Result<Vec<String>, QuestionError> {
    let labels: Vec<String> = raw.iter().map(|label| normalize(label)).filter(|label| !label.is_empty()).collect();
    if labels.is_empty() {
        return Ok(DEFAULT_LABELS.iter().map(|label| (*label).to_owned()).collect());
    }
    if labels.len() != SCALE_POINTS {
        return Err(QuestionError::LabelCount { position, count: labels.len() });
    }
    if let Some(long) = labels.iter().find(|label| label.chars().count() > MAX_LABEL_CHARS) {
        return Err(QuestionError::LabelTooLong { position, label: long.clone() });
    }
    Ok(labels)
}

/// The phase of a survey at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    NotOpen,
    Open,
    Closed,
}

impl Phase {
    /// Returns the phase at `now` of a survey open from `opens_at` until (not including) `closes_at`.
    pub fn at(opens_at: i64, closes_at: i64, now: i64) -> Phase {
        if now < opens_at {
            Phase::NotOpen
        } else if now < closes_at {
            Phase::Open
        } else {
            Phase::Closed
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::NotOpen => "not_open",
            Phase::Open => "open",
            Phase::Closed => "closed",
        }
    }
}

/// Reason the open and close times of a survey were rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowError {
    /// The close time is not after the open time.
    ClosesBeforeOpening,
    /// The survey would open before its activity starts.
    OpensBeforeActivity,
    /// Open longer than [`MAX_OPEN_MS`].
    TooLong,
}

impl WindowError {
    pub fn message_id(self) -> &'static str {
        match self {
            WindowError::ClosesBeforeOpening => "survey-error-closes-before-opening",
            WindowError::OpensBeforeActivity => "survey-error-opens-before-activity",
            WindowError::TooLong => "survey-error-window-too-long",
        }
    }
}

/// Checks a survey's window (Unix ms UTC) against its activity's start.
pub fn check_window(opens_at: i64, closes_at: i64, activity_starts_at: i64) -> Result<(), WindowError> {
    if closes_at <= opens_at {
        return Err(WindowError::ClosesBeforeOpening);
    }
    if opens_at < activity_starts_at {
        return Err(WindowError::OpensBeforeActivity);
    }
    if closes_at - opens_at > MAX_OPEN_MS {
        return Err(WindowError::TooLong);
    }
    Ok(())
}

/// Returns the window a new survey gets when the organiser chooses none: from the end
/// of the activity for [`DEFAULT_OPEN_MS`].
pub fn default_window(activity_ends_at: i64) -> (i64, i64) {
    (activity_ends_at, activity_ends_at + DEFAULT_OPEN_MS)
}

/// One answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum AnswerValue {
    /// A point of the scale, 1 to 5.
    Rating(i64),
    Open(String),
}

/// Reason an answer was rejected. `position` counts questions from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// A rating question left blank.
    Missing { position: usize },
    /// Not a whole number from 1 to 5.
    InvalidRating { position: usize, value: String },
    TooLong { position: usize, chars: usize },
}

impl AnswerError {
    pub fn message_id(&self) -> &'static str {
        match self {
            AnswerError::Missing { .. } => "survey-error-answer-missing",
            AnswerError::InvalidRating { .. } => "survey-error-answer-rating",
            AnswerError::TooLong { .. } => "survey-error-answer-too-long",
        }
    }

    pub fn position(&self) -> usize {
        match self {
            AnswerError::Missing { position } | AnswerError::InvalidRating { position, .. } | AnswerError::TooLong { position, .. } => {
                *position
            }
        }
    }
}

/// Checks the typed answers, one raw text per question in the survey's order, and
/// returns every error. A blank open answer is `None`, and open text is normalised to NFC.
pub fn parse_answers(questions: &[Question], raw: &[String]) -> Result<Vec<Option<AnswerValue>>, Vec<AnswerError>> {
    let mut answers = Vec::with_capacity(questions.len());
    let mut errors = Vec::new();
    for (index, question) in questions.iter().enumerate() {
        let position = index + 1;
        let typed = raw.get(index).map(String::as_str).unwrap_or("");
        match parse_answer(question.kind, position, typed) {
            Ok(answer) => answers.push(answer),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() { Ok(answers) } else { Err(errors) }
}

fn parse_answer(kind: QuestionKind, position: usize, typed: &str) -> Result<Option<AnswerValue>, AnswerError> {
    match kind {
        QuestionKind::Rating => {
            let trimmed = typed.trim();
            if trimmed.is_empty() {
                return Err(AnswerError::Missing { position });
            }
            match trimmed.parse::<i64>() {
                Ok(point) if (1..=SCALE_POINTS as i64).contains(&point) => Ok(Some(AnswerValue::Rating(point))),
                _ => Err(AnswerError::InvalidRating { position, value: trimmed.to_owned() }),
            }
        }
        QuestionKind::Open => {
            let text = normalize(typed);
            let chars = text.chars().count();
            if chars > MAX_OPEN_ANSWER_CHARS {
                return Err(AnswerError::TooLong { position, chars });
            }
            Ok((!text.is_empty()).then_some(AnswerValue::Open(text)))
        }
    }
}

/// Returns the semester after this one: semester II of the same year after semester I,
/// semester I of the next year after semester II. Action items target it by default.
pub fn next_semester(year: SchoolYear, semester: Semester) -> (SchoolYear, Semester) {
    match semester {
        Semester::First => (year, Semester::Second),
        Semester::Second => (year.next(), Semester::First),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(kind: &str, text: &str, labels: &[&str]) -> QuestionDraft {
        QuestionDraft { kind: kind.into(), text: text.into(), labels: labels.iter().map(|l| (*l).to_owned()).collect() }
    }

    #[test]
    fn default_template_is_valid() {
        let drafts: Vec<QuestionDraft> = default_questions()
            .into_iter()
            .map(|q| QuestionDraft { kind: q.kind.as_str().into(), text: q.text, labels: q.labels })
            .collect();
        assert_eq!(parse_questions(&drafts).map(|q| q.len()), Ok(6));
    }

    #[test]
    fn questions_skip_empty_slots_and_fill_labels() {
        let questions = parse_questions(&[draft("", "", &[]), draft("rating", "Nội dung hữu ích", &[]), draft("open", "Góp ý", &[])])
            .expect("valid");
        assert_eq!(questions.len(), 2);
        assert_eq!(questions[0].labels.len(), SCALE_POINTS);
        assert!(questions[1].labels.is_empty());
    }

    #[test]
    fn questions_reject_each_bad_value() {
        assert_eq!(parse_questions(&[draft("", " ", &[])]), Err(QuestionError::NoQuestions));
        assert_eq!(
            parse_questions(&[draft("thang-diem", "Câu hỏi", &[])]),
            Err(QuestionError::UnknownKind { position: 1, value: "thang-diem".into() })
        );
        assert_eq!(parse_questions(&[draft("open", " ", &[])]), Err(QuestionError::EmptyText { position: 1 }));
        assert_eq!(
            parse_questions(&[draft("rating", "Câu hỏi", &["Kém", "Tốt"])]),
            Err(QuestionError::LabelCount { position: 1, count: 2 })
        );
        let long = "a".repeat(MAX_QUESTION_CHARS + 1);
        assert_eq!(
            parse_questions(&[draft("open", &long, &[])]),
            Err(QuestionError::TextTooLong { position: 1, chars: MAX_QUESTION_CHARS + 1 })
        );
        let many: Vec<QuestionDraft> = (0..=MAX_QUESTIONS).map(|i| draft("open", &format!("Câu {i}"), &[])).collect();
        assert_eq!(parse_questions(&many), Err(QuestionError::TooMany { count: MAX_QUESTIONS + 1 }));
    }

    #[test]
    fn question_text_is_stored_nfc() {
        let decomposed = "Ho\u{0300}a nhâ\u{0323}p";
        let questions = parse_questions(&[draft("open", decomposed, &[])]).expect("valid");
        assert_eq!(questions[0].text, "Hòa nhập");
    }

    #[test]
    fn phase_follows_the_window() {
        assert_eq!(Phase::at(10, 20, 9), Phase::NotOpen);
        assert_eq!(Phase::at(10, 20, 10), Phase::Open);
        assert_eq!(Phase::at(10, 20, 20), Phase::Closed);
    }

    #[test]
    fn window_rules() {
        assert_eq!(check_window(10, 10, 0), Err(WindowError::ClosesBeforeOpening));
        assert_eq!(check_window(5, 10, 6), Err(WindowError::OpensBeforeActivity));
        assert_eq!(check_window(0, MAX_OPEN_MS + 1, 0), Err(WindowError::TooLong));
        assert_eq!(check_window(6, 10, 6), Ok(()));
    }

    #[test]
    fn answers_report_every_error() {
        let questions = default_questions();
        let mut raw: Vec<String> = vec!["5".into(), "".into(), "9".into(), "bốn".into(), "Rất hay".into(), "".into()];
        let errors = parse_answers(&questions, &raw).expect_err("invalid");
        assert_eq!(
            errors,
            vec![
                AnswerError::Missing { position: 2 },
                AnswerError::InvalidRating { position: 3, value: "9".into() },
                AnswerError::InvalidRating { position: 4, value: "bốn".into() },
            ]
        );
        raw[1] = "4".into();
        raw[2] = "3".into();
        raw[3] = " 1 ".into();
        let answers = parse_answers(&questions, &raw).expect("valid");
        assert_eq!(answers[3], Some(AnswerValue::Rating(1)));
        assert_eq!(answers[4], Some(AnswerValue::Open("Rất hay".into())));
        assert_eq!(answers[5], None);
    }

    #[test]
    fn open_answer_has_a_limit() {
        let questions = vec![Question { kind: QuestionKind::Open, text: "Góp ý".into(), labels: Vec::new() }];
        let long = "x".repeat(MAX_OPEN_ANSWER_CHARS + 1);
        assert_eq!(
            parse_answers(&questions, &[long]),
            Err(vec![AnswerError::TooLong { position: 1, chars: MAX_OPEN_ANSWER_CHARS + 1 }])
        );
    }

    #[test]
    fn next_semester_crosses_years() {
        let year = SchoolYear::starting(2026).unwrap();
        assert_eq!(next_semester(year, Semester::First), (year, Semester::Second));
        assert_eq!(next_semester(year, Semester::Second), (SchoolYear::starting(2027).unwrap(), Semester::First));
    }
}
