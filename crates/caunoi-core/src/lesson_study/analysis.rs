//! Step 3: analysing the lesson. Each observer fills in one form: a comment per
//! criterion and, when the criteria define a scale, a rating. The organiser's side
//! writes the summary: the group's conclusions and the lessons to apply in the next
//! lessons (step 4). Closing the summary freezes the forms.
//!
//! The default criteria are the 12 of `reference-data/rules/lesson_analysis_criteria.csv`
//! (Official Dispatch 5555/BGDĐT-GDTrH, reused under 5512/BGDĐT-GDTrH). An activity may
//! replace them with its own list.

use serde::{Deserialize, Serialize};

use super::{FieldProblem, Problem, checked_text};

/// Maximum length of a criterion or group label, in characters.
pub const MAX_CRITERION: usize = 500;
/// Maximum number of criteria on one form.
pub const MAX_CRITERIA: usize = 40;
/// Maximum length of a comment on one criterion, in characters.
pub const MAX_COMMENT: usize = 3_000;
/// Maximum length of the conclusions, and of the lessons to apply, in characters.
pub const MAX_SUMMARY: usize = 20_000;
/// Maximum length of the secretary's name, in characters.
pub const MAX_SECRETARY: usize = 120;

/// One criterion of the analysis form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Criterion {
    /// Stable key that answers refer to: `moet-N` for the defaults, `custom-N` for a
    /// criterion the group wrote.
    pub key: String,
    pub group: String,
    pub text: String,
    /// English rendering, when the source gives one.
    pub group_en: String,
    pub text_en: String,
    /// Source of the criterion, empty for the group's own.
    pub source: String,
    /// Highest rating (ratings run from 1); `None` when the criterion takes a comment only.
    pub rating_max: Option<i64>,
}

/// Parses the criteria as typed on the organiser's form: one criterion per line, and a
/// line starting with `#` opens a group. A line equal to a default criterion keeps
/// that criterion's key, English text, source and scale.
pub fn parse_criteria(raw: &str, defaults: &[Criterion]) -> Result<Vec<Criterion>, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut criteria: Vec<Criterion> = Vec::new();
    let mut group = String::new();
    let mut custom = 0;

    for line in raw.lines() {
        let line = checked_text("criteria", line, MAX_CRITERION, false, false, &mut problems);
        if line.is_empty() {
            continue;
        }
        if let Some(heading) = line.strip_prefix('#') {
            group = heading.trim().to_owned();
            continue;
        }
        match defaults.iter().find(|d| d.text == line) {
            Some(default) => criteria.push(Criterion { group: group.clone(), ..default.clone() }),
            None => {
                custom += 1;
                criteria.push(Criterion { key: format!("custom-{custom}"), group: group.clone(), text: line, ..Criterion::default() });
            }
        }
    }

    if criteria.is_empty() && problems.is_empty() {
        problems.push(FieldProblem::new("criteria", Problem::Missing));
    }
    if criteria.len() > MAX_CRITERIA {
        problems.push(FieldProblem::new("criteria", Problem::OutOfRange { value: criteria.len().to_string(), min: 1, max: MAX_CRITERIA as i64 }));
    }
    // A repeated line would get two keys (custom) or one key twice (a default), and the
    // group would answer the same question twice.
    let repeated = criteria.iter().enumerate().find(|(index, c)| criteria[..*index].iter().any(|earlier| earlier.text == c.text));
    if let Some((_, criterion)) = repeated {
        problems.push(FieldProblem::new("criteria", Problem::Invalid { value: criterion.text.clone() }));
    }
    if problems.is_empty() { Ok(criteria) } else { Err(problems) }
}

/// Writes criteria back as the organiser's form shows them.
pub fn criteria_text(criteria: &[Criterion]) -> String {
    let mut lines = Vec::new();
    let mut group: Option<&str> = None;
    for criterion in criteria {
        if group != Some(criterion.group.as_str()) && !criterion.group.is_empty() {
            lines.push(format!("# {}", criterion.group));
        }
        group = Some(criterion.group.as_str());
        lines.push(criterion.text.clone());
    }
    lines.join("\n")
}

/// An observer's answer on one criterion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answer {
    pub criterion: String,
    pub comment: String,
    pub rating: Option<i64>,
}

/// Returns the form keys of a criterion's comment and rating.
pub fn comment_field(key: &str) -> String {
    format!("comment_{key}")
}

pub fn rating_field(key: &str) -> String {
    format!("rating_{key}")
}

