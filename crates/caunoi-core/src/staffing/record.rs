//! The values of a staff record as staff lists and forms write them, parsed into
//! the forms stored in `staff_members`.
//!
//! Each parser takes trimmed, NFC text and returns the stored value, or the Fluent id
//! of the message that explains what is wrong (`staff-invalid-…`). The import and the
//! edit form share these parsers, so a value accepted in one is accepted in the other.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::text::fold;

/// Rejection of one value: the Fluent id of the message that names the fix.
pub type Invalid = &'static str;

/// Earliest and latest accepted birth years; staff are of working age.
const MIN_BIRTH_YEAR: i32 = 1940;
const MIN_AGE_YEARS: i32 = 16;

/// Reads a date of birth written as dd/mm/yyyy (also with `-` or `.`), dd/mm/yy,
/// yyyy-mm-dd or an Excel serial day number. A two-digit year is read as the latest
/// year that leaves the person at least 16 years old in `today`'s year.
pub fn parse_birth_date(text: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let date = parse_date(text, today).ok_or("staff-invalid-birth-date")?;
    if date.year() < MIN_BIRTH_YEAR || date.year() > today.year() - MIN_AGE_YEARS {
        return Err("staff-invalid-birth-date-range");
    }
    Ok(date)
}

fn parse_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let text = text.trim();
    // calamine writes a date cell as its serial number, sometimes with a time part.
    if let Ok(serial) = text.parse::<f64>() {
        return excel_serial_date(serial);
    }
    if let Ok(date) = NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d") {
        return Some(date);
    }
    let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let (day, month) = (day.parse::<u32>().ok()?, month.parse::<u32>().ok()?);
    let year = match year.len() {
        4 => year.parse::<i32>().ok()?,
        2 => two_digit_year(year.parse::<i32>().ok()?, today),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Places a two-digit year in the latest century that leaves the person of working age.
fn two_digit_year(year: i32, today: NaiveDate) -> i32 {
    let latest = today.year() - MIN_AGE_YEARS;
    let century = latest - latest.rem_euclid(100);
    if century + year <= latest { century + year } else { century - 100 + year }
}

/// Converts an Excel serial day number (1900 date system, day 1 = 1900-01-01, with
/// Excel's phantom 29 February 1900 counted) into a date.
fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !(61.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_days(chrono::Days::new(serial.trunc() as u64))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }

    /// Reads `Nam`/`Nữ` and their usual short and English forms.
    pub fn parse(text: &str) -> Result<Gender, Invalid> {
        match fold(text).as_str() {
            "nu" | "f" | "female" => Ok(Gender::Female),
            "nam" | "m" | "male" => Ok(Gender::Male),
            _ => Err("staff-invalid-gender"),
        }
    }
}

/// What a person does at the school; it decides whether they teach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Teacher,
    Principal,
    DeputyHead,
    Staff,
}

impl Position {
    pub const ALL: [Position; 4] = [Position::Teacher, Position::Principal, Position::DeputyHead, Position::Staff];

    pub fn as_str(self) -> &'static str {
        match self {
            Position::Teacher => "teacher",
            Position::Principal => "principal",
            Position::DeputyHead => "deputy_head",
            Position::Staff => "staff",
        }
    }

    pub fn from_key(key: &str) -> Option<Position> {
        Position::ALL.into_iter().find(|position| position.as_str() == key)
    }

    /// Reads a position as staff lists write it ("Giáo viên", "Phó Hiệu trưởng", "PHT").
    pub fn parse(text: &str) -> Result<Position, Invalid> {
        let folded = fold(text);
        if let Some(position) = Position::from_key(&folded.replace(' ', "_")) {
            return Ok(position);
        }
        let position = match folded.as_str() {
            "giao vien" | "gv" | "giao vien day lop" | "giao vien bo mon" => Position::Teacher,
            "hieu truong" | "ht" | "giam doc" => Position::Principal,
            "pho hieu truong" | "pht" | "pho ht" | "pho giam doc" => Position::DeputyHead,
            "nhan vien" | "nv" | "ke toan" | "van thu" | "thu vien" | "y te" | "thiet bi" | "bao ve" | "phuc vu" => Position::Staff,
            _ => return Err("staff-invalid-position"),
        };
        Ok(position)
    }
}

/// The highest qualification level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualification {
    Doctor,
    Master,
    Bachelor,
    College,
    Intermediate,
    Other,
}

