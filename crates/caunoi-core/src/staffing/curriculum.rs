//! The 2018 general-education curriculum's periods, mapped to [`Subject`] keys.
//!
//! The curriculum table names some subjects jointly: "Nghệ thuật (Âm nhạc, Mĩ thuật)"
//! in grades 1–9 and "Tin học và Công nghệ" in grades 3–5. Music and fine arts, and
//! informatics and technology, are taught by different teachers, so each joint row is
//! split into its two halves with half the periods each.

use crate::org::SchoolLevel;
use crate::staffing::Subject;

/// Maps one curriculum row to its subjects with the periods each one takes. Returns
/// an empty list for rows that name no subject a teacher is counted for: totals, meta
/// rows and the elective learning topics (chuyên đề học tập), which the teachers of
/// the elective subjects teach.
pub fn subjects_of_row(subject_vi: &str, periods: f64) -> Vec<(Subject, f64)> {
    let name = subject_vi.trim();
    match name {
        "Nghệ thuật (Âm nhạc, Mĩ thuật)" => vec![(Subject::Music, periods / 2.0), (Subject::FineArts, periods / 2.0)],
        "Tin học và Công nghệ" => vec![(Subject::Informatics, periods / 2.0), (Subject::Technology, periods / 2.0)],
        _ => {
            // "Ngoại ngữ 1 (tự chọn lớp 1, 2)": the bracket only tells when it is optional.
            let base = name.split(" (").next().unwrap_or(name);
            Subject::parse(base).map(|subject| vec![(subject, periods)]).unwrap_or_default()
        }
    }
}

/// Returns the grades a school of `level` teaches, none for preschools and continuing education.
#[expect(clippy::reversed_empty_ranges, reason = "1..=0 is the empty range of grades, on purpose")]
pub fn grades_of(level: SchoolLevel) -> std::ops::RangeInclusive<i32> {
    match level {
        SchoolLevel::Primary => 1..=5,
        SchoolLevel::LowerSecondary => 6..=9,
        SchoolLevel::UpperSecondary => 10..=12,
        SchoolLevel::MultiLevel => 1..=12,
        SchoolLevel::Preschool | SchoolLevel::ContinuingEducation => 1..=0,
    }
}

/// Returns the level whose quota and norms apply to a grade.
pub fn level_of_grade(grade: i32) -> Option<SchoolLevel> {
    match grade {
        1..=5 => Some(SchoolLevel::Primary),
        6..=9 => Some(SchoolLevel::LowerSecondary),
        10..=12 => Some(SchoolLevel::UpperSecondary),
        _ => None,
    }
}

/// More classes in one grade than any school runs; a larger count is a typing error.
pub const MAX_CLASSES_PER_GRADE: i64 = 100;

/// The reason a class count was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClassCountError {
    #[error("grade {grade} is not taught at a {level} school")]
    GradeOutsideLevel { grade: i32, level: &'static str },
    #[error("{count} classes in grade {grade} is outside 0..={MAX_CLASSES_PER_GRADE}")]
    OutOfRange { grade: i32, count: i64 },
}

/// Checks one grade's class count for a school of `level`.
pub fn check_class_count(level: SchoolLevel, grade: i32, count: i64) -> Result<(), ClassCountError> {
    if !grades_of(level).contains(&grade) {
        return Err(ClassCountError::GradeOutsideLevel { grade, level: level.as_str() });
    }
    if !(0..=MAX_CLASSES_PER_GRADE).contains(&count) {
        return Err(ClassCountError::OutOfRange { grade, count });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_counts_checked_against_level() {
        assert_eq!(check_class_count(SchoolLevel::LowerSecondary, 6, 8), Ok(()));
        assert_eq!(
            check_class_count(SchoolLevel::LowerSecondary, 3, 8),
            Err(ClassCountError::GradeOutsideLevel { grade: 3, level: "lower_secondary" })
        );
        assert_eq!(check_class_count(SchoolLevel::Primary, 1, -1), Err(ClassCountError::OutOfRange { grade: 1, count: -1 }));
        assert_eq!(check_class_count(SchoolLevel::Primary, 1, 101), Err(ClassCountError::OutOfRange { grade: 1, count: 101 }));
        assert!(check_class_count(SchoolLevel::Preschool, 1, 1).is_err());
    }

    #[test]
    fn joint_rows_split_in_halves() {
        assert_eq!(subjects_of_row("Nghệ thuật (Âm nhạc, Mĩ thuật)", 70.0), vec![(Subject::Music, 35.0), (Subject::FineArts, 35.0)]);
        assert_eq!(subjects_of_row("Tin học và Công nghệ", 70.0), vec![(Subject::Informatics, 35.0), (Subject::Technology, 35.0)]);
    }

    #[test]
    fn official_names_map_to_subjects() {
        let cases = [
            ("Ngoại ngữ 1", Subject::English),
            ("Ngoại ngữ 1 (tự chọn lớp 1, 2)", Subject::English),
            ("Hoạt động trải nghiệm", Subject::Experiential),
            ("Hoạt động trải nghiệm, hướng nghiệp", Subject::Experiential),
            ("Giáo dục quốc phòng và an ninh", Subject::DefenceSecurity),
            ("Khoa học", Subject::Science),
            ("Mĩ thuật", Subject::FineArts),
            ("Hoá học", Subject::Chemistry),
        ];
        for (name, subject) in cases {
            assert_eq!(subjects_of_row(name, 35.0), vec![(subject, 35.0)], "{name}");
        }
    }

    #[test]
    fn totals_and_topics_map_to_nothing() {
        assert!(subjects_of_row("Tổng số tiết/năm học (không kể môn tự chọn)", 875.0).is_empty());
        assert!(subjects_of_row("Chuyên đề học tập lựa chọn (3 cụm chuyên đề)", 105.0).is_empty());
    }

    #[test]
    fn every_curriculum_subject_row_maps() {
        let text = include_str!("../../../../reference-data/rules/curriculum_2018_periods.csv");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            let record = record.unwrap();
            let (subject, category) = (&record[2], &record[4]);
            let counted = matches!(category, "compulsory" | "compulsory_activity" | "elective_choice" | "optional");
            if counted && !subject.starts_with("Chuyên đề") {
                assert!(!subjects_of_row(subject, 35.0).is_empty(), "unmapped curriculum row {subject}");
            }
        }
    }
}
