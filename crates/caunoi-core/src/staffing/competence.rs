//! Competencies of a staff record beyond the trained major: subjects qualified by
//! certificates, the professional-standard rating, the level a teacher is appointed
//! to, and yes/no cells.
//!
//! Like [`super::record`], each parser takes trimmed NFC text and returns the stored
//! value or the Fluent id of the message that names the fix.

use serde::{Deserialize, Serialize};

use super::Subject;
use super::record::Invalid;
use crate::org::SchoolLevel;
use crate::text::fold;

/// The rating of the professional standard for general-education teachers
/// (Circular 20/2018/TT-BGDĐT Art. 5): Tốt, Khá, Đạt or Chưa đạt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardRating {
    /// Tốt.
    Excellent,
    /// Khá.
    Good,
    /// Đạt.
    Pass,
    /// Chưa đạt.
    Fail,
}

impl StandardRating {
    pub const ALL: [StandardRating; 4] = [StandardRating::Excellent, StandardRating::Good, StandardRating::Pass, StandardRating::Fail];

    /// Returns the key stored in `staff_members.standard_rating`.
    pub fn as_str(self) -> &'static str {
        match self {
            StandardRating::Excellent => "excellent",
            StandardRating::Good => "good",
            StandardRating::Pass => "pass",
            StandardRating::Fail => "fail",
        }
    }

    pub fn from_key(key: &str) -> Option<StandardRating> {
        StandardRating::ALL.into_iter().find(|rating| rating.as_str() == key)
    }

    /// Reads a rating as evaluation sheets write it ("Tốt", "Khá", "Đạt", "Chưa đạt",
    /// also "CĐ" and the stored keys).
    pub fn parse(text: &str) -> Result<StandardRating, Invalid> {
        let folded = fold(text);
        if let Some(rating) = StandardRating::from_key(&folded) {
            return Ok(rating);
        }
        let rating = match folded.as_str() {
            "tot" | "muc tot" | "xuat sac" | "t" => StandardRating::Excellent,
            "kha" | "muc kha" | "k" => StandardRating::Good,
            "dat" | "muc dat" | "d" => StandardRating::Pass,
            "chua dat" | "khong dat" | "cd" => StandardRating::Fail,
            _ => return Err("staff-invalid-standard-rating"),
        };
        Ok(rating)
    }
}

/// The levels a teacher can be appointed to teach.
pub const TEACHING_LEVELS: [SchoolLevel; 3] = [SchoolLevel::Primary, SchoolLevel::LowerSecondary, SchoolLevel::UpperSecondary];

/// Reads the level a teacher is appointed to ("Tiểu học", "THCS", "THPT"), which sets
/// the quota in a multi-level school.
pub fn parse_teaching_level(text: &str) -> Result<SchoolLevel, Invalid> {
    let folded = fold(text);
    if let Some(level) = TEACHING_LEVELS.into_iter().find(|level| level.as_str() == folded) {
        return Ok(level);
    }
    let level = match folded.as_str() {
        "tieu hoc" | "th" | "cap 1" | "cap i" | "primary" => SchoolLevel::Primary,
        "trung hoc co so" | "thcs" | "cap 2" | "cap ii" | "lower secondary" => SchoolLevel::LowerSecondary,
        "trung hoc pho thong" | "thpt" | "cap 3" | "cap iii" | "upper secondary" => SchoolLevel::UpperSecondary,
        _ => return Err("staff-invalid-teaching-level"),
    };
    Ok(level)
}

/// Words before a subject's name in a certificates cell, folded, longest first so
/// that "chung chi boi duong" is stripped whole.
const CERTIFICATE_PREFIXES: &[&str] = &[
    "chung chi boi duong day ",
    "chung chi boi duong ",
    "chung chi day ",
    "chung chi ",
    "van bang 2 ",
    "van bang hai ",
    "bang 2 ",
    "boi duong day ",
    "boi duong ",
    "day ",
    "cc ",
    "vb2 ",
];

/// Reads the subjects a certificates cell qualifies for ("Văn bằng 2 Tiếng Anh;
/// Chứng chỉ bồi dưỡng dạy Tin học"). Returns the first part that names no subject as
/// the error, because a certificate that is silently dropped would hide a teacher.
pub fn certificate_subjects(text: &str) -> Result<Vec<Subject>, (Invalid, String)> {
    let mut subjects = Vec::new();
    for part in text.split([',', ';', '\n', '+']).map(str::trim).filter(|part| !part.is_empty()) {
        let subject = Subject::parse(part).or_else(|| {
            let folded = fold(part);
            CERTIFICATE_PREFIXES.iter().find_map(|prefix| folded.strip_prefix(prefix)).and_then(Subject::parse)
        });
        match subject {
            Some(subject) if !subjects.contains(&subject) => subjects.push(subject),
            Some(_) => {}
            None => return Err(("staff-invalid-certificate", part.to_owned())),
        }
    }
    Ok(subjects)
}

/// Reads a yes/no cell or checkbox: "x", "Có", "1" and "true" are yes; "Không", "0"
/// and "false" are no.
pub fn parse_flag(text: &str) -> Result<bool, Invalid> {
    match fold(text).as_str() {
        "x" | "co" | "1" | "yes" | "true" | "on" | "c" => Ok(true),
        "khong" | "0" | "no" | "false" | "off" | "k" | "-" => Ok(false),
        _ => Err("staff-invalid-flag"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_of_sheets() {
        assert_eq!(StandardRating::parse("Tốt"), Ok(StandardRating::Excellent));
        assert_eq!(StandardRating::parse("KHÁ"), Ok(StandardRating::Good));
        assert_eq!(StandardRating::parse("Đạt"), Ok(StandardRating::Pass));
        assert_eq!(StandardRating::parse("Chưa đạt"), Ok(StandardRating::Fail));
        assert_eq!(StandardRating::parse("pass"), Ok(StandardRating::Pass));
        assert_eq!(StandardRating::parse("Giỏi"), Err("staff-invalid-standard-rating"));
    }

    #[test]
    fn teaching_levels_of_lists() {
        assert_eq!(parse_teaching_level("Tiểu học"), Ok(SchoolLevel::Primary));
        assert_eq!(parse_teaching_level("THCS"), Ok(SchoolLevel::LowerSecondary));
        assert_eq!(parse_teaching_level("upper_secondary"), Ok(SchoolLevel::UpperSecondary));
        assert_eq!(parse_teaching_level("Mầm non"), Err("staff-invalid-teaching-level"));
    }

    #[test]
    fn certificates_name_subjects() {
        let subjects = certificate_subjects("Văn bằng 2 Tiếng Anh; Chứng chỉ bồi dưỡng dạy Tin học").unwrap();
        assert_eq!(subjects, vec![Subject::English, Subject::Informatics]);
        assert_eq!(certificate_subjects("Âm nhạc"), Ok(vec![Subject::Music]));
        assert_eq!(certificate_subjects("CC Mỹ thuật, cc mỹ thuật"), Ok(vec![Subject::FineArts]));
        assert_eq!(certificate_subjects("Chứng chỉ B tiếng Pháp du lịch"), Err(("staff-invalid-certificate", "Chứng chỉ B tiếng Pháp du lịch".to_owned())));
    }

    #[test]
    fn flags_of_cells() {
        assert_eq!(parse_flag("x"), Ok(true));
        assert_eq!(parse_flag("Có"), Ok(true));
        assert_eq!(parse_flag("Không"), Ok(false));
        assert_eq!(parse_flag("có lẽ"), Err("staff-invalid-flag"));
    }
}
