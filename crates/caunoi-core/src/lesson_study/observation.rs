//! Step 2: observing the research lesson with a focus on how students learn. The class
//! is drawn as a seating chart of rows and columns. Each observer writes notes stamped
//! with a time to the second (the time of day, or the minute of the lesson), each tied
//! to a seat (a student) or a group of students.

use serde::{Deserialize, Serialize};

use super::{FieldProblem, Problem, checked_text};

/// Largest chart, in rows and columns of seats. NOTE: a guessed bound that fits the
/// usual classrooms with room for odd layouts, not a rule from a circular.
pub const MAX_ROWS: i64 = 12;
pub const MAX_COLUMNS: i64 = 12;
/// Maximum length of a seat's student name or group label, in characters.
pub const MAX_LABEL: usize = 80;
/// Maximum length of a note, in characters.
pub const MAX_NOTE: usize = 2_000;
/// Latest minute of the lesson a note may carry. NOTE: an estimate of the longest
/// observed session (about five periods), not a rule from MOET.
pub const MAX_LESSON_MINUTES: i64 = 300;

/// One seat of the chart, numbered from 1 from the front left.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Seat {
    pub row: i64,
    pub column: i64,
    /// The student's name, if the group wrote one.
    pub student: String,
    /// The group the student works in, such as `Nhóm 2`.
    pub group: String,
}

/// The classroom's seats. Only labelled seats are stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeatingChart {
    pub rows: i64,
    pub columns: i64,
    pub seats: Vec<Seat>,
}

/// Returns the form key of a seat's student name or group, such as `seat_2_3_group`.
pub fn seat_field(row: i64, column: i64, part: &str) -> String {
    format!("seat_{row}_{column}_{part}")
}

impl SeatingChart {
    pub fn seat(&self, row: i64, column: i64) -> Option<&Seat> {
        self.seats.iter().find(|seat| seat.row == row && seat.column == column)
    }

    pub fn contains(&self, row: i64, column: i64) -> bool {
        (1..=self.rows).contains(&row) && (1..=self.columns).contains(&column)
    }

    /// Returns the distinct group labels, in seat order.
    pub fn groups(&self) -> Vec<String> {
        let mut groups: Vec<String> = Vec::new();
        for seat in &self.seats {
            if !seat.group.is_empty() && !groups.contains(&seat.group) {
                groups.push(seat.group.clone());
            }
        }
        groups
    }

    /// Parses the chart form: `rows`, `columns` and, for each seat inside them, the
    /// optional `seat_R_C_student` and `seat_R_C_group`. Labels of seats outside the
    /// new size are dropped, so a smaller chart can be saved.
    pub fn parse<'a>(field: impl Fn(&str) -> &'a str) -> Result<SeatingChart, (SeatingChart, Vec<FieldProblem>)> {
        let mut problems = Vec::new();
        let mut size = |key: &str, max: i64| {
            let raw = field(key).trim();
            match raw.parse::<i64>() {
                Ok(n) if (1..=max).contains(&n) => n,
                _ => {
                    let problem = if raw.is_empty() { Problem::Missing } else { Problem::OutOfRange { value: raw.to_owned(), min: 1, max } };
                    problems.push(FieldProblem::new(key, problem));
                    0
                }
            }
        };
        let rows = size("rows", MAX_ROWS);
        let columns = size("columns", MAX_COLUMNS);
        let mut chart = SeatingChart { rows, columns, seats: Vec::new() };
        for row in 1..=rows {
            for column in 1..=columns {
                let student = checked_text(&seat_field(row, column, "student"), field(&seat_field(row, column, "student")), MAX_LABEL, false, false, &mut problems);
                let group = checked_text(&seat_field(row, column, "group"), field(&seat_field(row, column, "group")), MAX_LABEL, false, false, &mut problems);
                if !student.is_empty() || !group.is_empty() {
                    chart.seats.push(Seat { row, column, student, group });
                }
            }
        }
        if problems.is_empty() { Ok(chart) } else { Err((chart, problems)) }
    }
}

/// When a note was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "seconds", rename_all = "snake_case")]
pub enum NoteTime {
    /// Seconds after midnight, Vietnam time.
    Clock(i64),
    /// Seconds after the lesson began.
    Lesson(i64),
}

