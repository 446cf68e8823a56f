//! School years such as `2025-2026`.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A school year, named by the calendar year it starts in.
///
/// Vietnamese school years open in early September and close by the end of May, with
/// summer in between, so a date from August onwards belongs to the year starting then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SchoolYear(i32);

impl SchoolYear {
    pub fn starting(year: i32) -> Option<SchoolYear> {
        (2000..=2100).contains(&year).then_some(SchoolYear(year))
    }

    pub fn containing(date: NaiveDate) -> SchoolYear {
        let start = if date.month() >= 8 { date.year() } else { date.year() - 1 };
        SchoolYear(start)
    }

    pub fn start_year(self) -> i32 {
        self.0
    }

    pub fn next(self) -> SchoolYear {
        SchoolYear(self.0 + 1)
    }

    /// Parses `2025-2026`, `2025–2026` (en dash) or `2025 - 2026`.
    pub fn parse(raw: &str) -> Option<SchoolYear> {
        let cleaned: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let (first, second) = cleaned.split_once(['-', '–', '/'])?;
        let start: i32 = first.parse().ok()?;
        let end: i32 = second.parse().ok()?;
        if end != start + 1 {
            return None;
        }
        SchoolYear::starting(start)
    }
}

impl fmt::Display for SchoolYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.0, self.0 + 1)
    }
}

impl TryFrom<String> for SchoolYear {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        SchoolYear::parse(&value).ok_or_else(|| format!("invalid school year {value:?}"))
    }
}

impl From<SchoolYear> for String {
    fn from(year: SchoolYear) -> String {
        year.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_dashes() {
        assert_eq!(SchoolYear::parse("2025-2026"), SchoolYear::starting(2025));
        assert_eq!(SchoolYear::parse("2025 – 2026"), SchoolYear::starting(2025));
    }

    #[test]
    fn parse_rejects_non_consecutive_years() {
        assert_eq!(SchoolYear::parse("2025-2027"), None);
        assert_eq!(SchoolYear::parse("2025"), None);
    }

    #[test]
    fn containing_switches_in_august() {
        let july = NaiveDate::from_ymd_opt(2026, 7, 31).unwrap();
        let august = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
        assert_eq!(SchoolYear::containing(july).to_string(), "2025-2026");
        assert_eq!(SchoolYear::containing(august).to_string(), "2026-2027");
    }
}
