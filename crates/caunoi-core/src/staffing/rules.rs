//! Staffing rules as versioned data: the teaching quotas, reductions and conversions of
//! Circular 05/2025/TT-BGDĐT, the periods of the 2018 curriculum and the staffing norms
//! of Circular 20/2023/TT-BGDĐT.
//!
//! Every rule is one [`Rule`] row that keeps its source circular and article, so a new
//! circular or a department's own version is a change of data, not of code. The
//! computations read rules through [`LoadRules`], [`CurriculumRules`] and [`NormRules`].

use serde::{Deserialize, Serialize};

use crate::org::SchoolLevel;
use crate::staffing::Subject;

/// The three tables a rule set can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleFamily {
    /// Weekly quotas, reductions and conversions (Circular 05/2025).
    TeachingLoad,
    /// Periods per subject and grade (Curriculum 2018).
    Curriculum,
    /// Teachers per class (Circular 20/2023).
    StaffingNorms,
}

impl RuleFamily {
    pub const ALL: [RuleFamily; 3] = [RuleFamily::TeachingLoad, RuleFamily::Curriculum, RuleFamily::StaffingNorms];

    pub fn key(self) -> &'static str {
        match self {
            RuleFamily::TeachingLoad => "teaching_load",
            RuleFamily::Curriculum => "curriculum",
            RuleFamily::StaffingNorms => "staffing_norms",
        }
    }

    pub fn from_key(key: &str) -> Option<RuleFamily> {
        RuleFamily::ALL.into_iter().find(|family| family.key() == key)
    }
}

/// One rule of a rule set, in the columns every family shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// `quota`, `reduction`, `conversion`, `working_year` and `rule` for the teaching
    /// load; the curriculum category (`compulsory`, `elective_choice` …) for periods;
    /// `teachers_per_class` and others for norms.
    pub kind: String,
    /// `primary`, `lower_secondary`, `upper_secondary`, `multi_level`, `all` …
    pub level: String,
    /// School types the rule applies to, `a|b` for either, `all` for every type.
    pub school_type: String,
    pub region: String,
    pub grade: Option<i32>,
    /// A [`Subject`] key on curriculum rows.
    pub subject: Option<String>,
    /// The stable name computations look rules up by (a duty key such as `homeroom`,
    /// `teacher` for the ordinary quota, `inter_school` …).
    pub item_key: String,
    pub item_vi: String,
    pub item_en: String,
    /// `None` where the circular's value was not found; such rules count as zero.
    pub value: Option<f64>,
    pub unit: String,
    pub condition: String,
    /// Article, clause and point of the source (`Điều 9 khoản 1`).
    pub article: String,
    /// The source document.
    pub source: String,
    /// False for values not checked against the circular's text.
    pub verified: bool,
}

impl Rule {
    /// Tells whether the rule covers a school of `level` and `school_type`.
    fn applies(&self, level: &str, school_type: &str) -> bool {
        let level_ok = self.level == "all" || self.level == level || (self.level == "general" && level != "pre_university");
        let type_ok = match self.school_type.as_str() {
            "all" => true,
            // The homeroom reduction of Art. 9 cl. 1 covers general schools, not pre-university ones.
            "general_schools" => school_type != "du_bi_dai_hoc",
            "other_than_primary" => level != "primary",
            types => types.split('|').any(|t| t == school_type),
        };
        level_ok && type_ok
    }

    /// Ranks how closely the rule names a school: an exact level counts more than an
    /// exact type, and both more than `all`.
    fn specificity(&self, level: &str, school_type: &str) -> u8 {
        let level_score = if self.level == level { 2 } else { 0 };
        let type_score = if self.school_type.split('|').any(|t| t == school_type) { 1 } else { 0 };
        level_score + type_score
    }
}

/// Returns the level key rules use for a school level.
pub fn level_key(level: SchoolLevel) -> &'static str {
    level.as_str()
}

