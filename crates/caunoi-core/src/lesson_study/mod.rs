//! Lesson study (nghiên cứu bài học) on an activity of kind `lesson_study`, in MOET's
//! four steps. (1) The group designs a lesson plan together. (2) One teacher teaches it
//! while colleagues observe how students learn. (3) The group reflects on and analyses
//! the lesson. (4) It applies what it learned to the next lessons.
//!
//! The step list and its sources are in `reference-data/rules/lesson_study_steps.csv`.
//! This module holds the parsing rules of each step's records; storage is in
//! `caunoi_db::lesson_study`.

pub mod analysis;
pub mod observation;
pub mod plan;

use serde::{Deserialize, Serialize};

use crate::text::normalize;

/// Reason for rejecting one typed value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// A required value is empty.
    Missing,
    /// Longer than allowed, in characters.
    TooLong { length: usize, max: usize },
    /// Not a value of the expected form; the message names the value and the form.
    Invalid { value: String },
    /// A number outside its range.
    OutOfRange { value: String, min: i64, max: i64 },
}

/// A rejected value and the form field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
}

impl FieldProblem {
    pub fn new(field: impl Into<String>, problem: Problem) -> FieldProblem {
        FieldProblem { field: field.into(), problem }
    }
}

/// Normalises typed text to NFC. A one-line value has its whitespace collapsed; text
/// with paragraphs keeps its line breaks, with runs of blank lines cut to one.
pub fn clean_text(raw: &str, multiline: bool) -> String {
    if !multiline {
        return normalize(raw);
    }
    let mut lines: Vec<String> = Vec::new();
    for line in raw.lines().map(normalize) {
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

/// Cleans a value with [`clean_text`] and records a problem when it is missing or
/// longer than `max` characters. The cleaned value is returned either way, so that a
/// rejected form can show it again.
pub fn checked_text(field: &str, raw: &str, max: usize, required: bool, multiline: bool, problems: &mut Vec<FieldProblem>) -> String {
    let value = clean_text(raw, multiline);
    let length = value.chars().count();
    if required && length == 0 {
        problems.push(FieldProblem::new(field, Problem::Missing));
    } else if length > max {
        problems.push(FieldProblem::new(field, Problem::TooLong { length, max }));
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiline_text_keeps_paragraphs() {
        assert_eq!(clean_text("  Mo\u{302}\u{323}t  \r\n\r\n\r\nHai\n\n", true), "Một\n\nHai");
        assert_eq!(clean_text("Một\nHai", false), "Một Hai");
    }

    #[test]
    fn checked_text_reports_missing_and_long() {
        let mut problems = Vec::new();
        checked_text("title", "  ", 10, true, false, &mut problems);
        let long = checked_text("note", "abcdef", 3, false, false, &mut problems);
        assert_eq!(long, "abcdef");
        assert_eq!(problems[0], FieldProblem::new("title", Problem::Missing));
        assert_eq!(problems[1], FieldProblem::new("note", Problem::TooLong { length: 6, max: 3 }));
    }
}
