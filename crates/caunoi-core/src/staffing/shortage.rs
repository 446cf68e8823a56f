//! Shortage and surplus of teaching periods per subject and school.
//!
//! Required periods per week come from the classes per grade and the curriculum's
//! periods per year, divided by the teaching weeks of the load rules (35). Available
//! periods come from the qualified teachers' capacity at the school (their quota minus
//! the inter-school periods they teach elsewhere), plus the accepted inter-school
//! periods the school receives.
//!
//! A teacher qualified in several subjects is counted once. Teachers with one subject
//! are counted first. Then each teacher with several subjects gives their capacity to
//! their subjects that are still short at their school, in proportion to each
//! subject's remaining shortage. Capacity left after every shortage is covered is split
//! evenly among their subjects and shows as surplus. Teachers with fewer subjects go
//! first, then by id, so the split is the same on every run.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::org::SchoolLevel;
use crate::staffing::Subject;
use crate::staffing::curriculum::{grades_of, level_of_grade};
use crate::staffing::load::{TeacherFacts, teacher_load};
use crate::staffing::rules::{CurriculumRules, LoadRules, NormRules};

/// The active rules a computation reads.
#[derive(Debug, Clone, Default)]
pub struct StaffingRules {
    pub load: LoadRules,
    pub curriculum: CurriculumRules,
    pub norms: NormRules,
}

/// One staff member as the shortage counts them.
#[derive(Debug, Clone)]
pub struct StaffInput {
    pub id: i64,
    pub facts: TeacherFacts,
    /// Subjects the person is qualified to teach.
    pub subjects: Vec<Subject>,
    /// False takes the person out of the available periods (leave, what-if).
    pub available: bool,
}

/// Everything the balance of one school depends on.
#[derive(Debug, Clone)]
pub struct SchoolInput {
    pub school_id: i64,
    pub level: SchoolLevel,
    pub school_type: String,
    /// Classes per grade in the school year.
    pub classes: BTreeMap<i32, i64>,
    /// Classes per grade that take each elective subject, as the school recorded them.
    /// A grade without any entry counts every elective at the estimated share.
    pub elective_classes: BTreeMap<(i32, Subject), i64>,
    pub staff: Vec<StaffInput>,
    /// Accepted inter-school periods per week the school receives, per subject.
    pub incoming: Vec<(Subject, f64)>,
}

/// Required and available periods per week of one subject.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SubjectBalance {
    pub required: f64,
    pub available: f64,
}

impl SubjectBalance {
    /// Periods per week still to cover (zero when the school has enough).
    pub fn shortage(&self) -> f64 {
        (self.required - self.available).max(0.0)
    }

    /// Spare periods per week (zero when the school is short).
    pub fn surplus(&self) -> f64 {
        (self.available - self.required).max(0.0)
    }
}

/// The figures of one school.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolBalance {
    pub school_id: i64,
    pub subjects: BTreeMap<Subject, SubjectBalance>,
    pub classes: i64,
    /// Teachers counted in the available periods.
    pub teachers: i64,
    /// The maximum teachers of the staffing norms (classes × teachers per class), when
    /// the norms name the school's level.
    pub norm_teachers: Option<f64>,
    /// True when some grade's elective subjects are counted at the estimated share,
    /// because the school has not recorded which classes take them.
    pub electives_estimated: bool,
}

/// Computes the balance of one school.
pub fn school_balance(rules: &StaffingRules, school: &SchoolInput) -> SchoolBalance {
    let mut subjects: BTreeMap<Subject, SubjectBalance> = BTreeMap::new();
    let required = required_periods(rules, school);
    for (subject, periods) in required.periods {
        subjects.entry(subject).or_default().required += periods;
    }
    for (subject, periods) in &school.incoming {
        subjects.entry(*subject).or_default().available += periods;
    }

    let teachers = capacities(rules, school);
    for (staff, capacity) in &teachers {
        share_capacity(&mut subjects, &staff.subjects, *capacity);
    }

    let classes = school.classes.values().sum();
    SchoolBalance {
        school_id: school.school_id,
        subjects,
        classes,
        teachers: teachers.len() as i64,
        norm_teachers: norm_teachers(rules, school),
        electives_estimated: required.electives_estimated,
    }
}

/// Spare periods per week of each qualified teacher of a school: what is left of their
/// capacity once the school's own needs are covered, shared out in the same order as
/// [`school_balance`] does. These are the periods a teacher could teach elsewhere.
pub fn spare_periods(rules: &StaffingRules, school: &SchoolInput) -> Vec<(i64, f64)> {
    let mut subjects: BTreeMap<Subject, SubjectBalance> = BTreeMap::new();
    for (subject, periods) in required_periods(rules, school).periods {
        subjects.entry(subject).or_default().required += periods;
    }
    for (subject, periods) in &school.incoming {
        subjects.entry(*subject).or_default().available += periods;
    }
    capacities(rules, school)
        .into_iter()
        .map(|(staff, capacity)| (staff.id, capacity - share_capacity(&mut subjects, &staff.subjects, capacity)))
        .collect()
}

