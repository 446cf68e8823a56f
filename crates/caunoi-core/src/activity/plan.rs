//! A cluster's activity plan for one semester: semesters and their months, the status
//! of a planned item, and the share of items carried out.
//!
//! Semester I runs from September to January and semester II from January to May, so
//! January belongs to both: the yearly calendar of the Ministry of Education and
//! Training ends semester I in mid-January.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::school_year::SchoolYear;

/// A semester of a school year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Semester {
    /// Học kỳ I: September to January.
    First,
    /// Học kỳ II: January to May.
    Second,
}

impl Semester {
    pub const ALL: [Semester; 2] = [Semester::First, Semester::Second];

    /// The value of the `semester` column: 1 or 2.
    pub fn number(self) -> i64 {
        match self {
            Semester::First => 1,
            Semester::Second => 2,
        }
    }

    pub fn from_number(number: i64) -> Option<Semester> {
        match number {
            1 => Some(Semester::First),
            2 => Some(Semester::Second),
            _ => None,
        }
    }

    /// Parses `1`, `2`, `I` or `II`, as typed in a URL or a form.
    pub fn parse(raw: &str) -> Option<Semester> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "1" | "I" => Some(Semester::First),
            "2" | "II" => Some(Semester::Second),
            _ => None,
        }
    }

    /// The Roman numeral Vietnamese documents use: `I` or `II`.
    pub fn roman(self) -> &'static str {
        match self {
            Semester::First => "I",
            Semester::Second => "II",
        }
    }

    /// The semester a date falls in. January counts as semester I, which ends in the
    /// middle of that month; June and July, the summer, count as semester II of the
    /// year that is closing.
    pub fn containing(date: NaiveDate) -> (SchoolYear, Semester) {
        let semester = if date.month() >= 8 || date.month() == 1 { Semester::First } else { Semester::Second };
        (SchoolYear::containing(date), semester)
    }

    /// The months of this semester in `year`, in calendar order.
    pub fn months(self, year: SchoolYear) -> Vec<PlanMonth> {
        let start = year.start_year();
        match self {
            Semester::First => {
                let mut months: Vec<PlanMonth> = (9..=12).map(|month| PlanMonth { year: start, month }).collect();
                months.push(PlanMonth { year: start + 1, month: 1 });
                months
            }
            Semester::Second => (1..=5).map(|month| PlanMonth { year: start + 1, month }).collect(),
        }
    }

    /// The semester before this one: semester I of the same year before semester II,
    /// semester II of the previous year before semester I.
    pub fn previous(self, year: SchoolYear) -> Option<(SchoolYear, Semester)> {
        match self {
            Semester::Second => Some((year, Semester::First)),
            Semester::First => SchoolYear::starting(year.start_year() - 1).map(|previous| (previous, Semester::Second)),
        }
    }
}

/// A calendar month an item is planned for, stored as `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlanMonth {
    pub year: i32,
    pub month: u32,
}

impl PlanMonth {
    /// Parses `2026-10` (the value of `<input type="month">`), `10/2026` or `10-2026`.
    pub fn parse(raw: &str) -> Option<PlanMonth> {
        let cleaned: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let (first, second) = cleaned.split_once(['-', '/', '.'])?;
        let (year, month) = if first.len() == 4 { (first, second) } else { (second, first) };
        if year.len() != 4 || month.is_empty() || month.len() > 2 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u32 = month.parse().ok()?;
        ((1..=12).contains(&month) && (2000..=2101).contains(&year)).then_some(PlanMonth { year, month })
    }

    /// The stored form: `2026-10`.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// The form Vietnamese readers expect: `10/2026`.
    pub fn display(self) -> String {
        format!("{:02}/{:04}", self.month, self.year)
    }

    /// The first day of the month.
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }
}

/// Why a planned month was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonthError {
    /// Not a month: neither `YYYY-MM` nor `MM/YYYY`.
    Invalid,
    /// A real month outside the semester's months.
    OutsideSemester(PlanMonth),
}

