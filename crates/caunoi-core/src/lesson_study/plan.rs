//! Step 1: the lesson plan (kế hoạch bài dạy) in the frame of Official Dispatch
//! 5512/BGDĐT-GDTrH (18 Dec 2020), Appendix IV: a header; I. objectives (knowledge,
//! competences, qualities); II. equipment and learning materials; III. four learning
//! activities (opening, forming new knowledge, practice, application), each with an
//! objective, content, product and organisation. The frame is summarised in
//! `reference-data/rules/lesson_plan_5512_appendix_iv.md`.

use serde::{Deserialize, Serialize};

use super::{FieldProblem, Problem, checked_text};

/// Maximum length of a one-line header value, in characters.
pub const MAX_HEADER: usize = 200;
/// Maximum length of the lesson title, in characters.
pub const MAX_TITLE: usize = 300;
/// Maximum length of a section of text (an objective, the equipment, one part of an
/// activity), in characters.
pub const MAX_SECTION: usize = 10_000;
/// Maximum length of the note of a saved version, in characters.
pub const MAX_NOTE: usize = 500;
/// Periods a plan may cover: the appendix lets one plan span several periods.
pub const MAX_PERIODS: i64 = 20;

/// The four learning activities of section III, in teaching order.
pub const ACTIVITY_KEYS: [&str; 4] = ["opening", "new_knowledge", "practice", "application"];
/// The four sub-items of every activity: a) objective, b) content, c) product,
/// d) organisation.
pub const PART_KEYS: [&str; 4] = ["objective", "content", "product", "organisation"];

/// One learning activity of section III.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanActivity {
    /// A name showing the activity's result, which the appendix expects of activities 1 and 2.
    pub name: String,
    pub objective: String,
    pub content: String,
    pub product: String,
    pub organisation: String,
}

impl PlanActivity {
    fn part(&self, key: &str) -> &str {
        match key {
            "name" => &self.name,
            "objective" => &self.objective,
            "content" => &self.content,
            "product" => &self.product,
            _ => &self.organisation,
        }
    }
}

/// A lesson plan as stored in one version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LessonPlan {
    pub school: String,
    pub subject_group: String,
    pub teacher: String,
    pub title: String,
    pub subject: String,
    /// Grade or class, such as `9` or `9A2`.
    pub grade: String,
    /// Number of periods; `None` until the group decides.
    pub periods: Option<i64>,
    pub knowledge: String,
    pub competences: String,
    pub qualities: String,
    pub equipment: String,
    pub activities: [PlanActivity; 4],
}

/// Header fields: key and maximum length.
const HEADER_FIELDS: [(&str, usize); 6] = [
    ("school", MAX_HEADER),
    ("subject_group", MAX_HEADER),
    ("teacher", MAX_HEADER),
    ("title", MAX_TITLE),
    ("subject", MAX_HEADER),
    ("grade", 50),
];
const SECTION_FIELDS: [&str; 4] = ["knowledge", "competences", "qualities", "equipment"];

/// Returns the form key of one part of activity `index` (0 to 3), such as
/// `activity2_product`.
pub fn activity_field(index: usize, part: &str) -> String {
    format!("activity{}_{part}", index + 1)
}

/// Lists every field key of the plan, in the order of the form and of a comparison.
pub fn field_keys() -> Vec<String> {
    let mut keys: Vec<String> = HEADER_FIELDS.iter().map(|(key, _)| (*key).to_owned()).collect();
    keys.push("periods".into());
    keys.extend(SECTION_FIELDS.iter().map(|key| (*key).to_owned()));
    for index in 0..ACTIVITY_KEYS.len() {
        keys.push(activity_field(index, "name"));
        keys.extend(PART_KEYS.iter().map(|part| activity_field(index, part)));
    }
    keys
}

impl LessonPlan {
    /// Returns the text of one field by its form key, or `None` for an unknown key.
    pub fn value(&self, key: &str) -> Option<String> {
        Some(match key {
            "school" => self.school.clone(),
            "subject_group" => self.subject_group.clone(),
            "teacher" => self.teacher.clone(),
            "title" => self.title.clone(),
            "subject" => self.subject.clone(),
            "grade" => self.grade.clone(),
            "periods" => self.periods.map(|p| p.to_string()).unwrap_or_default(),
            "knowledge" => self.knowledge.clone(),
            "competences" => self.competences.clone(),
            "qualities" => self.qualities.clone(),
            "equipment" => self.equipment.clone(),
            _ => {
                let (activity, part) = key.strip_prefix("activity")?.split_once('_')?;
                let index = activity.parse::<usize>().ok()?.checked_sub(1)?;
                self.activities.get(index)?.part(part).to_owned()
            }
        })
    }