/// Lists the available teachers with at least one subject and some capacity at the
/// school, teachers with fewer subjects first, then by id.
fn capacities<'a>(rules: &StaffingRules, school: &'a SchoolInput) -> Vec<(&'a StaffInput, f64)> {
    let mut teachers: Vec<(&StaffInput, f64)> = school
        .staff
        .iter()
        .filter(|staff| staff.available && !staff.subjects.is_empty())
        .map(|staff| (staff, teacher_load(&rules.load, &staff.facts).capacity_at_school))
        .filter(|(_, capacity)| *capacity > 0.0)
        .collect();
    teachers.sort_by_key(|(staff, _)| (staff.subjects.len(), staff.id));
    teachers
}

/// Periods per week each subject needs, one entry per grade and subject.
struct Required {
    periods: Vec<(Subject, f64)>,
    electives_estimated: bool,
}

/// Computes the periods per week each subject needs. An elective subject counts the
/// classes the school recorded for it, or every class at the estimated share when the
/// school recorded no elective of that grade.
fn required_periods(rules: &StaffingRules, school: &SchoolInput) -> Required {
    let weeks = rules.load.teaching_weeks();
    let grades = grades_of(school.level);
    let mut required = Required { periods: Vec::new(), electives_estimated: false };
    for (&grade, &classes) in school.classes.iter().filter(|(grade, count)| grades.contains(grade) && **count > 0) {
        let recorded = school.elective_classes.keys().any(|(g, _)| *g == grade);
        for entry in rules.curriculum.subjects_of_grade(grade) {
            let counted = match (entry.elective, recorded) {
                (true, true) => school.elective_classes.get(&(grade, entry.subject)).copied().unwrap_or(0) as f64,
                (true, false) => {
                    required.electives_estimated = true;
                    classes as f64 * entry.share
                }
                (false, _) => classes as f64 * entry.share,
            };
            required.periods.push((entry.subject, counted * entry.periods_per_year / weeks));
        }
    }
    required
}

/// Adds one teacher's capacity to their subjects: first to what is still short, in
/// proportion to each shortage, then the rest evenly. Returns the part that covered
/// shortages.
fn share_capacity(subjects: &mut BTreeMap<Subject, SubjectBalance>, qualified: &[Subject], capacity: f64) -> f64 {
    let shortages: Vec<f64> = qualified.iter().map(|s| subjects.get(s).map(SubjectBalance::shortage).unwrap_or(0.0)).collect();
    let total_shortage: f64 = shortages.iter().sum();
    let covered = capacity.min(total_shortage);
    let rest = (capacity - covered) / qualified.len() as f64;
    for (subject, shortage) in qualified.iter().zip(shortages) {
        let share = if total_shortage > 0.0 { covered * shortage / total_shortage } else { 0.0 };
        subjects.entry(*subject).or_default().available += share + rest;
    }
    covered
}

fn norm_teachers(rules: &StaffingRules, school: &SchoolInput) -> Option<f64> {
    let mut total = None;
    for (&grade, &classes) in &school.classes {
        let Some(level) = level_of_grade(grade) else { continue };
        if let Some(ratio) = rules.norms.teachers_per_class(level.as_str(), &school.school_type) {
            *total.get_or_insert(0.0) += classes as f64 * ratio;
        }
    }
    total
}

/// Sums of school balances over a group of schools (a commune, a cluster, the
/// province). Shortages and surpluses are summed separately, so a surplus in one school
/// never hides a shortage in another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SubjectTotals {
    pub required: f64,
    pub available: f64,
    pub shortage: f64,
    pub surplus: f64,
    /// Schools short of the subject.
    pub short_schools: i64,
}

impl SubjectTotals {
    pub fn add(&mut self, balance: &SubjectBalance) {
        self.required += balance.required;
        self.available += balance.available;
        self.shortage += balance.shortage();
        self.surplus += balance.surplus();
        if balance.shortage() > SHORTAGE_TOLERANCE {
            self.short_schools += 1;
        }
    }
}

/// Shortages below this many periods per week are rounding, not a missing teacher.
pub const SHORTAGE_TOLERANCE: f64 = 0.05;

/// Totals of a group of schools.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupTotals {
    pub schools: i64,
    pub classes: i64,
    pub teachers: i64,
    pub norm_teachers: f64,
    pub subjects: BTreeMap<Subject, SubjectTotals>,
}