/// Parses the month an item is planned for and checks that it lies in the semester.
pub fn check_month(raw: &str, year: SchoolYear, semester: Semester) -> Result<PlanMonth, MonthError> {
    let month = PlanMonth::parse(raw).ok_or(MonthError::Invalid)?;
    if semester.months(year).contains(&month) {
        Ok(month)
    } else {
        Err(MonthError::OutsideSemester(month))
    }
}

/// The status of a planned item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanItemStatus {
    Planned,
    Done,
    Cancelled,
}

impl PlanItemStatus {
    pub const ALL: [PlanItemStatus; 3] = [PlanItemStatus::Planned, PlanItemStatus::Done, PlanItemStatus::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanItemStatus::Planned => "planned",
            PlanItemStatus::Done => "done",
            PlanItemStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Option<PlanItemStatus> {
        PlanItemStatus::ALL.into_iter().find(|status| status.as_str() == raw.trim())
    }
}

/// The share of a plan carried out, in percent: done items over the items not
/// cancelled, because a cancelled item is no longer expected to take place. `None`
/// when no item is left to count.
pub fn done_percent(planned: i64, done: i64) -> Option<f64> {
    let counted = planned + done;
    (counted > 0).then(|| done as f64 * 100.0 / counted as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year() -> SchoolYear {
        SchoolYear::starting(2026).unwrap()
    }

    #[test]
    fn first_semester_runs_september_to_january() {
        let keys: Vec<String> = Semester::First.months(year()).into_iter().map(PlanMonth::key).collect();
        assert_eq!(keys, ["2026-09", "2026-10", "2026-11", "2026-12", "2027-01"]);
    }

    #[test]
    fn second_semester_runs_january_to_may() {
        let keys: Vec<String> = Semester::Second.months(year()).into_iter().map(PlanMonth::key).collect();
        assert_eq!(keys, ["2027-01", "2027-02", "2027-03", "2027-04", "2027-05"]);
    }

    #[test]
    fn month_parses_both_orders() {
        assert_eq!(PlanMonth::parse("2026-10"), Some(PlanMonth { year: 2026, month: 10 }));
        assert_eq!(PlanMonth::parse("10/2026"), Some(PlanMonth { year: 2026, month: 10 }));
        assert_eq!(PlanMonth::parse(" 3/2027 "), Some(PlanMonth { year: 2027, month: 3 }));
        assert_eq!(PlanMonth::parse("13/2026"), None);
        assert_eq!(PlanMonth::parse("tháng 10"), None);
        assert_eq!(PlanMonth::parse("2026"), None);
    }

    #[test]
    fn month_outside_semester_is_named() {
        assert_eq!(check_month("2027-01", year(), Semester::First), Ok(PlanMonth { year: 2027, month: 1 }));
        assert_eq!(check_month("2027-01", year(), Semester::Second), Ok(PlanMonth { year: 2027, month: 1 }));
        assert_eq!(
            check_month("2027-03", year(), Semester::First),
            Err(MonthError::OutsideSemester(PlanMonth { year: 2027, month: 3 }))
        );
        assert_eq!(
            check_month("2026-08", year(), Semester::First),
            Err(MonthError::OutsideSemester(PlanMonth { year: 2026, month: 8 }))
        );
        assert_eq!(check_month("abc", year(), Semester::First), Err(MonthError::Invalid));
    }

    #[test]
    fn containing_puts_january_in_first() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(Semester::containing(date(2026, 12, 5)), (year(), Semester::First));
        assert_eq!(Semester::containing(date(2027, 1, 20)), (year(), Semester::First));
        assert_eq!(Semester::containing(date(2027, 2, 1)), (year(), Semester::Second));
        assert_eq!(Semester::containing(date(2026, 8, 15)), (year(), Semester::First));
    }

    #[test]
    fn previous_crosses_school_years() {
        assert_eq!(Semester::Second.previous(year()), Some((year(), Semester::First)));
        assert_eq!(Semester::First.previous(year()), Some((SchoolYear::starting(2025).unwrap(), Semester::Second)));
    }

    #[test]
    fn done_percent_leaves_out_cancelled() {
        assert_eq!(done_percent(3, 1), Some(25.0));
        assert_eq!(done_percent(0, 2), Some(100.0));
        assert_eq!(done_percent(0, 0), None);
    }
}
