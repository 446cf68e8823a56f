//! Checking a school's values against a template version, for the school's level.
//!
//! Every problem names where it is ([`ItemPath`]) and what is wrong ([`ProblemCode`])
//! with the figures involved, so screens and the workbook upload can each say it in
//! Vietnamese at the right place (an input, or a sheet and cell).

use serde::{Deserialize, Serialize};

use super::definition::{ColumnKind, Field, FieldKind, Rule, TableRows, TemplateDefinition};
use super::values::{ItemPath, Operand, ParseProblem, Value, Values};
use crate::org::SchoolLevel;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    Required,
    NotANumber,
    NotAnInteger,
    NotADate,
    NotYesNo,
    UnknownChoice,
    BelowMin,
    AboveMax,
    TooLong,
    TooManyRows,
    /// A percentage is entered without the number that weighs it.
    WeightMissing,
    /// A value for a field, row or column the template does not have at this level.
    Unexpected,
    WrongType,
    /// `left ≤ right` failed.
    AtMost,
    /// `Σ parts = total` failed.
    SumEquals,
}

/// Maximum length of the text of a field or cell, whatever its template sets: an .xlsx cell
/// holds at most 32,767 characters, and a report needs far fewer.
pub const TEXT_LIMIT: usize = 5_000;

impl ProblemCode {
    /// Tells whether the problem is about the shape of the values (keys, types, sizes),
    /// which even a draft may not have. The other problems only block a submission.
    pub fn blocks_draft(self) -> bool {
        matches!(
            self,
            ProblemCode::UnknownChoice
                | ProblemCode::TooLong
                | ProblemCode::TooManyRows
                | ProblemCode::Unexpected
                | ProblemCode::WrongType
        )
    }

    /// The Fluent message id that explains the problem.
    pub fn message_id(self) -> &'static str {
        match self {
            ProblemCode::Required => "report-problem-required",
            ProblemCode::NotANumber => "report-problem-not-a-number",
            ProblemCode::NotAnInteger => "report-problem-not-an-integer",
            ProblemCode::NotADate => "report-problem-not-a-date",
            ProblemCode::NotYesNo => "report-problem-not-yes-no",
            ProblemCode::UnknownChoice => "report-problem-unknown-choice",
            ProblemCode::BelowMin => "report-problem-below-min",
            ProblemCode::AboveMax => "report-problem-above-max",
            ProblemCode::TooLong => "report-problem-too-long",
            ProblemCode::TooManyRows => "report-problem-too-many-rows",
            ProblemCode::WeightMissing => "report-problem-weight-missing",
            ProblemCode::Unexpected => "report-problem-unexpected",
            ProblemCode::WrongType => "report-problem-wrong-type",
            ProblemCode::AtMost => "report-problem-at-most",
            ProblemCode::SumEquals => "report-problem-sum-equals",
        }
    }
}

impl From<ParseProblem> for ProblemCode {
    fn from(problem: ParseProblem) -> ProblemCode {
        match problem {
            ParseProblem::NotANumber => ProblemCode::NotANumber,
            ParseProblem::NotAnInteger => ProblemCode::NotAnInteger,
            ParseProblem::NotADate => ProblemCode::NotADate,
            ParseProblem::NotYesNo => ProblemCode::NotYesNo,
            ParseProblem::UnknownChoice => ProblemCode::UnknownChoice,
        }
    }
}

/// One problem, at one place. `args` are Fluent arguments: `label` (the field, row and
/// column labels joined by " › "), and as relevant `value`, `min`, `max`, `left`,
/// `right`, `expected`, `actual`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub path: ItemPath,
    pub code: ProblemCode,
    pub args: Vec<(String, String)>,
}

impl Problem {
    fn new(path: ItemPath, code: ProblemCode, label: String) -> Problem {
        Problem { path, code, args: vec![("label".to_owned(), label)] }
    }

    fn with(mut self, name: &str, value: impl ToString) -> Problem {
        self.args.push((name.to_owned(), value.to_string()));
        self
    }