    /// Parses the fields of the plan form. `field` returns the raw text of a key, or
    /// an empty string. Only the title is required, so that a first draft may be
    /// partial. On rejection the problems come with the cleaned plan, to show again.
    #[expect(clippy::result_large_err, reason = "the rejected plan comes back whole so the form can show it again, once per request")]
    pub fn parse<'a>(field: impl Fn(&str) -> &'a str) -> Result<LessonPlan, (LessonPlan, Vec<FieldProblem>)> {
        let mut problems = Vec::new();
        let mut plan = LessonPlan::default();
        for (key, max) in HEADER_FIELDS {
            let value = checked_text(key, field(key), max, key == "title", false, &mut problems);
            match key {
                "school" => plan.school = value,
                "subject_group" => plan.subject_group = value,
                "teacher" => plan.teacher = value,
                "title" => plan.title = value,
                "subject" => plan.subject = value,
                _ => plan.grade = value,
            }
        }
        let periods = field("periods").trim();
        if !periods.is_empty() {
            match periods.parse::<i64>() {
                Ok(n) if (1..=MAX_PERIODS).contains(&n) => plan.periods = Some(n),
                _ => problems.push(FieldProblem::new(
                    "periods",
                    Problem::OutOfRange { value: periods.to_owned(), min: 1, max: MAX_PERIODS },
                )),
            }
        }
        for key in SECTION_FIELDS {
            let value = checked_text(key, field(key), MAX_SECTION, false, true, &mut problems);
            match key {
                "knowledge" => plan.knowledge = value,
                "competences" => plan.competences = value,
                "qualities" => plan.qualities = value,
                _ => plan.equipment = value,
            }
        }
        for (index, activity) in plan.activities.iter_mut().enumerate() {
            activity.name = checked_text(&activity_field(index, "name"), field(&activity_field(index, "name")), MAX_HEADER, false, false, &mut problems);
            for part in PART_KEYS {
                let key = activity_field(index, part);
                let value = checked_text(&key, field(&key), MAX_SECTION, false, true, &mut problems);
                match part {
                    "objective" => activity.objective = value,
                    "content" => activity.content = value,
                    "product" => activity.product = value,
                    _ => activity.organisation = value,
                }
            }
        }
        if problems.is_empty() { Ok(plan) } else { Err((plan, problems)) }
    }

    /// Lists the keys of the fields whose text differs between two versions, in form
    /// order.
    pub fn changed_fields(&self, other: &LessonPlan) -> Vec<String> {
        field_keys().into_iter().filter(|key| self.value(key) != other.value(key)).collect()
    }
}

/// Reason for rejecting a save before it reaches storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveConflict {
    /// Someone saved a newer version after the one the form was based on.
    Stale { based_on: i64, latest: i64 },
}

/// Checks optimistic concurrency: a save must be based on the latest version (0 when
/// there is none yet).
pub fn check_base(based_on: i64, latest: i64) -> Result<(), SaveConflict> {
    if based_on == latest { Ok(()) } else { Err(SaveConflict::Stale { based_on, latest }) }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[expect(clippy::result_large_err, reason = "mirrors LessonPlan::parse")]
    fn parse(fields: &[(&str, &str)]) -> Result<LessonPlan, (LessonPlan, Vec<FieldProblem>)> {
        let map: HashMap<String, String> = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        LessonPlan::parse(|key| map.get(key).map(String::as_str).unwrap_or(""))
    }

    #[test]
    fn plan_parses_every_section() {
        let plan = parse(&[
            ("title", " Hàm số  bậc nhất "),
            ("periods", "2"),
            ("knowledge", "Nhận biết\n\n\nhàm số"),
            ("activity2_product", "Bảng giá trị"),
            ("activity4_name", "Vận dụng"),
        ])
        .expect("valid");
        assert_eq!(plan.title, "Hàm số bậc nhất");
        assert_eq!(plan.periods, Some(2));
        assert_eq!(plan.knowledge, "Nhận biết\n\nhàm số");
        assert_eq!(plan.activities[1].product, "Bảng giá trị");
        assert_eq!(plan.value("activity4_name").as_deref(), Some("Vận dụng"));
    }

    #[test]
    fn plan_rejects_bad_values_and_keeps_text() {
        let long = "x".repeat(MAX_SECTION + 1);
        let (plan, problems) = parse(&[("title", ""), ("periods", "0"), ("equipment", &long), ("school", "THCS A")]).expect_err("invalid");
        assert_eq!(plan.school, "THCS A");
        assert_eq!(plan.equipment.chars().count(), MAX_SECTION + 1);
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["title", "periods", "equipment"]);
        assert_eq!(problems[1].problem, Problem::OutOfRange { value: "0".into(), min: 1, max: MAX_PERIODS });
    }

    #[test]
    fn changed_fields_in_form_order() {
        let a = parse(&[("title", "A"), ("activity1_content", "x")]).unwrap();
        let b = parse(&[("title", "B"), ("activity1_content", "y"), ("periods", "1")]).unwrap();
        assert_eq!(a.changed_fields(&b), ["title", "periods", "activity1_content"]);
        assert!(a.changed_fields(&a).is_empty());
    }

    #[test]
    fn stale_base_is_a_conflict() {
        assert_eq!(check_base(2, 2), Ok(()));
        assert_eq!(check_base(1, 2), Err(SaveConflict::Stale { based_on: 1, latest: 2 }));
    }

    #[test]
    fn field_keys_cover_the_frame() {
        // 6 header fields, periods, 4 sections, 4 activities of a name and 4 parts.
        assert_eq!(field_keys().len(), 6 + 1 + 4 + 4 * 5);
        let plan = LessonPlan::default();
        assert!(field_keys().iter().all(|key| plan.value(key).is_some()));
    }
}