/// Duties of `staff_duties` with the reduction row of Circular 05/2025 each one maps to.
/// `subject_group_deputy` is the subject group's deputy head (tổ phó), 1 period a week.
pub const DUTY_KEYS: &[(&str, &str)] = &[
    ("homeroom", "Homeroom teacher"),
    ("subject_group_head", "Subject-group head"),
    ("subject_group_deputy", "Subject-group deputy head"),
    ("student_management_head", "Head of student-management group"),
    ("student_management_deputy", "Deputy head of student-management group"),
    ("subject_classroom", "Teacher in charge of a subject classroom/lab"),
    ("equipment_room", "Teacher in charge of the equipment room"),
    ("party_secretary", "Party secretary"),
    ("trade_union", "Trade-union duties"),
    ("youth_union", "Youth Union secretary"),
    ("council_chair", "School council chair"),
    ("council_secretary", "School council secretary"),
    ("inspection_head", "Head of the school people's inspection board"),
    ("it_duty", "IT duty"),
    ("clerical_duty", "Clerical/records duty"),
    ("library_duty", "Library duty"),
    ("inclusive_support", "Inclusive-education support duty"),
    ("probation", "Teacher on probation"),
    ("nursing_mother", "Female teacher with a child under 12 months"),
];

/// Ends the key of a reduction that applies at large schools only
/// (`party_secretary_large`).
pub const LARGE_SCHOOL_SUFFIX: &str = "_large";

/// Names the rule an item of the teaching-load table is looked up by. Items outside
/// the known list keep a key made from their English name, so a department can still
/// edit them and a later version of this list can use them.
pub fn teaching_load_item_key(kind: &str, item_en: &str) -> String {
    let known = match kind {
        "quota" => quota_item_key(item_en),
        "reduction" => {
            let duty = DUTY_KEYS.iter().find(|(_, prefix)| item_en.starts_with(prefix)).map(|(key, _)| *key);
            // A large school's row of a duty gets its own key, so both rows are found.
            if let (Some(duty), true) = (duty, item_en.contains("(large school)")) {
                return format!("{duty}{LARGE_SCHOOL_SUFFIX}");
            }
            duty
        }
        "conversion" if item_en.starts_with("Inter-school teaching") => Some("inter_school"),
        "working_year" if item_en.starts_with("Actual teaching weeks") => Some("teaching_weeks"),
        _ => None,
    };
    match known {
        Some(key) => key.to_string(),
        None => slug(item_en),
    }
}

fn quota_item_key(item_en: &str) -> Option<&'static str> {
    if item_en.starts_with("Young Pioneer leader") {
        Some(if item_en.contains("large") { "young_pioneer_leader_large" } else { "young_pioneer_leader" })
    } else if item_en == "Principal" {
        Some("principal")
    } else if item_en == "Vice-principal" {
        Some("vice_principal")
    } else if item_en.to_lowercase().contains("teacher") {
        Some("teacher")
    } else {
        None
    }
}

fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    slug.trim_end_matches('_').to_string()
}

/// The teaching-load rules of one active rule set.
#[derive(Debug, Clone, Default)]
pub struct LoadRules {
    pub rules: Vec<Rule>,
}

/// Teaching weeks per year when the rule set has none (Circular 05/2025 Art. 5 cl. 1 a).
pub const DEFAULT_TEACHING_WEEKS: f64 = 35.0;

impl LoadRules {
    /// Returns the weekly quota of a position at a school of `level` and `school_type`,
    /// falling back to the regular school's quota when the type has none of its own.
    pub fn quota(&self, item_key: &str, level: &str, school_type: &str) -> Option<f64> {
        self.find("quota", item_key, level, school_type)
            .or_else(|| self.find("quota", item_key, level, "regular"))
    }

    /// Returns the weekly reduction of a duty, zero when the rule set has none or its
    /// value was not found (the trade-union and Youth Union rows).
    pub fn reduction(&self, duty: &str, level: &str, school_type: &str) -> f64 {
        self.find("reduction", duty, level, school_type).unwrap_or(0.0)
    }

    /// Returns the weekly reduction of a duty at a large or another school: a large
    /// school uses the duty's large-school row when the rule set has one.
    pub fn reduction_at(&self, duty: &str, large_school: bool, level: &str, school_type: &str) -> f64 {
        let large = large_school.then(|| self.find("reduction", &format!("{duty}{LARGE_SCHOOL_SUFFIX}"), level, school_type)).flatten();
        large.unwrap_or_else(|| self.reduction(duty, level, school_type))
    }

