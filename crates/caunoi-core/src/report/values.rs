//! The values a school enters in a report, and the parsing of what it typed.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A school's answers, by field key. Missing keys are empty fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Values(pub BTreeMap<String, Value>);

/// One answer. Percentages are `Decimal` values from 0 to 100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
pub enum Value {
    Integer(i64),
    Decimal(f64),
    Text(String),
    Choice(String),
    Choices(Vec<String>),
    Date(NaiveDate),
    Bool(bool),
    /// An attachment id.
    File(i64),
    Table(Vec<TableRow>),
}

/// A row of a table answer. `key` is the row's key for fixed rows and its position
/// from "1" for open rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    pub key: String,
    pub cells: BTreeMap<String, Value>,
}

impl Value {
    /// The number inside an integer or decimal value.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Integer(n) => Some(*n as f64),
            Value::Decimal(x) => Some(*x),
            _ => None,
        }
    }

    /// True for text that is empty after trimming and for empty lists.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Text(text) | Value::Choice(text) => text.trim().is_empty(),
            Value::Choices(list) => list.is_empty(),
            Value::Table(rows) => rows.is_empty(),
            _ => false,
        }
    }
}

impl Values {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// The cell of a table field, if entered.
    pub fn cell(&self, field: &str, row: &str, column: &str) -> Option<&Value> {
        match self.0.get(field)? {
            Value::Table(rows) => rows.iter().find(|r| r.key == row)?.cells.get(column),
            _ => None,
        }
    }
}

/// Where a value sits: a field, or a cell of a table field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ItemPath {
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

impl ItemPath {
    pub fn field(key: &str) -> ItemPath {
        ItemPath { field: key.to_owned(), row: None, column: None }
    }

    pub fn cell(field: &str, row: &str, column: &str) -> ItemPath {
        ItemPath { field: field.to_owned(), row: Some(row.to_owned()), column: Some(column.to_owned()) }
    }

    /// The name of the form input holding this value: `f.students`, `f.grades.g6.girls`.
    pub fn input_name(&self) -> String {
        match (&self.row, &self.column) {
            (Some(row), Some(column)) => format!("f.{}.{row}.{column}", self.field),
            _ => format!("f.{}", self.field),
        }
    }
}

/// An operand of a [`crate::report::Rule`], parsed from its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operand {
    /// `students`: a scalar field.
    Field(String),
    /// `grades.girls`: a column, taken row by row.
    Column { table: String, column: String },
    /// `grades.*.girls`: the total of a column.
    ColumnTotal { table: String, column: String },
    /// `grades.g6.girls`: one cell.
    Cell { table: String, row: String, column: String },
}

impl Operand {
    pub fn parse(path: &str) -> Option<Operand> {
        let parts: Vec<&str> = path.split('.').collect();
        if parts.iter().any(|part| part.is_empty()) {
            return None;
        }
        let owned = |s: &str| s.to_owned();
        match parts.as_slice() {
            [field] => Some(Operand::Field(owned(field))),
            [table, column] => Some(Operand::Column { table: owned(table), column: owned(column) }),
            [table, "*", column] => Some(Operand::ColumnTotal { table: owned(table), column: owned(column) }),
            [table, row, column] => Some(Operand::Cell { table: owned(table), row: owned(row), column: owned(column) }),
            _ => None,
        }
    }

    /// The field the operand reads.
    pub fn field(&self) -> &str {
        match self {
            Operand::Field(field) => field,
            Operand::Column { table, .. } | Operand::ColumnTotal { table, .. } | Operand::Cell { table, .. } => table,
        }
    }
}

/// Why typed text is not a valid value; the caller names the field and the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParseProblem {
    NotANumber,
    NotAnInteger,
    NotADate,
    NotYesNo,
    UnknownChoice,
}

/// Reads a number as Vietnamese users type it: `1.234` and `1 234` are one thousand two
/// hundred thirty-four, `12,5` and `12.5` are twelve and a half, `1.234,5` mixes both.
/// A trailing `%` is allowed.
pub fn parse_number(raw: &str) -> Result<f64, ParseProblem> {
    let text: String = raw.trim().trim_end_matches('%').chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if text.is_empty() {
        return Err(ParseProblem::NotANumber);
    }
    let commas = text.matches(',').count();
    let dots = text.matches('.').count();
    let canonical = match (commas, dots) {
        (0, 0) => text,
        // `1.234.567` or `1.234`: thousands when every group after a dot has three digits.
        (0, _) if thousands_groups(&text, '.') && (dots > 1 || text.len() - text.rfind('.').unwrap_or(0) == 4) => {
            text.replace('.', "")
        }
        (0, 1) => text,
        (1, 0) => text.replace(',', "."),
        (_, 0) if thousands_groups(&text, ',') => text.replace(',', ""),
        (1, _) if text.rfind(',') > text.rfind('.') && thousands_groups(&text[..text.rfind(',').unwrap_or(0)], '.') => {
            text.replace('.', "").replace(',', ".")
        }
        _ => return Err(ParseProblem::NotANumber),
    };
    let value: f64 = canonical.parse().map_err(|_| ParseProblem::NotANumber)?;
    if value.is_finite() { Ok(value) } else { Err(ParseProblem::NotANumber) }
}