impl Qualification {
    pub const ALL: [Qualification; 6] = [
        Qualification::Doctor,
        Qualification::Master,
        Qualification::Bachelor,
        Qualification::College,
        Qualification::Intermediate,
        Qualification::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Qualification::Doctor => "doctor",
            Qualification::Master => "master",
            Qualification::Bachelor => "bachelor",
            Qualification::College => "college",
            Qualification::Intermediate => "intermediate",
            Qualification::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Qualification> {
        Qualification::ALL.into_iter().find(|level| level.as_str() == key)
    }

    /// Reads a level as staff lists write it ("Đại học", "ĐHSP", "ThS", "Cao đẳng").
    pub fn parse(text: &str) -> Result<Qualification, Invalid> {
        let folded = fold(text);
        if let Some(level) = Qualification::from_key(&folded) {
            return Ok(level);
        }
        let level = match folded.as_str() {
            "tien si" | "ts" => Qualification::Doctor,
            "thac si" | "ths" => Qualification::Master,
            "dai hoc" | "dh" | "dhsp" | "cu nhan" | "ky su" => Qualification::Bachelor,
            "cao dang" | "cd" | "cdsp" => Qualification::College,
            "trung cap" | "tc" | "thsp" => Qualification::Intermediate,
            "khac" => Qualification::Other,
            _ => return Err("staff-invalid-qualification"),
        };
        Ok(level)
    }
}

/// A duty held beside teaching. The keys are those of `staff_duties.duty`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    /// Giáo viên chủ nhiệm (GVCN).
    Homeroom,
    /// Tổ trưởng chuyên môn.
    SubjectGroupHead,
    /// Tổ phó chuyên môn.
    SubjectGroupDeputy,
    /// Tổng phụ trách Đội.
    PioneerLeader,
    /// Bí thư Đoàn trường.
    YouthUnionSecretary,
    /// Chủ tịch Công đoàn.
    TradeUnionChair,
}

impl Duty {
    pub const ALL: [Duty; 6] = [
        Duty::Homeroom,
        Duty::SubjectGroupHead,
        Duty::SubjectGroupDeputy,
        Duty::PioneerLeader,
        Duty::YouthUnionSecretary,
        Duty::TradeUnionChair,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Duty::Homeroom => "homeroom",
            Duty::SubjectGroupHead => "subject_group_head",
            Duty::SubjectGroupDeputy => "subject_group_deputy",
            Duty::PioneerLeader => "pioneer_leader",
            Duty::YouthUnionSecretary => "youth_union",
            Duty::TradeUnionChair => "trade_union",
        }
    }

    pub fn from_key(key: &str) -> Option<Duty> {
        Duty::ALL.into_iter().find(|duty| duty.as_str() == key)
    }
}

/// The duties of a roles cell, and whether it names the person a core teacher or a
/// teacher on probation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    pub duties: Vec<Duty>,
    pub core_teacher: bool,
    pub on_probation: bool,
}

/// Reads a roles cell ("GVCN 6A1, Tổ trưởng; Cốt cán; Tập sự"). A class name after a homeroom
/// role is ignored. Returns the first part that names no known role as the error.
pub fn parse_roles(text: &str) -> Result<Roles, (Invalid, String)> {
    let mut roles = Roles::default();
    for part in text.split([',', ';', '\n', '+']).map(str::trim).filter(|part| !part.is_empty()) {
        let folded = fold(part);
        if matches!(folded.as_str(), "cot can" | "giao vien cot can" | "gv cot can" | "core teacher") {
            roles.core_teacher = true;
            continue;
        }
        if matches!(folded.as_str(), "tap su" | "giao vien tap su" | "gv tap su" | "dang tap su" | "probation") {
            roles.on_probation = true;
            continue;
        }
        let duty = duty_of(&folded).ok_or(("staff-invalid-role", part.to_owned()))?;
        if !roles.duties.contains(&duty) {
            roles.duties.push(duty);
        }
    }
    Ok(roles)
}

fn duty_of(folded: &str) -> Option<Duty> {
    if let Some(duty) = Duty::from_key(&folded.replace(' ', "_")) {
        return Some(duty);
    }
    let homeroom = ["gvcn", "chu nhiem", "giao vien chu nhiem", "cn"];
    if homeroom.iter().any(|prefix| folded == *prefix || folded.starts_with(&format!("{prefix} "))) {
        return Some(Duty::Homeroom);
    }
    let duty = match folded {
        "to truong" | "tt" | "ttcm" | "to truong chuyen mon" | "to truong cm" => Duty::SubjectGroupHead,
        "to pho" | "tp" | "tpcm" | "to pho chuyen mon" | "to pho cm" => Duty::SubjectGroupDeputy,
        "tong phu trach" | "tong phu trach doi" | "tpt" | "tpt doi" => Duty::PioneerLeader,
        "bi thu doan" | "bi thu doan truong" | "bi thu" => Duty::YouthUnionSecretary,
        "chu tich cong doan" | "ct cong doan" | "ctcd" => Duty::TradeUnionChair,
        _ => return None,
    };
    Some(duty)
}

