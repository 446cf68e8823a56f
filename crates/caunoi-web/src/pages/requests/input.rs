//! Parsing of what people type into requests, replies and answers, shared by the
//! screens and the API. Text is normalised to NFC; a body keeps its line breaks.

use caunoi_core::request_status::RequestStatus;
use caunoi_core::text::normalize;
use caunoi_db::requests::RequestCategory;

use crate::error::AppError;
use crate::i18n::{FluentArg, Locale};

/// Maximum length of a request's title, in characters.
pub(crate) const MAX_TITLE_CHARS: usize = 200;
/// Maximum length of the text of a request, reply or published answer, in characters.
pub(crate) const MAX_BODY_CHARS: usize = 10_000;
/// Maximum length of the note of a change of status or an escalation, in characters.
pub(crate) const MAX_NOTE_CHARS: usize = 2_000;
/// Maximum length of the question of a published answer, in characters.
pub(crate) const MAX_QUESTION_CHARS: usize = 500;

/// A form field of this area, for its error message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    Body,
    Note,
    Question,
    Answer,
}

impl Field {
    /// Message ids of a missing and a too long value.
    fn message_ids(self) -> (&'static str, &'static str) {
        match self {
            Field::Title => ("requests-error-title-missing", "requests-error-title-long"),
            Field::Body => ("requests-error-body-missing", "requests-error-body-long"),
            Field::Note => ("requests-error-note-missing", "requests-error-note-long"),
            Field::Question => ("requests-error-question-missing", "requests-error-question-long"),
            Field::Answer => ("requests-error-answer-missing", "requests-error-answer-long"),
        }
    }
}

/// Reason a text field was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextProblem {
    Missing,
    TooLong { length: usize, max: usize },
}

impl TextProblem {
    /// Returns the message naming the field and the fix.
    pub(crate) fn message(self, field: Field, locale: Locale) -> String {
        let (id, args) = self.message_id(field);
        locale.t_args(id, &args)
    }

    /// Returns the 400 of the API for this problem.
    pub(crate) fn to_error(self, field: Field) -> AppError {
        let (message_id, args) = self.message_id(field);
        AppError::BadRequest { message_id, args }
    }

    fn message_id(self, field: Field) -> (&'static str, Vec<(&'static str, FluentArg)>) {
        let (missing, long) = field.message_ids();
        match self {
            TextProblem::Missing => (missing, Vec::new()),
            TextProblem::TooLong { length, max } => {
                (long, vec![("length", FluentArg::Number(count(length))), ("max", FluentArg::Number(count(max)))])
            }
        }
    }
}

/// A rejected choice: the message id and the value it names, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejection {
    id: &'static str,
    value: Option<String>,
}

impl Rejection {
    fn missing(id: &'static str) -> Rejection {
        Rejection { id, value: None }
    }

    fn invalid(id: &'static str, value: &str) -> Rejection {
        Rejection { id, value: Some(value.to_owned()) }
    }

    pub(crate) fn message(&self, locale: Locale) -> String {
        match &self.value {
            Some(value) => locale.t1(self.id, "value", value),
            None => locale.t(self.id),
        }
    }

    /// Returns the 400 of the API for this rejection.
    pub(crate) fn to_error(&self) -> AppError {
        match &self.value {
            Some(value) => AppError::bad_value(self.id, value.clone()),
            None => AppError::bad_request(self.id),
        }
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn check_length(text: String, max: usize, required: bool) -> Result<String, TextProblem> {
    let length = text.chars().count();
    if required && text.is_empty() {
        Err(TextProblem::Missing)
    } else if length > max {
        Err(TextProblem::TooLong { length, max })
    } else {
        Ok(text)
    }
}

/// Parses a one-line text: NFC, spaces collapsed, required.
pub(crate) fn line(raw: &str, max: usize) -> Result<String, TextProblem> {
    check_length(normalize(raw), max, true)
}

/// Parses a text of paragraphs; `required` rejects an empty one.
pub(crate) fn paragraphs(raw: &str, max: usize, required: bool) -> Result<String, TextProblem> {
    check_length(normalize_paragraphs(raw), max, required)
}

/// Normalises each line like a one-line field and keeps the line breaks, with at most
/// one blank line between paragraphs and none at either end.
pub(crate) fn normalize_paragraphs(raw: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in raw.split('\n') {
        let line = normalize(line);
        if line.is_empty() && lines.last().is_none_or(|last| last.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|last| last.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Parses a category code.
pub(crate) fn category(raw: &str) -> Result<RequestCategory, Rejection> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Rejection::missing("requests-error-category-missing"));
    }
    RequestCategory::parse(raw).ok_or_else(|| Rejection::invalid("requests-error-category", raw))
}

/// Parses a status code.
pub(crate) fn status(raw: &str) -> Result<RequestStatus, Rejection> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Rejection::missing("requests-error-status-missing"));
    }
    RequestStatus::parse(raw).ok_or_else(|| Rejection::invalid("requests-error-status", raw))
}

/// Reads a checkbox or JSON-ish flag: checked boxes send `1`, `on` or `true`.
pub(crate) fn flag(raw: &str) -> bool {
    matches!(raw.trim(), "1" | "on" | "true" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_keep_line_breaks() {
        let text = "  Dòng một  \r\n\r\n\r\nDòng\thai\n\n";
        assert_eq!(normalize_paragraphs(text), "Dòng một\n\nDòng hai");
        assert_eq!(normalize_paragraphs("\n \n"), "");
    }

    #[test]
    fn lengths_are_checked() {
        assert_eq!(line("  ", 10), Err(TextProblem::Missing));
        assert_eq!(line("abcdef", 5), Err(TextProblem::TooLong { length: 6, max: 5 }));
        assert_eq!(paragraphs("", 5, false), Ok(String::new()));
        // Length counts characters, not bytes: "ệ" is three bytes.
        assert_eq!(line("ệệệ", 3), Ok("ệệệ".to_owned()));
    }

    #[test]
    fn categories_parse() {
        assert_eq!(category("facilities"), Ok(RequestCategory::Facilities));
        assert_eq!(category("xyz").unwrap_err().message(Locale::Vi), "Không có lĩnh vực “xyz”. Hãy chọn một lĩnh vực trong danh sách.");
        assert_eq!(category(" "), Err(Rejection::missing("requests-error-category-missing")));
    }
}