    /// Returns the standard periods one period of a conversion counts as. Without a row
    /// in the rule set, a period counts one for one, as inter-school teaching does.
    pub fn conversion(&self, item_key: &str) -> f64 {
        self.find("conversion", item_key, "all", "all").unwrap_or(1.0)
    }

    pub fn teaching_weeks(&self) -> f64 {
        self.find("working_year", "teaching_weeks", "general", "all").unwrap_or(DEFAULT_TEACHING_WEEKS)
    }

    fn find(&self, kind: &str, item_key: &str, level: &str, school_type: &str) -> Option<f64> {
        self.rules
            .iter()
            .filter(|rule| rule.kind == kind && rule.item_key == item_key && rule.applies(level, school_type))
            .max_by_key(|rule| rule.specificity(level, school_type))
            .and_then(|rule| rule.value)
    }
}

/// The curriculum periods of one active rule set, already mapped to [`Subject`] keys.
#[derive(Debug, Clone, Default)]
pub struct CurriculumRules {
    pub rules: Vec<Rule>,
}

impl CurriculumRules {
    /// Periods per year of each subject in one grade, with the share of classes that
    /// take it (1 for compulsory subjects, [`ELECTIVE_SHARE`] for elective ones, 0 for
    /// optional ones).
    pub fn periods_of_grade(&self, grade: i32) -> impl Iterator<Item = (Subject, f64)> + '_ {
        self.subjects_of_grade(grade).map(|entry| (entry.subject, entry.periods_per_year * entry.share))
    }

    /// Lists the subjects of one grade with their periods per year and whether students
    /// choose them, so a school's recorded choices can replace the estimated share.
    pub fn subjects_of_grade(&self, grade: i32) -> impl Iterator<Item = GradeSubject> + '_ {
        self.rules.iter().filter(move |rule| rule.grade == Some(grade)).filter_map(|rule| {
            Some(GradeSubject {
                subject: Subject::from_key(rule.subject.as_deref()?)?,
                periods_per_year: rule.value.unwrap_or(0.0),
                share: category_share(&rule.kind),
                elective: rule.kind == "elective_choice",
            })
        })
    }

    /// Lists the subjects students choose from in a grade, in the table's order.
    pub fn electives_of_grade(&self, grade: i32) -> Vec<Subject> {
        let mut electives: Vec<Subject> = self.subjects_of_grade(grade).filter(|entry| entry.elective).map(|entry| entry.subject).collect();
        electives.dedup();
        electives
    }
}

/// One subject of a grade in the curriculum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradeSubject {
    pub subject: Subject,
    pub periods_per_year: f64,
    /// The share of classes counted when the school has not recorded its choices.
    pub share: f64,
    /// True for the subjects students choose (upper secondary's elective subjects).
    pub elective: bool,
}

/// Share of classes counted for an elective subject of upper secondary, where each
/// student chooses 4 of 9 elective subjects (Circular 13/2022). It is an estimate
/// that assumes choices spread evenly, used only until a school records the classes
/// that take each elective subject.
pub const ELECTIVE_SHARE: f64 = 4.0 / 9.0;

fn category_share(kind: &str) -> f64 {
    match kind {
        "compulsory" | "compulsory_activity" => 1.0,
        "elective_choice" => ELECTIVE_SHARE,
        _ => 0.0,
    }
}

/// Teachers per class of Circular 20/2023 for one active rule set.
#[derive(Debug, Clone, Default)]
pub struct NormRules {
    pub rules: Vec<Rule>,
}

impl NormRules {
    /// Returns the maximum teachers per class at a school of `level` and `school_type`.
    /// Primary schools use the two-sessions norm (1.5), which most schools run.
    pub fn teachers_per_class(&self, level: &str, school_type: &str) -> Option<f64> {
        let rows = || self.rules.iter().filter(move |rule| rule.item_key == "teachers_per_class" && rule.level == level);
        let exact = rows().find(|rule| rule.school_type.split('|').any(|t| t == school_type));
        let fallback = || rows().find(|rule| matches!(rule.school_type.as_str(), "regular" | "two_sessions"));
        exact.or_else(fallback).and_then(|rule| rule.value)
    }
}