/// Citizen identity cards (CCCD) have 12 digits and the former identity cards (CMND) 9.
const CCCD_DIGITS: usize = 12;
const CMND_DIGITS: usize = 9;

/// Reads an identity number. A number of 10 or 11 digits is a CCCD whose leading
/// zeros a spreadsheet dropped (CCCDs start with the province code, `001` to `096`),
/// so the zeros are restored.
pub fn parse_identity_number(text: &str) -> Result<String, Invalid> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("staff-invalid-identity-number");
    }
    match digits.len() {
        CCCD_DIGITS | CMND_DIGITS => Ok(digits),
        10 | 11 => Ok(format!("{digits:0>CCCD_DIGITS$}")),
        _ => Err("staff-invalid-identity-number"),
    }
}

/// Reads a Vietnamese phone number: `+84` or `84` becomes `0`, spaces, dots and dashes
/// go, and a 9-digit number that lost its leading zero in a spreadsheet gets it back.
/// The result has 10 digits and starts with `0`.
pub fn parse_phone(text: &str) -> Result<String, Invalid> {
    let compact: String = text.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')')).collect();
    let national = if let Some(rest) = compact.strip_prefix("+84") {
        format!("0{rest}")
    } else if compact.len() == 11 && compact.starts_with("84") {
        format!("0{}", &compact[2..])
    } else if compact.len() == 9 && !compact.starts_with('0') {
        format!("0{compact}")
    } else {
        compact
    };
    let valid = national.len() == 10 && national.starts_with('0') && national.bytes().all(|b| b.is_ascii_digit());
    if valid { Ok(national) } else { Err("staff-invalid-phone") }
}

/// Reads an email address, in lower case. Checks its shape only: one `@`, a local
/// part of letters, digits and `. _ % + -`, and a dotted domain of letters, digits and
/// `-`.
pub fn parse_email(text: &str) -> Result<String, Invalid> {
    let email = text.trim().to_lowercase();
    let local_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let domain_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.chars().all(local_char)
                && domain.chars().all(domain_char)
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        }
        None => false,
    };
    if valid { Ok(email) } else { Err("staff-invalid-email") }
}

/// The largest weekly load accepted; a full-time quota is at most 23 periods.
pub const MAX_PERIODS_PER_WEEK: f64 = 60.0;

/// Reads the periods taught per week, with `,` or `.` as the decimal mark.
pub fn parse_periods(text: &str) -> Result<f64, Invalid> {
    let periods: f64 = text.trim().replace(',', ".").parse().map_err(|_| "staff-invalid-periods")?;
    if !(0.0..=MAX_PERIODS_PER_WEEK).contains(&periods) {
        return Err("staff-invalid-periods");
    }
    Ok(periods)
}

/// Keeps a staff code as written, dropping only the `.0` a spreadsheet adds to numbers.
pub fn clean_staff_code(text: &str) -> String {
    text.trim().strip_suffix(".0").unwrap_or(text.trim()).to_owned()
}

/// The longest full name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// Checks a full name: at least one letter and at most [`MAX_NAME_CHARS`] characters.
pub fn parse_full_name(text: &str) -> Result<String, Invalid> {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err("staff-missing-name");
    }
    if name.chars().count() > MAX_NAME_CHARS || !name.chars().any(char::is_alphabetic) {
        return Err("staff-invalid-name");
    }
    Ok(name)
}