/// Parses one observer's form. At least one comment must be written: a form of empty
/// answers tells the group nothing. On rejection the cleaned answers come back too.
pub fn parse_answers<'a>(criteria: &[Criterion], field: impl Fn(&str) -> &'a str) -> Result<Vec<Answer>, (Vec<Answer>, Vec<FieldProblem>)> {
    let mut problems = Vec::new();
    let mut answers = Vec::new();
    for criterion in criteria {
        let comment_key = comment_field(&criterion.key);
        let comment = checked_text(&comment_key, field(&comment_key), MAX_COMMENT, false, true, &mut problems);
        let rating_key = rating_field(&criterion.key);
        let raw_rating = field(&rating_key).trim();
        let rating = match (criterion.rating_max, raw_rating) {
            (_, "") | (None, _) => None,
            (Some(max), raw) => match raw.parse::<i64>() {
                Ok(n) if (1..=max).contains(&n) => Some(n),
                _ => {
                    problems.push(FieldProblem::new(rating_key, Problem::OutOfRange { value: raw.to_owned(), min: 1, max }));
                    None
                }
            },
        };
        answers.push(Answer { criterion: criterion.key.clone(), comment, rating });
    }
    if answers.iter().all(|a| a.comment.is_empty()) && !criteria.is_empty() {
        problems.push(FieldProblem::new(comment_field(&criteria[0].key), Problem::Missing));
    }
    if problems.is_empty() { Ok(answers) } else { Err((answers, problems)) }
}

/// The group's conclusions (step 3), the lessons it will apply (step 4), and the
/// secretary who signs the minutes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub conclusions: String,
    pub lessons_to_apply: String,
    /// Empty leaves the secretary's name to be written on the printed minutes.
    pub secretary: String,
}

/// Parses the summary form. The conclusions and the lessons to apply are required, the
/// secretary's name is optional.
pub fn parse_summary(conclusions: &str, lessons_to_apply: &str, secretary: &str) -> Result<Summary, (Summary, Vec<FieldProblem>)> {
    let mut problems = Vec::new();
    let summary = Summary {
        conclusions: checked_text("conclusions", conclusions, MAX_SUMMARY, true, true, &mut problems),
        lessons_to_apply: checked_text("lessons_to_apply", lessons_to_apply, MAX_SUMMARY, true, true, &mut problems),
        secretary: checked_text("secretary", secretary, MAX_SECRETARY, false, false, &mut problems),
    };
    if problems.is_empty() { Ok(summary) } else { Err((summary, problems)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Vec<Criterion> {
        vec![
            Criterion { key: "moet-1".into(), group: "Kế hoạch".into(), text: "Mục tiêu rõ ràng".into(), source: "CV 5555".into(), ..Criterion::default() },
            Criterion { key: "moet-2".into(), group: "Kế hoạch".into(), text: "Học liệu phù hợp".into(), source: "CV 5555".into(), rating_max: Some(4), ..Criterion::default() },
        ]
    }

    #[test]
    fn criteria_round_trip_and_keep_sources() {
        let text = criteria_text(&defaults());
        assert_eq!(text, "# Kế hoạch\nMục tiêu rõ ràng\nHọc liệu phù hợp");
        let parsed = parse_criteria(&format!("{text}\n# Học sinh\nHọc sinh hợp tác"), &defaults()).expect("valid");
        assert_eq!(parsed[0].source, "CV 5555");
        assert_eq!(parsed[2], Criterion { key: "custom-1".into(), group: "Học sinh".into(), text: "Học sinh hợp tác".into(), ..Criterion::default() });
    }

    #[test]
    fn criteria_reject_empty_and_repeated() {
        assert_eq!(parse_criteria(" \n# Nhóm\n", &defaults()).unwrap_err()[0].problem, Problem::Missing);
        let repeated = parse_criteria("Mục tiêu rõ ràng\nMục tiêu rõ ràng", &defaults()).unwrap_err();
        assert_eq!(repeated[0].problem, Problem::Invalid { value: "Mục tiêu rõ ràng".into() });
        let repeated_own = parse_criteria("Hợp tác\n# Nhóm\nHợp tác", &defaults()).unwrap_err();
        assert_eq!(repeated_own[0].problem, Problem::Invalid { value: "Hợp tác".into() });
    }

    #[test]
    fn answers_need_one_comment_and_valid_ratings() {
        let criteria = defaults();
        let (_, problems) = parse_answers(&criteria, |_| "").expect_err("empty form");
        assert_eq!(problems[0], FieldProblem::new("comment_moet-1", Problem::Missing));
        let (answers, problems) = parse_answers(&criteria, |key| match key {
            "comment_moet-1" => "Tốt",
            "rating_moet-2" => "5",
            _ => "",
        })
        .expect_err("rating out of range");
        assert_eq!(answers[0].comment, "Tốt");
        assert_eq!(problems[0].problem, Problem::OutOfRange { value: "5".into(), min: 1, max: 4 });
        let answers = parse_answers(&criteria, |key| if key == "rating_moet-2" { "3" } else { "Được" }).expect("valid");
        assert_eq!(answers[1].rating, Some(3));
        // A rating on a comment-only criterion is ignored rather than stored.
        let answers = parse_answers(&criteria, |key| match key {
            "rating_moet-1" => "9",
            "rating_moet-2" => "",
            _ => "x",
        })
        .expect("valid");
        assert_eq!(answers[0].rating, None);
    }

    #[test]
    fn summary_needs_both_parts() {
        let (summary, problems) = parse_summary("Học sinh tích cực", " ", "Lê Thư").expect_err("missing");
        assert_eq!(summary.conclusions, "Học sinh tích cực");
        assert_eq!(problems, vec![FieldProblem::new("lessons_to_apply", Problem::Missing)]);
    }
}
