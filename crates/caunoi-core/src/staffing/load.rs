//! A teacher's weekly quota and load under Circular 05/2025/TT-BGDĐT.
//!
//! The quota is the weekly periods of the teacher's level and school type (Art. 7,
//! Art. 8 for principals and vice-principals, Art. 7 cl. 3 for a Young Pioneer leader)
//! minus the reductions of their duties (Art. 9–12), never below zero. Some quotas and
//! reductions differ at large schools, whose size depends on the commune's region. Accepted inter-school teaching counts towards the
//! load at the conversion of Art. 13 cl. 1 c (one for one).

use serde::Serialize;

use crate::org::SchoolLevel;
use crate::staffing::rules::LoadRules;

/// Concurrent duties whose reductions count (Circular 05/2025 Art. 3 cl. 3).
pub const MAX_COUNTED_DUTIES: usize = 2;

/// Classes from which a school is large: 19 in region 1 and 28 in regions 2 and 3, the
/// regions of Circular 20/2023 (Circular 05/2025 Art. 7 cl. 3 đ and Art. 10 cl. 1).
pub const LARGE_SCHOOL_CLASSES_REGION_1: i64 = 19;
pub const LARGE_SCHOOL_CLASSES: i64 = 28;

/// The region key of Circular 20/2023 whose large schools start at 19 classes.
pub const REGION_1: &str = "vung_1";

/// Returns whether a school with `classes` classes in a commune of `region` is large.
/// NOTE: a commune whose region the province has not designated counts as region 2
/// or 3, so its schools are large only from 28 classes.
pub fn is_large_school(classes: i64, region: Option<&str>) -> bool {
    let threshold = if region == Some(REGION_1) { LARGE_SCHOOL_CLASSES_REGION_1 } else { LARGE_SCHOOL_CLASSES };
    classes >= threshold
}

/// The duty whose holder has a quota of their own instead of a reduction.
const PIONEER_LEADER: &str = "pioneer_leader";

/// What the quota of one staff member depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct TeacherFacts {
    /// The level of the teacher's school.
    pub level: SchoolLevel,
    /// The level the teacher is appointed to, when the record names one.
    pub teaching_level: Option<SchoolLevel>,
    pub school_type: String,
    /// `teacher`, `principal`, `deputy_head` (vice-principal) or `staff`.
    pub position: String,
    /// Duty keys of `staff_duties`; see [`crate::staffing::rules::DUTY_KEYS`].
    pub duties: Vec<String>,
    pub on_probation: bool,
    /// Periods per week taught at the teacher's own school, as declared.
    pub declared_periods: Option<f64>,
    /// Accepted inter-school periods per week taught at other schools.
    pub inter_school_periods: f64,
    /// True when the school is large (see [`is_large_school`]).
    pub large_school: bool,
}

/// One reduction applied to a quota.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reduction {
    pub duty: String,
    pub periods: f64,
}

/// A teacher's weekly quota and load, in periods per week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeacherLoad {
    /// The quota of the level and school type before reductions.
    pub base_quota: f64,
    /// The reductions that count, largest first.
    pub reductions: Vec<Reduction>,
    /// Duties whose reductions do not count, because only [`MAX_COUNTED_DUTIES`]
    /// concurrent duties reduce a quota.
    pub ignored_duties: Vec<String>,
    /// `base_quota` minus the counted reductions, at least zero.
    pub quota: f64,
    /// Inter-school periods converted to standard periods.
    pub inter_school: f64,
    /// Declared periods at the school plus `inter_school`.
    pub load: f64,
    /// `quota` minus `inter_school`: what the teacher can still teach at their own
    /// school, at least zero.
    pub capacity_at_school: f64,
}

/// Returns the quota key of a position: principals and vice-principals have their own
/// quota, as does a teacher who is the school's Young Pioneer leader, and
/// non-teaching staff none.
fn quota_key(facts: &TeacherFacts) -> Option<&'static str> {
    match facts.position.as_str() {
        "teacher" if facts.duties.iter().any(|duty| duty == PIONEER_LEADER) => {
            Some(if facts.large_school { "young_pioneer_leader_large" } else { "young_pioneer_leader" })
        }
        "teacher" => Some("teacher"),
        "principal" => Some("principal"),
        "deputy_head" => Some("vice_principal"),
        _ => None,
    }
}

/// Returns the rules level of a teacher: the level they are appointed to, else their
/// school's level.
/// NOTE: a teacher of a multi-level school whose record names no level gets the
/// lower-secondary quota, the level every multi-level school of the 2018 system has.
fn rules_level(facts: &TeacherFacts) -> &'static str {
    match (facts.teaching_level, facts.level) {
        (Some(level), _) => level.as_str(),
        (None, SchoolLevel::MultiLevel) => "lower_secondary",
        (None, other) => other.as_str(),
    }
}