/// The subjects a trained major qualifies for: "Sư phạm Toán", "ĐHSP Tin học" and
/// "Cử nhân Tiếng Anh" name their subject after the prefix.
pub fn major_subjects(major: &str) -> Vec<super::Subject> {
    let (mut subjects, unknown) = super::Subject::parse_list(major);
    for part in unknown {
        let folded = fold(&part);
        let stripped = ["su pham ", "dhsp ", "cdsp ", "cu nhan ", "ky su "]
            .iter()
            .find_map(|prefix| folded.strip_prefix(prefix));
        if let Some(subject) = stripped.and_then(super::Subject::parse) {
            if !subjects.contains(&subject) {
                subjects.push(subject);
            }
        }
    }
    subjects
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn birth_dates_in_every_layout() {
        assert_eq!(parse_birth_date("04/03/1985", today()), Ok(ymd(1985, 3, 4)));
        assert_eq!(parse_birth_date("4-3-1985", today()), Ok(ymd(1985, 3, 4)));
        assert_eq!(parse_birth_date("1985-03-04", today()), Ok(ymd(1985, 3, 4)));
        assert_eq!(parse_birth_date("04/03/85", today()), Ok(ymd(1985, 3, 4)));
        assert_eq!(parse_birth_date("04/03/02", today()), Ok(ymd(2002, 3, 4)));
        // 31110 is 4 March 1985 in Excel's 1900 date system.
        assert_eq!(parse_birth_date("31110", today()), Ok(ymd(1985, 3, 4)));
    }

    #[test]
    fn birth_dates_rejected() {
        assert_eq!(parse_birth_date("31/02/1985", today()), Err("staff-invalid-birth-date"));
        assert_eq!(parse_birth_date("không rõ", today()), Err("staff-invalid-birth-date"));
        assert_eq!(parse_birth_date("01/01/2020", today()), Err("staff-invalid-birth-date-range"));
        assert_eq!(parse_birth_date("01/01/1900", today()), Err("staff-invalid-birth-date-range"));
    }

    #[test]
    fn identity_numbers_keep_zeros() {
        assert_eq!(parse_identity_number("079185001234"), Ok("079185001234".to_owned()));
        assert_eq!(parse_identity_number("79185001234"), Ok("079185001234".to_owned()));
        assert_eq!(parse_identity_number("025 123 456"), Ok("025123456".to_owned()));
        assert_eq!(parse_identity_number("07918500123A"), Err("staff-invalid-identity-number"));
        assert_eq!(parse_identity_number("1234"), Err("staff-invalid-identity-number"));
    }

    #[test]
    fn phones_normalise() {
        assert_eq!(parse_phone("0903 123 456"), Ok("0903123456".to_owned()));
        assert_eq!(parse_phone("+84 903.123.456"), Ok("0903123456".to_owned()));
        assert_eq!(parse_phone("903123456"), Ok("0903123456".to_owned()));
        assert_eq!(parse_phone("12345"), Err("staff-invalid-phone"));
    }

    #[test]
    fn roles_give_duties() {
        let roles = parse_roles("GVCN 6A1, Tổ trưởng; Cốt cán").unwrap();
        assert_eq!(roles.duties, vec![Duty::Homeroom, Duty::SubjectGroupHead]);
        assert!(roles.core_teacher);
        assert!(!roles.on_probation);
        assert!(parse_roles("GVCN 1A; Tập sự").unwrap().on_probation);
        assert_eq!(parse_roles("Thủ quỹ"), Err(("staff-invalid-role", "Thủ quỹ".to_owned())));
    }

    #[test]
    fn codes_of_lists() {
        assert_eq!(Position::parse("Phó Hiệu trưởng"), Ok(Position::DeputyHead));
        assert_eq!(Position::parse("Bảo mẫu"), Err("staff-invalid-position"));
        assert_eq!(Qualification::parse("ĐHSP"), Ok(Qualification::Bachelor));
        assert_eq!(Qualification::parse("ThS"), Ok(Qualification::Master));
        assert_eq!(Gender::parse("Nữ"), Ok(Gender::Female));
        assert_eq!(parse_email("Co.Lan@Truong.edu.vn"), Ok("co.lan@truong.edu.vn".to_owned()));
        assert_eq!(parse_email("lan@"), Err("staff-invalid-email"));
        assert_eq!(parse_email("a@b.c<script>"), Err("staff-invalid-email"));
        assert_eq!(parse_email("lan@@truong.edu.vn"), Err("staff-invalid-email"));
        assert_eq!(parse_periods("17,5"), Ok(17.5));
        assert_eq!(parse_periods("-1"), Err("staff-invalid-periods"));
        assert_eq!(clean_staff_code("00123.0"), "00123");
    }

    #[test]
    fn majors_name_subjects() {
        use super::super::Subject;
        assert_eq!(major_subjects("Sư phạm Toán"), vec![Subject::Maths]);
        assert_eq!(major_subjects("ĐHSP Tin học"), vec![Subject::Informatics]);
        assert_eq!(major_subjects("Tiếng Anh"), vec![Subject::English]);
        assert!(major_subjects("Quản trị kinh doanh").is_empty());
    }
}
