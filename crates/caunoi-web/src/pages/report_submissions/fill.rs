//! The report form: inputs built from a template's definition for a school's level,
//! and the form post read back into values with every problem at its input.
//!
//! Inputs are named by `ItemPath::input_name()` (`f.students`, `f.grades.g6.girls`).
//! What the school typed is kept as text, so a form shown again after a problem holds
//! exactly what was typed.

use std::collections::{BTreeMap, HashMap};

use caunoi_core::org::SchoolLevel;
use caunoi_core::report::definition::applies;
use caunoi_core::report::validate::{parse_cell_input, parse_field_input};
use caunoi_core::report::{
    ColumnKind, FieldKind, ItemPath, Problem, ProblemCode, TableRow, TableRows, TemplateDefinition, Value, Values,
};

use super::problem_message;
use crate::i18n::Locale;

/// Rows offered for a table with open rows: those filled plus this many blank ones.
const OPEN_BLANK_ROWS: usize = 3;

/// Text typed per input name.
pub type Typed = HashMap<String, String>;

/// Messages per input name.
pub type Errors = BTreeMap<String, String>;

pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct CellView {
    pub name: String,
    pub id: String,
    pub value: String,
    pub label: String,
    pub numeric: bool,
    pub error: Option<String>,
}

pub struct RowView {
    pub label: String,
    pub cells: Vec<CellView>,
}

pub struct TableView {
    pub columns: Vec<String>,
    pub rows: Vec<RowView>,
}

pub struct FieldView {
    pub name: String,
    pub id: String,
    pub label: String,
    pub help: String,
    pub required: bool,
    /// `number`, `text`, `textarea`, `choice`, `multi`, `date`, `yes_no`, `file` or `table`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<OptionView>,
    pub error: Option<String>,
    pub table: Option<TableView>,
}

pub struct SectionView {
    pub title: String,
    pub help: String,
    pub fields: Vec<FieldView>,
}

fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9.0e15 { format!("{}", value as i64) } else { value.to_string().replace('.', ",") }
}

/// The text an input shows for a stored value.
fn value_text(value: &Value) -> String {
    match value {
        Value::Integer(n) => n.to_string(),
        Value::Decimal(x) => number_text(*x),
        Value::Text(text) | Value::Choice(text) => text.clone(),
        Value::Choices(list) => list.join("; "),
        Value::Date(date) => date.format("%Y-%m-%d").to_string(),
        Value::Bool(true) => "co".to_owned(),
        Value::Bool(false) => "khong".to_owned(),
        Value::File(id) => id.to_string(),
        Value::Table(_) => String::new(),
    }
}

/// Turns stored values into the typed text of every input.
pub fn typed_from(values: &Values) -> Typed {
    let mut typed = Typed::new();
    for (key, value) in &values.0 {
        match value {
            Value::Table(rows) => {
                for row in rows {
                    for (column, cell) in &row.cells {
                        typed.insert(ItemPath::cell(key, &row.key, column).input_name(), value_text(cell));
                    }
                }
            }
            Value::Choices(list) => {
                typed.insert(ItemPath::field(key).input_name(), list.join("; "));
            }
            other => {
                typed.insert(ItemPath::field(key).input_name(), value_text(other));
            }
        }
    }
    typed
}

/// The open-table row keys to show: those typed, then a few blank ones.
fn open_rows(field: &str, max_rows: u32, typed: &Typed) -> Vec<String> {
    let prefix = format!("f.{field}.");
    let mut used: Vec<u32> = typed
        .keys()
        .filter_map(|name| name.strip_prefix(&prefix)?.split('.').next()?.parse().ok())
        .collect();
    used.sort_unstable();
    used.dedup();
    let last = used.last().copied().unwrap_or(0) as usize;
    let count = (last + OPEN_BLANK_ROWS).min(max_rows as usize).max(last);
    (1..=count).map(|n| n.to_string()).collect()
}