impl NoteTime {
    pub fn kind_str(self) -> &'static str {
        match self {
            NoteTime::Clock(_) => "clock",
            NoteTime::Lesson(_) => "lesson",
        }
    }

    pub fn seconds(self) -> i64 {
        match self {
            NoteTime::Clock(seconds) | NoteTime::Lesson(seconds) => seconds,
        }
    }

    pub fn from_columns(kind: &str, seconds: i64) -> NoteTime {
        if kind == "lesson" { NoteTime::Lesson(seconds) } else { NoteTime::Clock(seconds) }
    }

    /// Formats the time as typed: `09:05:30` for a clock time, `12:05` (minutes and
    /// seconds) for a minute of the lesson.
    pub fn text(self) -> String {
        match self {
            NoteTime::Clock(s) => format!("{:02}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60),
            NoteTime::Lesson(s) => format!("{:02}:{:02}", s / 60, s % 60),
        }
    }
}

/// Parses a time of day: `9:05`, `09:05:30`, or the Vietnamese `9h05`.
pub fn parse_clock(raw: &str) -> Option<i64> {
    let text = raw.trim().to_lowercase().replace('h', ":");
    let parts: Vec<&str> = text.split(':').collect();
    let number = |part: &str, max: i64| part.parse::<i64>().ok().filter(|n| (0..=max).contains(n) && part.len() <= 2);
    let (hours, minutes, seconds) = match parts.as_slice() {
        [h, m] => (number(h, 23)?, number(m, 59)?, 0),
        [h, m, s] => (number(h, 23)?, number(m, 59)?, number(s, 59)?),
        _ => return None,
    };
    Some(hours * 3600 + minutes * 60 + seconds)
}

/// Parses a minute of the lesson: `12` (minutes) or `12:30` (minutes and seconds),
/// up to [`MAX_LESSON_MINUTES`].
pub fn parse_lesson_minute(raw: &str) -> Option<i64> {
    let text = raw.trim();
    let (minutes, seconds) = match text.split_once(':') {
        Some((m, s)) => (m.parse::<i64>().ok()?, s.parse::<i64>().ok().filter(|s| (0..60).contains(s))?),
        None => (text.parse::<i64>().ok()?, 0),
    };
    ((0..=MAX_LESSON_MINUTES).contains(&minutes) && !(minutes == MAX_LESSON_MINUTES && seconds > 0)).then_some(minutes * 60 + seconds)
}

/// The subject of a note: a seat or a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoteTarget {
    Seat { row: i64, column: i64 },
    Group { name: String },
}

/// A note as typed, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteInput {
    pub time: NoteTime,
    pub target: NoteTarget,
    pub body: String,
}

/// The raw fields of the note form.
#[derive(Debug, Clone, Default)]
pub struct NoteFields<'a> {
    /// `clock` or `lesson`.
    pub time_kind: &'a str,
    /// Empty takes `now_clock`.
    pub time: &'a str,
    /// `seat:R:C` or `group`.
    pub target: &'a str,
    pub group: &'a str,
    pub body: &'a str,
}

/// Parses a note against the chart. An empty clock time takes `now_clock` (seconds
/// after midnight in Vietnam), so an observer can note at once while watching.
pub fn parse_note(fields: &NoteFields<'_>, chart: &SeatingChart, now_clock: i64) -> Result<NoteInput, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let raw_time = fields.time.trim();
    let time = match fields.time_kind.trim() {
        "lesson" => match parse_lesson_minute(raw_time) {
            Some(seconds) => Some(NoteTime::Lesson(seconds)),
            None if raw_time.is_empty() => {
                problems.push(FieldProblem::new("time", Problem::Missing));
                None
            }
            None => {
                problems.push(FieldProblem::new("time", Problem::Invalid { value: raw_time.to_owned() }));
                None
            }
        },
        "clock" | "" => match (raw_time.is_empty(), parse_clock(raw_time)) {
            (true, _) => Some(NoteTime::Clock(now_clock)),
            (false, Some(seconds)) => Some(NoteTime::Clock(seconds)),
            (false, None) => {
                problems.push(FieldProblem::new("time", Problem::Invalid { value: raw_time.to_owned() }));
                None
            }
        },
        other => {
            problems.push(FieldProblem::new("time_kind", Problem::Invalid { value: other.to_owned() }));
            None
        }
    };
    let target = parse_target(fields, chart, &mut problems);
    let body = checked_text("body", fields.body, MAX_NOTE, true, true, &mut problems);
    match (time, target) {
        (Some(time), Some(target)) if problems.is_empty() => Ok(NoteInput { time, target, body }),
        _ => Err(problems),
    }
}