impl GroupTotals {
    pub fn add(&mut self, school: &SchoolBalance) {
        self.schools += 1;
        self.classes += school.classes;
        self.teachers += school.teachers;
        self.norm_teachers += school.norm_teachers.unwrap_or(0.0);
        for (subject, balance) in &school.subjects {
            self.subjects.entry(*subject).or_default().add(balance);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staffing::rules::{Rule, test_rule};

    fn rule(kind: &str, level: &str, item_key: &str, grade: Option<i32>, subject: Option<Subject>, value: f64) -> Rule {
        let school_type = if kind == "teachers_per_class" { "regular" } else { "all" };
        Rule { grade, subject: subject.map(|s| s.key().to_string()), ..test_rule(kind, level, school_type, item_key, value) }
    }

    fn rules() -> StaffingRules {
        let mut curriculum = Vec::new();
        for grade in 6..=9 {
            curriculum.push(rule("compulsory", "lower_secondary", "", Some(grade), Some(Subject::English), 105.0));
            curriculum.push(rule("compulsory", "lower_secondary", "", Some(grade), Some(Subject::Informatics), 35.0));
            curriculum.push(rule("compulsory", "lower_secondary", "", Some(grade), Some(Subject::Music), 35.0));
            curriculum.push(rule("optional", "lower_secondary", "", Some(grade), Some(Subject::ForeignLanguage2), 105.0));
        }
        StaffingRules {
            load: LoadRules {
                rules: vec![
                    rule("quota", "lower_secondary", "teacher", None, None, 19.0),
                    rule("reduction", "all", "homeroom", None, None, 4.0),
                    rule("conversion", "all", "inter_school", None, None, 1.0),
                ],
            },
            curriculum: CurriculumRules { rules: curriculum },
            norms: NormRules { rules: vec![rule("teachers_per_class", "lower_secondary", "teachers_per_class", None, None, 1.9)] },
        }
    }

    fn staff(id: i64, subjects: &[Subject], duties: &[&str], outgoing: f64) -> StaffInput {
        StaffInput {
            id,
            facts: TeacherFacts {
                level: SchoolLevel::LowerSecondary,
                teaching_level: None,
                school_type: "regular".into(),
                position: "teacher".into(),
                duties: duties.iter().map(|d| d.to_string()).collect(),
                on_probation: false,
                declared_periods: None,
                inter_school_periods: outgoing,
                large_school: false,
            },
            subjects: subjects.to_vec(),
            available: true,
        }
    }

    fn school(staff: Vec<StaffInput>) -> SchoolInput {
        SchoolInput {
            school_id: 1,
            level: SchoolLevel::LowerSecondary,
            school_type: "regular".into(),
            // Seven classes of grade 6: English 7 × 105 / 35 = 21 periods a week.
            classes: BTreeMap::from([(6, 7), (10, 3)]),
            elective_classes: BTreeMap::new(),
            staff,
            incoming: Vec::new(),
        }
    }

    /// Builds an upper-secondary school with 9 classes of grade 10, where Physics and
    /// Informatics are electives of 70 periods a year.
    fn upper_secondary(elective_classes: BTreeMap<(i32, Subject), i64>) -> (StaffingRules, SchoolInput) {
        let mut rules = rules();
        rules.curriculum.rules = vec![
            rule("compulsory", "upper_secondary", "", Some(10), Some(Subject::English), 105.0),
            rule("elective_choice", "upper_secondary", "", Some(10), Some(Subject::Physics), 70.0),
            rule("elective_choice", "upper_secondary", "", Some(10), Some(Subject::Informatics), 70.0),
        ];
        let school = SchoolInput { level: SchoolLevel::UpperSecondary, classes: BTreeMap::from([(10, 9)]), elective_classes, ..school(Vec::new()) };
        (rules, school)
    }

    #[test]
    fn electives_estimated_until_recorded() {
        let (rules, estimated) = upper_secondary(BTreeMap::new());
        let balance = school_balance(&rules, &estimated);
        // 9 classes × 4/9 × 70 / 35 = 8 periods a week.
        assert!((balance.subjects[&Subject::Physics].required - 8.0).abs() < 1e-9);
        assert!(balance.electives_estimated);

        let (rules, recorded) = upper_secondary(BTreeMap::from([((10, Subject::Physics), 6)]));
        let balance = school_balance(&rules, &recorded);
        assert_eq!(balance.subjects[&Subject::Physics].required, 12.0);
        assert_eq!(balance.subjects[&Subject::Informatics].required, 0.0, "a recorded grade without the elective has none");
        assert_eq!(balance.subjects[&Subject::English].required, 27.0, "compulsory subjects count every class");
        assert!(!balance.electives_estimated);
    }

    #[test]
    fn required_periods_from_classes() {
        let balance = school_balance(&rules(), &school(Vec::new()));
        assert_eq!(balance.subjects[&Subject::English].required, 21.0);
        assert_eq!(balance.subjects[&Subject::Informatics].required, 7.0);
        assert_eq!(balance.subjects[&Subject::ForeignLanguage2].required, 0.0);
        // Grade 10 is outside a lower-secondary school and counts nothing.
        assert_eq!(balance.classes, 10);
    }

    #[test]
    fn single_subject_teacher_fills_their_subject() {
        let balance = school_balance(&rules(), &school(vec![staff(1, &[Subject::English], &["homeroom"], 0.0)]));
        let english = balance.subjects[&Subject::English];
        assert_eq!(english.available, 15.0);
        assert_eq!(english.shortage(), 6.0);
        assert_eq!(english.surplus(), 0.0);
    }

    #[test]
    fn multi_subject_teacher_counted_once() {
        let balance = school_balance(&rules(), &school(vec![staff(1, &[Subject::Informatics, Subject::Music], &[], 0.0)]));
        let informatics = balance.subjects[&Subject::Informatics];
        let music = balance.subjects[&Subject::Music];
        assert_eq!(informatics.available + music.available, 19.0);
        // 14 periods cover both shortages of 7; the 5 left are split evenly.
        assert_eq!(informatics.available, 9.5);
        assert_eq!(music.available, 9.5);
        assert_eq!(balance.teachers, 1);
    }

    #[test]
    fn multi_subject_capacity_follows_shortage() {
        let single_music = staff(1, &[Subject::Music], &[], 0.0);
        let both = staff(2, &[Subject::Informatics, Subject::Music], &["homeroom"], 0.0);
        let balance = school_balance(&rules(), &school(vec![both, single_music]));
        // Music is covered by its own teacher first, so 7 of the 15 periods cover
        // informatics and the 8 left are split evenly.
        assert_eq!(balance.subjects[&Subject::Music].available, 19.0 + 4.0);
        assert_eq!(balance.subjects[&Subject::Informatics].available, 7.0 + 4.0);
    }

    #[test]
    fn unavailable_staff_do_not_count() {
        let mut on_leave = staff(1, &[Subject::English], &[], 0.0);
        on_leave.available = false;
        let balance = school_balance(&rules(), &school(vec![on_leave]));
        assert_eq!(balance.subjects[&Subject::English].available, 0.0);
        assert_eq!(balance.teachers, 0);
    }

    #[test]
    fn inter_school_moves_periods_between_schools() {
        let sender = school_balance(&rules(), &school(vec![staff(1, &[Subject::English], &[], 4.0)]));
        assert_eq!(sender.subjects[&Subject::English].available, 15.0);
        let mut receiving = school(Vec::new());
        receiving.incoming.push((Subject::English, 4.0));
        let receiver = school_balance(&rules(), &receiving);
        assert_eq!(receiver.subjects[&Subject::English].available, 4.0);
        assert_eq!(receiver.subjects[&Subject::English].shortage(), 17.0);
    }

    #[test]
    fn norm_teachers_per_class() {
        let balance = school_balance(&rules(), &school(Vec::new()));
        // Seven lower-secondary classes at 1.9; grade 10's norm is not in these rules.
        assert!((balance.norm_teachers.unwrap() - 13.3).abs() < 1e-9);
    }

    #[test]
    fn totals_keep_shortage_and_surplus_apart() {
        let short = school_balance(&rules(), &school(Vec::new()));
        let mut spare_school = school(vec![staff(1, &[Subject::English], &[], 0.0), staff(2, &[Subject::English], &[], 0.0)]);
        spare_school.school_id = 2;
        let spare = school_balance(&rules(), &spare_school);
        let mut totals = GroupTotals::default();
        totals.add(&short);
        totals.add(&spare);
        let english = totals.subjects[&Subject::English];
        assert_eq!(english.shortage, 21.0);
        assert_eq!(english.surplus, 17.0);
        assert_eq!(english.short_schools, 1);
        assert_eq!(totals.schools, 2);
    }

    #[test]
    fn spare_periods_exclude_own_needs() {
        // English needs 21 periods; two English teachers give 19 + 15 = 34, so 13 are
        // spare: all of the second teacher's 15 minus the 2 still needed after the first.
        let teachers = vec![staff(1, &[Subject::English], &[], 0.0), staff(2, &[Subject::English], &["homeroom"], 0.0)];
        let spare = spare_periods(&rules(), &school(teachers));
        assert_eq!(spare, vec![(1, 0.0), (2, 13.0)]);
        let total: f64 = spare.iter().map(|(_, periods)| periods).sum();
        let balance = school_balance(&rules(), &school(vec![staff(1, &[Subject::English], &[], 0.0), staff(2, &[Subject::English], &["homeroom"], 0.0)]));
        assert_eq!(total, balance.subjects[&Subject::English].surplus(), "spare periods add up to the surplus");
    }
}