/// Builds the form's sections for a level from typed text and errors.
pub fn sections(
    locale: Locale,
    definition: &TemplateDefinition,
    level: Option<SchoolLevel>,
    typed: &Typed,
    errors: &Errors,
) -> Vec<SectionView> {
    let id_of = |name: &str| name.replace('.', "-");
    definition
        .sections_for(level)
        .map(|section| SectionView {
            title: section.title.clone(),
            help: section.help.clone(),
            fields: section
                .fields
                .iter()
                .filter(|field| applies(&field.levels, level))
                .map(|field| {
                    let name = ItemPath::field(&field.key).input_name();
                    let value = typed.get(&name).cloned().unwrap_or_default();
                    let mut options = Vec::new();
                    let mut table = None;
                    let kind = match &field.kind {
                        FieldKind::Integer { .. } | FieldKind::Decimal { .. } | FieldKind::Percent { .. } => "number",
                        FieldKind::Text { multiline: true, .. } => "textarea",
                        FieldKind::Text { .. } => "text",
                        FieldKind::Choice { options: list } => {
                            options = list
                                .iter()
                                .map(|option| OptionView { value: option.clone(), label: option.clone(), selected: *option == value })
                                .collect();
                            "choice"
                        }
                        FieldKind::MultiChoice { options: list } => {
                            let chosen: Vec<&str> = value.split(';').map(str::trim).collect();
                            options = list
                                .iter()
                                .map(|option| OptionView {
                                    value: option.clone(),
                                    label: option.clone(),
                                    selected: chosen.contains(&option.as_str()),
                                })
                                .collect();
                            "multi"
                        }
                        FieldKind::Date => "date",
                        FieldKind::YesNo => {
                            let folded = caunoi_core::text::fold(&value);
                            options = vec![
                                OptionView { value: "co".into(), label: locale.t("rsub-form-yes"), selected: folded == "co" },
                                OptionView { value: "khong".into(), label: locale.t("rsub-form-no"), selected: folded == "khong" },
                            ];
                            "yes_no"
                        }
                        FieldKind::File => "file",
                        FieldKind::Table(spec) => {
                            let rows: Vec<(String, String)> = match &spec.rows {
                                TableRows::Fixed { .. } => {
                                    spec.rows_for(level).into_iter().map(|row| (row.key.clone(), row.label.clone())).collect()
                                }
                                TableRows::Open { max_rows } => {
                                    open_rows(&field.key, *max_rows, typed).into_iter().map(|key| (key.clone(), key)).collect()
                                }
                            };
                            table = Some(TableView {
                                columns: spec.columns.iter().map(|c| if c.required { format!("{} (*)", c.label) } else { c.label.clone() }).collect(),
                                rows: rows
                                    .into_iter()
                                    .map(|(key, label)| RowView {
                                        cells: spec
                                            .columns
                                            .iter()
                                            .map(|column| {
                                                let name = ItemPath::cell(&field.key, &key, &column.key).input_name();
                                                CellView {
                                                    id: id_of(&name),
                                                    value: typed.get(&name).cloned().unwrap_or_default(),
                                                    label: format!("{} › {label} › {}", field.label, column.label),
                                                    numeric: column.kind != ColumnKind::Text,
                                                    error: errors.get(&name).cloned(),
                                                    name,
                                                }
                                            })
                                            .collect(),
                                        label,
                                    })
                                    .collect(),
                            });
                            "table"
                        }
                    };
                    FieldView {
                        id: id_of(&name),
                        error: errors.get(&name).cloned(),
                        name,
                        label: field.label.clone(),
                        help: field.help.clone(),
                        required: field.required,
                        kind,
                        value,
                        options,
                        table,
                    }
                })
                .collect(),
        })
        .collect()
}

/// Reads a form post into values. Returns the values, the typed text of every input,
/// and the problems of inputs that do not parse. File fields keep `existing` values.
pub fn read(
    definition: &TemplateDefinition,
    level: Option<SchoolLevel>,
    pairs: &[(String, String)],
    existing: &Values,
) -> (Values, Typed, Vec<Problem>) {
    let mut typed = Typed::new();
    for (name, value) in pairs.iter().filter(|(name, _)| name.starts_with("f.")) {
        typed
            .entry(name.clone())
            .and_modify(|joined| {
                joined.push_str("; ");
                joined.push_str(value);
            })
            .or_insert_with(|| value.clone());
    }
    let mut values = Values::default();
    let mut problems = Vec::new();
    let parse_problem = |path: ItemPath, code: ProblemCode, label: String, raw: &str| Problem {
        path,
        code,
        args: vec![("label".to_owned(), label), ("value".to_owned(), raw.trim().to_owned())],
    };
    for field in definition.fields_for(level) {
        let path = ItemPath::field(&field.key);
        match &field.kind {
            FieldKind::File => {
                if let Some(value) = existing.get(&field.key) {
                    values.0.insert(field.key.clone(), value.clone());
                }
            }
            FieldKind::Table(spec) => {
                let keys: Vec<(String, String)> = match &spec.rows {
                    TableRows::Fixed { .. } => spec.rows_for(level).into_iter().map(|r| (r.key.clone(), r.label.clone())).collect(),
                    TableRows::Open { max_rows } => {
                        open_rows(&field.key, *max_rows, &typed).into_iter().map(|k| (k.clone(), k)).collect()
                    }
                };
                let mut rows = Vec::new();
                for (key, label) in keys {
                    let mut cells = BTreeMap::new();
                    for column in &spec.columns {
                        let at = ItemPath::cell(&field.key, &key, &column.key);
                        let raw = typed.get(&at.input_name()).map(String::as_str).unwrap_or("");
                        match parse_cell_input(column.kind, raw) {
                            Ok(Some(value)) => {
                                cells.insert(column.key.clone(), value);
                            }
                            Ok(None) => {}
                            Err(problem) => problems.push(parse_problem(
                                at,
                                ProblemCode::from(problem),
                                format!("{} › {label} › {}", field.label, column.label),
                                raw,
                            )),
                        }
                    }
                    if !cells.is_empty() {
                        rows.push(TableRow { key, cells });
                    }
                }
                if !rows.is_empty() {
                    values.0.insert(field.key.clone(), Value::Table(rows));
                }
            }
            kind => {
                let raw = typed.get(&path.input_name()).map(String::as_str).unwrap_or("");
                match parse_field_input(kind, raw) {
                    Ok(Some(value)) => {
                        values.0.insert(field.key.clone(), value);
                    }
                    Ok(None) => {}
                    Err(problem) => problems.push(parse_problem(path, ProblemCode::from(problem), field.label.clone(), raw)),
                }
            }
        }
    }
    (values, typed, problems)
}

/// Places each problem at its input: a cell, else its field.
pub fn errors(locale: Locale, problems: &[Problem]) -> Errors {
    let mut errors = Errors::new();
    for problem in problems {
        let name = match (&problem.path.row, &problem.path.column) {
            (Some(_), Some(_)) => problem.path.input_name(),
            _ => ItemPath::field(&problem.path.field).input_name(),
        };
        let message = problem_message(locale, problem);
        errors
            .entry(name)
            .and_modify(|text| {
                text.push(' ');
                text.push_str(&message);
            })
            .or_insert(message);
    }
    errors
}