    /// A value that could not be read as typed: `raw` is what the person entered.
    pub fn unreadable(path: ItemPath, problem: ParseProblem, label: impl Into<String>, raw: &str) -> Problem {
        Problem::new(path, problem.into(), label.into()).with("value", raw.trim())
    }

    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// Formats a number the Vietnamese way for messages: `1.234,5`.
pub fn format_number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let whole = rounded.abs().trunc() as i64;
    let fraction = ((rounded.abs() - rounded.abs().trunc()) * 100.0).round() as i64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if negative { "-" } else { "" };
    match fraction {
        0 => format!("{sign}{grouped}"),
        f if f % 10 == 0 => format!("{sign}{grouped},{}", f / 10),
        f => format!("{sign}{grouped},{f:02}"),
    }
}

/// Parses what a person typed for a field (not a table) into a value; `Ok(None)` for
/// an empty input.
pub fn parse_field_input(kind: &FieldKind, raw: &str) -> Result<Option<Value>, ParseProblem> {
    use super::values::{match_choice, parse_date, parse_integer, parse_number, parse_yes_no};
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let value = match kind {
        FieldKind::Integer { .. } => Value::Integer(parse_integer(raw)?),
        FieldKind::Decimal { .. } | FieldKind::Percent { .. } => Value::Decimal(parse_number(raw)?),
        FieldKind::Text { .. } => Value::Text(crate::text::normalize(raw)),
        FieldKind::Choice { options } => Value::Choice(match_choice(options, raw)?.clone()),
        FieldKind::MultiChoice { options } => {
            let mut chosen = Vec::new();
            for part in raw.split([';', '\n']).filter(|part| !part.trim().is_empty()) {
                let option = match_choice(options, part)?.clone();
                if !chosen.contains(&option) {
                    chosen.push(option);
                }
            }
            Value::Choices(chosen)
        }
        FieldKind::Date => Value::Date(parse_date(raw)?),
        FieldKind::YesNo => Value::Bool(parse_yes_no(raw)?),
        FieldKind::File => Value::File(raw.trim().parse().map_err(|_| ParseProblem::NotANumber)?),
        FieldKind::Table(_) => return Ok(None),
    };
    Ok(Some(value))
}

/// Parses what a person typed in a table cell; `Ok(None)` for an empty cell.
pub fn parse_cell_input(kind: ColumnKind, raw: &str) -> Result<Option<Value>, ParseProblem> {
    use super::values::{parse_integer, parse_number};
    if raw.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(match kind {
        ColumnKind::Integer => Value::Integer(parse_integer(raw)?),
        ColumnKind::Decimal | ColumnKind::Percent => Value::Decimal(parse_number(raw)?),
        ColumnKind::Text => Value::Text(crate::text::normalize(raw)),
    }))
}

/// Checks `values` for a school of `level`. Returns every problem, fields first in
/// template order, then the cross-field rules whose operands are all valid.
pub fn validate(definition: &TemplateDefinition, level: Option<SchoolLevel>, values: &Values) -> Vec<Problem> {
    validate_typed(definition, level, values, &[])
}

/// Like [`validate`] for values read from what a person typed, where the inputs at
/// `unreadable` could not be read (their problems are reported by the caller): those
/// inputs are not reported again as missing, and no rule that reads them is checked.
pub fn validate_typed(definition: &TemplateDefinition, level: Option<SchoolLevel>, values: &Values, unreadable: &[ItemPath]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let fields: Vec<&Field> = definition.fields_for(level).collect();
    for key in values.0.keys() {
        if !fields.iter().any(|field| &field.key == key) {
            problems.push(Problem::new(ItemPath::field(key), ProblemCode::Unexpected, key.clone()));
        }
    }
    for field in &fields {
        check_field(definition, field, level, values, &mut problems);
    }
    problems.retain(|problem| problem.code != ProblemCode::Required || !unreadable.contains(&problem.path));
    let mut bad: Vec<ItemPath> = problems.iter().map(|problem| problem.path.clone()).collect();
    bad.extend_from_slice(unreadable);
    for rule in &definition.rules {
        check_rule(definition, rule, level, values, &bad, &mut problems);
    }
    problems
}