fn parse_target(fields: &NoteFields<'_>, chart: &SeatingChart, problems: &mut Vec<FieldProblem>) -> Option<NoteTarget> {
    let raw = fields.target.trim();
    if raw == "group" {
        let name = checked_text("group", fields.group, MAX_LABEL, true, false, problems);
        return (!name.is_empty() && name.chars().count() <= MAX_LABEL).then_some(NoteTarget::Group { name });
    }
    let seat = raw.strip_prefix("seat:").and_then(|rest| rest.split_once(':')).and_then(|(row, column)| Some((row.parse::<i64>().ok()?, column.parse::<i64>().ok()?)));
    match seat {
        Some((row, column)) if chart.contains(row, column) => Some(NoteTarget::Seat { row, column }),
        _ if raw.is_empty() => {
            problems.push(FieldProblem::new("target", Problem::Missing));
            None
        }
        _ => {
            problems.push(FieldProblem::new("target", Problem::Invalid { value: raw.to_owned() }));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn chart() -> SeatingChart {
        SeatingChart { rows: 2, columns: 3, seats: vec![Seat { row: 1, column: 2, student: "An".into(), group: "Nhóm 1".into() }] }
    }

    #[test]
    fn clock_times_to_the_second() {
        assert_eq!(parse_clock("9:05"), Some(9 * 3600 + 5 * 60));
        assert_eq!(parse_clock("09:05:30"), Some(9 * 3600 + 5 * 60 + 30));
        assert_eq!(parse_clock("9h05"), Some(9 * 3600 + 5 * 60));
        assert_eq!(parse_clock("24:00"), None);
        assert_eq!(parse_clock("9:60"), None);
        assert_eq!(NoteTime::Clock(9 * 3600 + 5 * 60 + 30).text(), "09:05:30");
    }

    #[test]
    fn lesson_minutes_to_the_second() {
        assert_eq!(parse_lesson_minute("12"), Some(720));
        assert_eq!(parse_lesson_minute("12:30"), Some(750));
        assert_eq!(parse_lesson_minute("12:60"), None);
        assert_eq!(parse_lesson_minute("301"), None);
        assert_eq!(parse_lesson_minute("-1"), None);
        assert_eq!(NoteTime::Lesson(750).text(), "12:30");
    }

    #[test]
    fn note_on_a_seat_or_group() {
        let fields = NoteFields { time_kind: "lesson", time: "7:15", target: "seat:1:2", body: "Em An lúng túng", ..NoteFields::default() };
        let note = parse_note(&fields, &chart(), 0).expect("valid");
        assert_eq!(note.time, NoteTime::Lesson(435));
        assert_eq!(note.target, NoteTarget::Seat { row: 1, column: 2 });
        let group = NoteFields { target: "group", group: "Nhóm 1", body: "Thảo luận sôi nổi", ..NoteFields::default() };
        let note = parse_note(&group, &chart(), 100).expect("valid");
        assert_eq!(note.time, NoteTime::Clock(100));
        assert_eq!(note.target, NoteTarget::Group { name: "Nhóm 1".into() });
    }

    #[test]
    fn note_rejects_each_bad_field() {
        let fields = NoteFields { time_kind: "clock", time: "25:00", target: "seat:3:1", body: " ", ..NoteFields::default() };
        let problems = parse_note(&fields, &chart(), 0).expect_err("invalid");
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["time", "target", "body"]);
    }

    #[test]
    fn chart_keeps_labelled_seats() {
        let map: HashMap<&str, &str> = HashMap::from([("rows", "2"), ("columns", "2"), ("seat_2_1_student", "Bình"), ("seat_3_1_student", "ngoài")]);
        let chart = SeatingChart::parse(|key| map.get(key).copied().unwrap_or("")).expect("valid");
        assert_eq!(chart.seats, vec![Seat { row: 2, column: 1, student: "Bình".into(), group: String::new() }]);
        let bad: HashMap<&str, &str> = HashMap::from([("rows", "13"), ("columns", "")]);
        let (_, problems) = SeatingChart::parse(|key| bad.get(key).copied().unwrap_or("")).expect_err("invalid");
        assert_eq!(problems[0].problem, Problem::OutOfRange { value: "13".into(), min: 1, max: MAX_ROWS });
        assert_eq!(problems[1].problem, Problem::Missing);
    }
}