/// Computes the quota and load of one staff member.
pub fn teacher_load(rules: &LoadRules, facts: &TeacherFacts) -> TeacherLoad {
    let level = rules_level(facts);
    let quota_of = |key: &str| rules.quota(key, level, &facts.school_type);
    // A Young Pioneer leader of a level without a row of their own keeps the
    // teacher's quota (the circular sets none for upper secondary).
    let base_quota = match quota_key(facts) {
        Some(key) if facts.position == "teacher" => quota_of(key).or_else(|| quota_of("teacher")),
        Some(key) => quota_of(key),
        None => None,
    }
    .unwrap_or(0.0);

    let mut duties: Vec<&str> =
        facts.duties.iter().map(String::as_str).filter(|duty| *duty != "probation" && *duty != PIONEER_LEADER).collect();
    duties.sort_unstable();
    duties.dedup();
    let mut reductions: Vec<Reduction> = duties
        .iter()
        .map(|duty| Reduction { duty: duty.to_string(), periods: rules.reduction_at(duty, facts.large_school, level, &facts.school_type) })
        .collect();
    // Largest first, so the two duties that count are those that help the teacher most.
    reductions.sort_by(|a, b| b.periods.total_cmp(&a.periods).then_with(|| a.duty.cmp(&b.duty)));
    let ignored_duties = reductions.split_off(reductions.len().min(MAX_COUNTED_DUTIES)).into_iter().map(|r| r.duty).collect();
    // Probation is a status, not a duty, so it does not count towards the two duties.
    if facts.on_probation || facts.duties.iter().any(|duty| duty == "probation") {
        reductions.push(Reduction { duty: "probation".into(), periods: rules.reduction("probation", level, &facts.school_type) });
    }

    let reduced: f64 = reductions.iter().map(|r| r.periods).sum();
    let quota = (base_quota - reduced).max(0.0);
    let inter_school = facts.inter_school_periods * rules.conversion("inter_school");
    TeacherLoad {
        base_quota,
        reductions,
        ignored_duties,
        quota,
        inter_school,
        load: facts.declared_periods.unwrap_or(0.0) + inter_school,
        capacity_at_school: (quota - inter_school).max(0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staffing::rules::test_rule as rule;

    fn circular_rules() -> LoadRules {
        LoadRules {
            rules: vec![
                rule("quota", "primary", "regular", "teacher", 23.0),
                rule("quota", "lower_secondary", "regular", "teacher", 19.0),
                rule("quota", "upper_secondary", "regular", "teacher", 17.0),
                rule("quota", "lower_secondary", "pt_dan_toc_ban_tru", "teacher", 17.0),
                rule("quota", "all", "all", "principal", 2.0),
                rule("quota", "all", "all", "vice_principal", 4.0),
                rule("reduction", "all", "general_schools", "homeroom", 4.0),
                rule("reduction", "all", "all", "subject_group_head", 3.0),
                rule("reduction", "all", "all", "subject_group_deputy", 1.0),
                rule("reduction", "all", "all", "council_chair", 2.0),
                rule("reduction", "all", "all", "probation", 2.0),
                rule("reduction", "all", "all", "party_secretary", 3.0),
                rule("reduction", "all", "all", "party_secretary_large", 4.0),
                rule("quota", "primary", "regular", "young_pioneer_leader", 8.0),
                rule("quota", "primary", "regular", "young_pioneer_leader_large", 2.0),
                rule("conversion", "all", "all", "inter_school", 1.0),
            ],
        }
    }

    fn teacher(level: SchoolLevel, duties: &[&str]) -> TeacherFacts {
        TeacherFacts {
            level,
            teaching_level: None,
            school_type: "regular".into(),
            position: "teacher".into(),
            duties: duties.iter().map(|d| d.to_string()).collect(),
            on_probation: false,
            declared_periods: None,
            inter_school_periods: 0.0,
            large_school: false,
        }
    }

    #[test]
    fn quota_by_level_and_type() {
        let rules = circular_rules();
        assert_eq!(teacher_load(&rules, &teacher(SchoolLevel::Primary, &[])).quota, 23.0);
        assert_eq!(teacher_load(&rules, &teacher(SchoolLevel::LowerSecondary, &[])).quota, 19.0);
        assert_eq!(teacher_load(&rules, &teacher(SchoolLevel::UpperSecondary, &[])).quota, 17.0);
        let semi_boarding = TeacherFacts { school_type: "pt_dan_toc_ban_tru".into(), ..teacher(SchoolLevel::LowerSecondary, &[]) };
        assert_eq!(teacher_load(&rules, &semi_boarding).quota, 17.0);
    }

    #[test]
    fn duties_reduce_the_quota() {
        let rules = circular_rules();
        let load = teacher_load(&rules, &teacher(SchoolLevel::LowerSecondary, &["homeroom", "subject_group_head"]));
        assert_eq!(load.base_quota, 19.0);
        assert_eq!(load.quota, 12.0);
        assert_eq!(load.reductions.len(), 2);
    }

    #[test]
    fn only_two_duties_count() {
        let rules = circular_rules();
        let load = teacher_load(&rules, &teacher(SchoolLevel::UpperSecondary, &["subject_group_deputy", "homeroom", "council_chair"]));
        assert_eq!(load.quota, 17.0 - 4.0 - 2.0);
        assert_eq!(load.ignored_duties, vec!["subject_group_deputy".to_string()]);
    }

    #[test]
    fn probation_adds_to_two_duties() {
        let rules = circular_rules();
        let facts = TeacherFacts { on_probation: true, ..teacher(SchoolLevel::Primary, &["homeroom", "subject_group_head"]) };
        assert_eq!(teacher_load(&rules, &facts).quota, 23.0 - 4.0 - 3.0 - 2.0);
    }

    #[test]
    fn quota_never_below_zero() {
        let rules = circular_rules();
        let principal = TeacherFacts { position: "principal".into(), ..teacher(SchoolLevel::Primary, &["homeroom"]) };
        let load = teacher_load(&rules, &principal);
        assert_eq!(load.base_quota, 2.0);
        assert_eq!(load.quota, 0.0);
    }

    #[test]
    fn appointed_level_sets_multi_level_quota() {
        let rules = circular_rules();
        assert_eq!(teacher_load(&rules, &teacher(SchoolLevel::MultiLevel, &[])).quota, 19.0);
        let primary = TeacherFacts { teaching_level: Some(SchoolLevel::Primary), ..teacher(SchoolLevel::MultiLevel, &[]) };
        assert_eq!(teacher_load(&rules, &primary).quota, 23.0);
        let upper = TeacherFacts { teaching_level: Some(SchoolLevel::UpperSecondary), ..teacher(SchoolLevel::MultiLevel, &[]) };
        assert_eq!(teacher_load(&rules, &upper).quota, 17.0);
    }

    #[test]
    fn large_school_by_region() {
        assert!(is_large_school(19, Some("vung_1")));
        assert!(!is_large_school(19, Some("vung_3")));
        assert!(!is_large_school(27, None));
        assert!(is_large_school(28, Some("vung_2")));
    }

    #[test]
    fn pioneer_leader_quota_by_school_size() {
        let rules = circular_rules();
        let leader = teacher(SchoolLevel::Primary, &["pioneer_leader", "homeroom"]);
        let load = teacher_load(&rules, &leader);
        assert_eq!(load.base_quota, 8.0);
        assert_eq!(load.quota, 4.0, "the other duty still reduces the quota");
        assert!(load.reductions.iter().all(|r| r.duty != "pioneer_leader"));
        let large = TeacherFacts { large_school: true, ..leader };
        assert_eq!(teacher_load(&rules, &large).base_quota, 2.0);
        // Without a row of its own, a lower-secondary leader keeps the teacher's quota.
        assert_eq!(teacher_load(&rules, &teacher(SchoolLevel::LowerSecondary, &["pioneer_leader"])).base_quota, 19.0);
    }

    #[test]
    fn large_school_reductions() {
        let rules = circular_rules();
        let secretary = teacher(SchoolLevel::Primary, &["party_secretary"]);
        assert_eq!(teacher_load(&rules, &secretary).quota, 20.0);
        assert_eq!(teacher_load(&rules, &TeacherFacts { large_school: true, ..secretary }).quota, 19.0);
    }

    #[test]
    fn staff_without_teaching_have_no_quota() {
        let clerk = TeacherFacts { position: "staff".into(), ..teacher(SchoolLevel::Primary, &[]) };
        assert_eq!(teacher_load(&circular_rules(), &clerk).quota, 0.0);
    }

    #[test]
    fn inter_school_periods_count_one_for_one() {
        let rules = circular_rules();
        let facts = TeacherFacts { declared_periods: Some(15.0), inter_school_periods: 4.0, ..teacher(SchoolLevel::LowerSecondary, &[]) };
        let load = teacher_load(&rules, &facts);
        assert_eq!(load.inter_school, 4.0);
        assert_eq!(load.load, 19.0);
        assert_eq!(load.capacity_at_school, 15.0);
    }
}