/// Tells whether a problem at `path` makes `operand` (on `row`, for a row-by-row
/// column) unreliable.
fn touches(path: &ItemPath, operand: &Operand, row: Option<&str>) -> bool {
    let whole_field = path.row.is_none() && path.column.is_none();
    match operand {
        Operand::Field(key) => &path.field == key,
        Operand::Cell { table, row, column } => {
            &path.field == table && (whole_field || (path.row.as_deref() == Some(row.as_str()) && path.column.as_ref() == Some(column)))
        }
        Operand::Column { table, column } => {
            &path.field == table && (whole_field || (path.row.as_deref() == row && path.column.as_ref() == Some(column)))
        }
        Operand::ColumnTotal { table, column } => &path.field == table && (whole_field || path.column.as_ref() == Some(column)),
    }
}

fn check_field(definition: &TemplateDefinition, field: &Field, level: Option<SchoolLevel>, values: &Values, problems: &mut Vec<Problem>) {
    let path = ItemPath::field(&field.key);
    let label = field.label.clone();
    let Some(value) = values.get(&field.key).filter(|value| !value.is_blank()) else {
        if field.required {
            problems.push(Problem::new(path, ProblemCode::Required, label));
        }
        return;
    };
    match (&field.kind, value) {
        (FieldKind::Integer { min, max, .. }, Value::Integer(n)) => {
            check_range(path, label, *n as f64, min.map(|m| m as f64), max.map(|m| m as f64), problems);
        }
        (FieldKind::Decimal { min, max, .. }, Value::Decimal(_) | Value::Integer(_)) => {
            check_range(path, label, value.as_f64().unwrap_or_default(), *min, *max, problems);
        }
        (FieldKind::Percent { weight }, Value::Decimal(_) | Value::Integer(_)) => {
            check_range(path.clone(), label.clone(), value.as_f64().unwrap_or_default(), Some(0.0), Some(100.0), problems);
            if let Some(weight) = weight {
                if values.get(weight).and_then(Value::as_f64).is_none() {
                    let weight_label = definition.field(weight).map_or(weight.clone(), |f| f.label.clone());
                    problems.push(Problem::new(path, ProblemCode::WeightMissing, label).with("weight", weight_label));
                }
            }
        }
        (FieldKind::Text { max_len, .. }, Value::Text(text)) => {
            let max = max_len.unwrap_or(TEXT_LIMIT).min(TEXT_LIMIT);
            if text.chars().count() > max {
                problems.push(Problem::new(path, ProblemCode::TooLong, label).with("max", max));
            }
        }
        (FieldKind::Choice { options }, Value::Choice(chosen)) => {
            if !options.contains(chosen) {
                problems.push(Problem::new(path, ProblemCode::UnknownChoice, label).with("value", chosen));
            }
        }
        (FieldKind::MultiChoice { options }, Value::Choices(chosen)) => {
            if let Some(unknown) = chosen.iter().find(|c| !options.contains(c)) {
                problems.push(Problem::new(path, ProblemCode::UnknownChoice, label).with("value", unknown));
            }
        }
        (FieldKind::Date, Value::Date(_)) | (FieldKind::YesNo, Value::Bool(_)) | (FieldKind::File, Value::File(_)) => {}
        (FieldKind::Table(table), Value::Table(rows)) => {
            let fixed = table.rows_for(level);
            if let TableRows::Open { max_rows } = table.rows {
                if rows.len() > max_rows as usize {
                    problems.push(Problem::new(path.clone(), ProblemCode::TooManyRows, label.clone()).with("max", max_rows));
                }
            }
            for row in rows {
                let row_label = match &table.rows {
                    TableRows::Fixed { .. } => match fixed.iter().find(|def| def.key == row.key) {
                        Some(def) => def.label.clone(),
                        None => {
                            let at = ItemPath { field: field.key.clone(), row: Some(row.key.clone()), column: None };
                            problems.push(Problem::new(at, ProblemCode::Unexpected, format!("{label} › {}", row.key)));
                            continue;
                        }
                    },
                    TableRows::Open { .. } => row.key.clone(),
                };
                for (column_key, cell) in &row.cells {
                    let at = ItemPath::cell(&field.key, &row.key, column_key);
                    let Some(column) = table.column(column_key) else {
                        problems.push(Problem::new(at, ProblemCode::Unexpected, format!("{label} › {row_label} › {column_key}")));
                        continue;
                    };
                    let cell_label = format!("{label} › {row_label} › {}", column.label);
                    match (column.kind, cell) {
                        (ColumnKind::Integer, Value::Integer(_))
                        | (ColumnKind::Decimal | ColumnKind::Percent, Value::Integer(_) | Value::Decimal(_)) => {
                            let max = if column.kind == ColumnKind::Percent { column.max.or(Some(100.0)) } else { column.max };
                            let min = if column.kind == ColumnKind::Percent { column.min.or(Some(0.0)) } else { column.min };
                            check_range(at, cell_label, cell.as_f64().unwrap_or_default(), min, max, problems);
                        }
                        (ColumnKind::Text, Value::Text(text)) => {
                            if text.chars().count() > TEXT_LIMIT {
                                problems.push(Problem::new(at, ProblemCode::TooLong, cell_label).with("max", TEXT_LIMIT));
                            }
                        }
                        _ => problems.push(Problem::new(at, ProblemCode::WrongType, cell_label)),
                    }
                }
            }
            for column in table.columns.iter().filter(|column| column.required) {
                for def in &fixed {
                    let entered = rows
                        .iter()
                        .find(|row| row.key == def.key)
                        .and_then(|row| row.cells.get(&column.key))
                        .is_some_and(|cell| !cell.is_blank());
                    if !entered {
                        let at = ItemPath::cell(&field.key, &def.key, &column.key);
                        problems.push(Problem::new(at, ProblemCode::Required, format!("{label} › {} › {}", def.label, column.label)));
                    }
                }
            }
        }
        _ => problems.push(Problem::new(path, ProblemCode::WrongType, label)),
    }
}