/// Names a staffing-norm row for lookups: `teachers_per_class` for the teacher ratios.
pub fn norm_item_key(unit: &str, item_en: &str) -> String {
    if unit.starts_with("teachers/class") {
        "teachers_per_class".to_string()
    } else {
        slug(item_en)
    }
}

/// Builds a verified rule that applies in every region, for tests.
#[cfg(test)]
pub(crate) fn test_rule(kind: &str, level: &str, school_type: &str, item_key: &str, value: f64) -> Rule {
    Rule {
        kind: kind.into(),
        level: level.into(),
        school_type: school_type.into(),
        region: "all".into(),
        grade: None,
        subject: None,
        item_key: item_key.into(),
        item_vi: String::new(),
        item_en: String::new(),
        value: Some(value),
        unit: String::new(),
        condition: String::new(),
        article: String::new(),
        source: String::new(),
        verified: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::test_rule as rule;

    #[test]
    fn item_keys_of_the_circular() {
        assert_eq!(teaching_load_item_key("quota", "Primary school teacher"), "teacher");
        assert_eq!(teaching_load_item_key("quota", "Teacher, boarding ethnic upper-secondary school"), "teacher");
        assert_eq!(teaching_load_item_key("quota", "Young Pioneer leader – large primary school"), "young_pioneer_leader_large");
        assert_eq!(teaching_load_item_key("reduction", "Party secretary (large school)"), "party_secretary_large");
        assert_eq!(teaching_load_item_key("reduction", "Party secretary (other schools)"), "party_secretary");
        assert_eq!(teaching_load_item_key("quota", "Vice-principal"), "vice_principal");
        assert_eq!(teaching_load_item_key("reduction", "Homeroom teacher (general schools)"), "homeroom");
        assert_eq!(teaching_load_item_key("reduction", "Subject-group deputy head"), "subject_group_deputy");
        assert_eq!(teaching_load_item_key("conversion", "Inter-school teaching"), "inter_school");
        assert_eq!(teaching_load_item_key("rule", "Weekly overtime cap"), "weekly_overtime_cap");
    }

    #[test]
    fn quota_prefers_exact_school_type() {
        let rules = LoadRules {
            rules: vec![
                rule("quota", "lower_secondary", "regular", "teacher", 19.0),
                rule("quota", "lower_secondary", "pt_dan_toc_ban_tru", "teacher", 17.0),
            ],
        };
        assert_eq!(rules.quota("teacher", "lower_secondary", "pt_dan_toc_ban_tru"), Some(17.0));
        assert_eq!(rules.quota("teacher", "lower_secondary", "regular"), Some(19.0));
        assert_eq!(rules.quota("teacher", "lower_secondary", "chuyen"), Some(19.0));
        assert_eq!(rules.quota("teacher", "primary", "regular"), None);
    }

    #[test]
    fn homeroom_reduction_skips_pre_university() {
        let mut homeroom = rule("reduction", "all", "general_schools", "homeroom", 4.0);
        homeroom.level = "all".into();
        let rules = LoadRules { rules: vec![homeroom, rule("reduction", "pre_university", "du_bi_dai_hoc", "homeroom", 3.0)] };
        assert_eq!(rules.reduction("homeroom", "primary", "regular"), 4.0);
        assert_eq!(rules.reduction("homeroom", "pre_university", "du_bi_dai_hoc"), 3.0);
        assert_eq!(rules.reduction("unknown_duty", "primary", "regular"), 0.0);
    }

    #[test]
    fn nursing_mother_reduction_by_level() {
        let rules = LoadRules {
            rules: vec![
                rule("reduction", "primary", "all", "nursing_mother", 4.0),
                rule("reduction", "all", "other_than_primary", "nursing_mother", 3.0),
            ],
        };
        assert_eq!(rules.reduction("nursing_mother", "primary", "regular"), 4.0);
        assert_eq!(rules.reduction("nursing_mother", "upper_secondary", "regular"), 3.0);
    }

    #[test]
    fn conversion_defaults_to_one() {
        assert_eq!(LoadRules::default().conversion("inter_school"), 1.0);
        assert_eq!(LoadRules::default().teaching_weeks(), 35.0);
    }
}