fn thousands_groups(text: &str, separator: char) -> bool {
    let mut groups = text.trim_start_matches(['-', '+']).split(separator);
    let first = groups.next().unwrap_or("");
    !first.is_empty()
        && first.len() <= 3
        && first.chars().all(|c| c.is_ascii_digit())
        && groups.all(|group| group.len() == 3 && group.chars().all(|c| c.is_ascii_digit()))
}

/// Reads a whole number; `1.234` is a thousand and more, `12,0` is twelve.
pub fn parse_integer(raw: &str) -> Result<i64, ParseProblem> {
    let value = parse_number(raw)?;
    if value.fract() != 0.0 || value.abs() > 9.0e15 {
        return Err(ParseProblem::NotAnInteger);
    }
    Ok(value as i64)
}

/// Reads `dd/mm/yyyy` (also with `-` or `.`) or ISO `yyyy-mm-dd`.
pub fn parse_date(raw: &str) -> Result<NaiveDate, ParseProblem> {
    let text = raw.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&text.replace(['-', '.'], "/"), "%d/%m/%Y"))
        .map_err(|_| ParseProblem::NotADate)
}

/// Reads yes or no: `có`, `x`, `yes`, `1`, `true`, `đúng` and their negatives.
pub fn parse_yes_no(raw: &str) -> Result<bool, ParseProblem> {
    match crate::text::fold(raw.trim()).as_str() {
        "co" | "x" | "yes" | "y" | "1" | "true" | "dung" | "c" => Ok(true),
        "khong" | "no" | "n" | "0" | "false" | "sai" | "k" => Ok(false),
        _ => Err(ParseProblem::NotYesNo),
    }
}

/// Finds the option a typed choice means, ignoring case, tone marks and spacing.
pub fn match_choice<'a>(options: &'a [String], raw: &str) -> Result<&'a String, ParseProblem> {
    let wanted = crate::text::fold(raw.trim());
    options.iter().find(|option| crate::text::fold(option) == wanted).ok_or(ParseProblem::UnknownChoice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_number_forms() {
        assert_eq!(parse_number("1.234"), Ok(1234.0));
        assert_eq!(parse_number("1 234"), Ok(1234.0));
        assert_eq!(parse_number("12,5"), Ok(12.5));
        assert_eq!(parse_number("12.5"), Ok(12.5));
        assert_eq!(parse_number("1.234,5"), Ok(1234.5));
        assert_eq!(parse_number("1,234,567"), Ok(1_234_567.0));
        assert_eq!(parse_number("87,5%"), Ok(87.5));
        assert_eq!(parse_number("-3"), Ok(-3.0));
        assert_eq!(parse_number("abc"), Err(ParseProblem::NotANumber));
        assert_eq!(parse_number(""), Err(ParseProblem::NotANumber));
        assert_eq!(parse_number("1,2,3"), Err(ParseProblem::NotANumber));
        assert_eq!(parse_number("inf"), Err(ParseProblem::NotANumber));
    }

    #[test]
    fn integers_reject_fractions() {
        assert_eq!(parse_integer("12,0"), Ok(12));
        assert_eq!(parse_integer("12,5"), Err(ParseProblem::NotAnInteger));
        assert_eq!(parse_integer("1.234"), Ok(1234));
    }

    #[test]
    fn dates_and_yes_no() {
        let date = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        assert_eq!(parse_date("15/01/2026"), Ok(date));
        assert_eq!(parse_date("2026-01-15"), Ok(date));
        assert_eq!(parse_date("15-01-2026"), Ok(date));
        assert_eq!(parse_date("31/02/2026"), Err(ParseProblem::NotADate));
        assert_eq!(parse_yes_no("Có"), Ok(true));
        assert_eq!(parse_yes_no("KHÔNG"), Ok(false));
        assert_eq!(parse_yes_no("maybe"), Err(ParseProblem::NotYesNo));
    }

    #[test]
    fn operands() {
        assert_eq!(Operand::parse("students"), Some(Operand::Field("students".into())));
        assert_eq!(
            Operand::parse("grades.*.girls"),
            Some(Operand::ColumnTotal { table: "grades".into(), column: "girls".into() })
        );
        assert_eq!(Operand::parse("a..b"), None);
        assert_eq!(Operand::parse("a.b.c.d"), None);
    }

    #[test]
    fn values_round_trip_as_json() {
        let mut values = Values::default();
        values.0.insert("students".into(), Value::Integer(420));
        values.0.insert(
            "grades".into(),
            Value::Table(vec![TableRow { key: "g6".into(), cells: [("girls".to_owned(), Value::Integer(50))].into() }]),
        );
        let json = serde_json::to_string(&values).unwrap();
        assert_eq!(serde_json::from_str::<Values>(&json).unwrap(), values);
        assert_eq!(values.cell("grades", "g6", "girls"), Some(&Value::Integer(50)));
    }
}