fn check_range(path: ItemPath, label: String, value: f64, min: Option<f64>, max: Option<f64>, problems: &mut Vec<Problem>) {
    if let Some(min) = min.filter(|min| value < *min) {
        problems.push(Problem::new(path, ProblemCode::BelowMin, label).with("value", format_number(value)).with("min", format_number(min)));
    } else if let Some(max) = max.filter(|max| value > *max) {
        problems.push(Problem::new(path, ProblemCode::AboveMax, label).with("value", format_number(value)).with("max", format_number(max)));
    }
}

/// The value of an operand for one row (`row`: the row of a row-by-row rule), with the
/// path and label it is reported at. Missing numbers are `None`.
fn operand_value(definition: &TemplateDefinition, operand: &Operand, row: Option<&str>, values: &Values) -> Option<f64> {
    match operand {
        Operand::Field(key) => values.get(key).and_then(Value::as_f64),
        Operand::Cell { table, row, column } => values.cell(table, row, column).and_then(Value::as_f64),
        Operand::Column { table, column } => values.cell(table, row?, column).and_then(Value::as_f64),
        Operand::ColumnTotal { table, column } => match values.get(table) {
            Some(Value::Table(rows)) => {
                let _ = definition;
                Some(rows.iter().filter_map(|r| r.cells.get(column).and_then(Value::as_f64)).sum())
            }
            _ => None,
        },
    }
}

fn operand_label(definition: &TemplateDefinition, operand: &Operand, row: Option<&str>) -> String {
    let field_label = |key: &str| definition.field(key).map_or(key.to_owned(), |f| f.label.clone());
    let table_parts = |table: &str, row: Option<&str>, column: &str| {
        let spec = match definition.field(table).map(|f| &f.kind) {
            Some(FieldKind::Table(spec)) => Some(spec),
            _ => None,
        };
        let column_label = spec.and_then(|s| s.column(column)).map_or(column.to_owned(), |c| c.label.clone());
        let row_label = row.map(|row| match spec.map(|s| &s.rows) {
            Some(TableRows::Fixed { rows }) => rows.iter().find(|r| r.key == row).map_or(row.to_owned(), |r| r.label.clone()),
            _ => row.to_owned(),
        });
        match row_label {
            Some(row_label) => format!("{} › {row_label} › {column_label}", field_label(table)),
            None => format!("{} › {column_label}", field_label(table)),
        }
    };
    match operand {
        Operand::Field(key) => field_label(key),
        Operand::Cell { table, row, column } => table_parts(table, Some(row), column),
        Operand::Column { table, column } => table_parts(table, row, column),
        Operand::ColumnTotal { table, column } => table_parts(table, None, column),
    }
}

/// The rows a rule runs over: every row of the one table all its column operands read,
/// or a single pass (`None`) when no operand is a row-by-row column.
fn rule_rows(operands: &[Operand], values: &Values) -> Vec<Option<String>> {
    let table = operands.iter().find_map(|operand| match operand {
        Operand::Column { table, .. } => Some(table.clone()),
        _ => None,
    });
    match table.and_then(|table| values.get(&table).cloned()) {
        Some(Value::Table(rows)) => rows.into_iter().map(|row| Some(row.key)).collect(),
        _ if operands.iter().any(|o| matches!(o, Operand::Column { .. })) => Vec::new(),
        _ => vec![None],
    }
}

fn check_rule(
    definition: &TemplateDefinition,
    rule: &Rule,
    level: Option<SchoolLevel>,
    values: &Values,
    bad: &[ItemPath],
    problems: &mut Vec<Problem>,
) {
    let exists = |operand: &Operand| definition.fields_for(level).any(|field| field.key == operand.field());
    let tainted = |operands: &[&Operand], row: Option<&str>| bad.iter().any(|path| operands.iter().any(|o| touches(path, o, row)));
    let at = |operand: &Operand, row: Option<&str>| match operand {
        Operand::Field(key) => ItemPath::field(key),
        Operand::Cell { table, row, column } => ItemPath::cell(table, row, column),
        Operand::Column { table, column } => ItemPath { field: table.clone(), row: row.map(str::to_owned), column: Some(column.clone()) },
        Operand::ColumnTotal { table, .. } => ItemPath::field(table),
    };
    match rule {
        Rule::AtMost { left, right } => {
            let (Some(left), Some(right)) = (Operand::parse(left), Operand::parse(right)) else { return };
            if !exists(&left) || !exists(&right) {
                return;
            }
            for row in rule_rows(&[left.clone(), right.clone()], values) {
                let row = row.as_deref();
                if tainted(&[&left, &right], row) {
                    continue;
                }
                let (Some(l), Some(r)) = (operand_value(definition, &left, row, values), operand_value(definition, &right, row, values)) else {
                    continue;
                };
                if l > r {
                    problems.push(
                        Problem::new(at(&left, row), ProblemCode::AtMost, operand_label(definition, &left, row))
                            .with("value", format_number(l))
                            .with("right", operand_label(definition, &right, row))
                            .with("max", format_number(r)),
                    );
                }
            }
        }
        Rule::SumEquals { parts, total } => {
            let Some(total) = Operand::parse(total) else { return };
            let Some(parts) = parts.iter().map(|p| Operand::parse(p)).collect::<Option<Vec<_>>>() else { return };
            if !exists(&total) || !parts.iter().all(exists) {
                return;
            }
            let mut operands = parts.clone();
            operands.push(total.clone());
            let all: Vec<&Operand> = operands.iter().collect();
            for row in rule_rows(&operands, values) {
                let row = row.as_deref();
                if tainted(&all, row) {
                    continue;
                }
                let Some(expected) = operand_value(definition, &total, row, values) else { continue };
                let sum: Option<f64> = parts.iter().map(|p| operand_value(definition, p, row, values)).sum();
                let Some(sum) = sum else { continue };
                if (sum - expected).abs() > 1e-6 {
                    let labels: Vec<String> = parts.iter().map(|p| operand_label(definition, p, row)).collect();
                    problems.push(
                        Problem::new(at(&total, row), ProblemCode::SumEquals, operand_label(definition, &total, row))
                            .with("expected", format_number(expected))
                            .with("actual", format_number(sum))
                            .with("parts", labels.join(" + ")),
                    );
                }
            }
        }
    }
}

pub use super::check::definition_problems;

/// A key is 1 to 40 characters of ASCII letters, digits and `_`.
pub fn is_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 40 && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests;
