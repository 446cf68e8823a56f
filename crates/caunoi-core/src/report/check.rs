//! Checks of a template definition itself, whatever way it arrives: the designer, a
//! JSON import or the API. Each problem names the key it is about and has a Fluent
//! message (`rtpl-def-…`); its `Display` form is a short English line for logs.

use std::collections::HashSet;
use std::fmt;

use super::definition::{ColumnKind, FieldKind, Rule, TableRows, TemplateDefinition};
use super::validate::is_key;
use super::values::Operand;

/// Maximum length of a label of a section, field, row, column or option, in characters.
pub const MAX_LABEL: usize = 300;
/// Maximum length of a help text, in characters.
pub const MAX_HELP: usize = 2_000;
/// Most options of a choice field.
pub const MAX_OPTIONS: usize = 100;
/// Most fixed rows of a table.
pub const MAX_ROWS: usize = 200;
/// Most rows an open table accepts.
pub const MAX_OPEN_ROWS: u32 = 500;
/// Most columns of a table.
pub const MAX_COLUMNS: usize = 30;
/// Most fields of a template, tables counted once.
pub const MAX_FIELDS: usize = 1_000;
/// Most rules and indicators of a template.
pub const MAX_RULES: usize = 500;

/// One problem of a definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionProblem {
    /// Fluent id of the message (`rtpl-def-…`), with the arguments `subject` and `max`.
    pub code: &'static str,
    /// The key, path or name the problem is about.
    pub subject: String,
    /// A limit, when the problem is one of size.
    pub max: Option<usize>,
}

impl DefinitionProblem {
    fn new(code: &'static str, subject: impl Into<String>) -> DefinitionProblem {
        DefinitionProblem { code, subject: subject.into(), max: None }
    }

    fn over(code: &'static str, subject: impl Into<String>, max: usize) -> DefinitionProblem {
        DefinitionProblem { code, subject: subject.into(), max: Some(max) }
    }

    /// Returns the short name of the problem, such as `repeated-key`.
    pub fn name(&self) -> &'static str {
        self.code.trim_start_matches("rtpl-def-")
    }
}

impl fmt::Display for DefinitionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.max {
            Some(max) => write!(f, "{} `{}` (at most {max})", self.name(), self.subject),
            None => write!(f, "{} `{}`", self.name(), self.subject),
        }
    }
}

/// Lists every problem of a definition, in template order.
pub fn definition_problems(definition: &TemplateDefinition) -> Vec<DefinitionProblem> {
    let mut problems = Vec::new();
    // A template being designed may have no section yet; a request needs a field,
    // which the request form checks.
    let field_count = definition.fields().count();
    if field_count > MAX_FIELDS {
        problems.push(DefinitionProblem::over("rtpl-def-too-many-fields", field_count.to_string(), MAX_FIELDS));
    }
    if definition.rules.len() + definition.indicators.len() > MAX_RULES {
        problems.push(DefinitionProblem::over("rtpl-def-too-many-rules", "", MAX_RULES));
    }
    for section in &definition.sections {
        check_text(&mut problems, &section.key, &section.title, &section.help);
    }
    let mut seen = HashSet::new();
    for field in definition.fields() {
        if !is_key(&field.key) {
            problems.push(DefinitionProblem::new("rtpl-def-bad-key", &field.key));
        }
        if !seen.insert(field.key.as_str()) {
            problems.push(DefinitionProblem::new("rtpl-def-repeated-key", &field.key));
        }
        check_text(&mut problems, &field.key, &field.label, &field.help);
        check_kind(definition, &field.key, &field.kind, &mut problems);
    }
    for rule in &definition.rules {
        let paths: Vec<&String> = match rule {
            Rule::AtMost { left, right } => vec![left, right],
            Rule::SumEquals { parts, total } => parts.iter().chain(std::iter::once(total)).collect(),
        };
        for path in paths {
            check_number_operand(definition, path, &mut problems);
        }
    }
    for indicator in &definition.indicators {
        if indicator.label.chars().count() > MAX_LABEL {
            problems.push(DefinitionProblem::over("rtpl-def-label-too-long", &indicator.key, MAX_LABEL));
        }
        check_item(definition, &indicator.numerator, &mut problems);
        check_item(definition, &indicator.denominator, &mut problems);
    }
    problems
}

fn check_text(problems: &mut Vec<DefinitionProblem>, key: &str, label: &str, help: &str) {
    if label.chars().count() > MAX_LABEL {
        problems.push(DefinitionProblem::over("rtpl-def-label-too-long", key, MAX_LABEL));
    }
    if help.chars().count() > MAX_HELP {
        problems.push(DefinitionProblem::over("rtpl-def-help-too-long", key, MAX_HELP));
    }
}

fn check_range<T: PartialOrd>(problems: &mut Vec<DefinitionProblem>, key: &str, min: Option<T>, max: Option<T>) {
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            problems.push(DefinitionProblem::new("rtpl-def-min-above-max", key));
        }
    }
}

fn check_kind(definition: &TemplateDefinition, key: &str, kind: &FieldKind, problems: &mut Vec<DefinitionProblem>) {
    match kind {
        FieldKind::Integer { min, max, .. } => check_range(problems, key, *min, *max),
        FieldKind::Decimal { min, max, .. } => check_range(problems, key, *min, *max),
        FieldKind::Percent { weight: Some(weight) } => {
            if !definition.field(weight).is_some_and(|f| matches!(f.kind, FieldKind::Integer { .. } | FieldKind::Decimal { .. })) {
                problems.push(DefinitionProblem::new("rtpl-def-weight-not-number", format!("{key} → {weight}")));
            }
        }
        FieldKind::Choice { options } | FieldKind::MultiChoice { options } => {
            if options.is_empty() {
                problems.push(DefinitionProblem::new("rtpl-def-no-options", key));
            }
            if options.len() > MAX_OPTIONS {
                problems.push(DefinitionProblem::over("rtpl-def-too-many-options", key, MAX_OPTIONS));
            }
            if options.iter().any(|option| option.chars().count() > MAX_LABEL) {
                problems.push(DefinitionProblem::over("rtpl-def-label-too-long", key, MAX_LABEL));
            }
        }
        FieldKind::Table(table) => {
            if table.columns.is_empty() {
                problems.push(DefinitionProblem::new("rtpl-def-no-columns", key));
            }
            if table.columns.len() > MAX_COLUMNS {
                problems.push(DefinitionProblem::over("rtpl-def-too-many-columns", key, MAX_COLUMNS));
            }
            let mut columns = HashSet::new();
            for column in &table.columns {
                let path = format!("{key}.{}", column.key);
                if !is_key(&column.key) || !columns.insert(column.key.as_str()) {
                    problems.push(DefinitionProblem::new("rtpl-def-bad-column", &path));
                }
                check_text(problems, &path, &column.label, "");
                check_range(problems, &path, column.min, column.max);
            }
            match &table.rows {
                TableRows::Fixed { rows } => {
                    if rows.len() > MAX_ROWS {
                        problems.push(DefinitionProblem::over("rtpl-def-too-many-rows", key, MAX_ROWS));
                    }
                    let mut keys = HashSet::new();
                    for row in rows {
                        let path = format!("{key}.{}", row.key);
                        if !is_key(&row.key) || !keys.insert(row.key.as_str()) {
                            problems.push(DefinitionProblem::new("rtpl-def-bad-row", &path));
                        }
                        check_text(problems, &path, &row.label, "");
                    }
                }
                TableRows::Open { max_rows } => {
                    if *max_rows == 0 || *max_rows > MAX_OPEN_ROWS {
                        problems.push(DefinitionProblem::over("rtpl-def-open-rows", key, MAX_OPEN_ROWS as usize));
                    }
                }
            }
        }
        _ => {}
    }
}

/// A rule or indicator operand must name a number: a number field, or a number column.
fn check_number_operand(definition: &TemplateDefinition, path: &str, problems: &mut Vec<DefinitionProblem>) {
    let Some(operand) = Operand::parse(path) else {
        problems.push(DefinitionProblem::new("rtpl-def-unknown-operand", path));
        return;
    };
    let Some(field) = definition.field(operand.field()) else {
        problems.push(DefinitionProblem::new("rtpl-def-unknown-operand", path));
        return;
    };
    let numeric = match (&operand, &field.kind) {
        (Operand::Field(_), kind) => kind.is_numeric(),
        (Operand::Cell { column, .. } | Operand::Column { column, .. } | Operand::ColumnTotal { column, .. }, FieldKind::Table(table)) => {
            table.column(column).is_some_and(|c| c.kind != ColumnKind::Text)
        }
        _ => false,
    };
    if !numeric {
        problems.push(DefinitionProblem::new("rtpl-def-operand-not-number", path));
    }
}

/// Checks that an indicator names aggregated items (`super::aggregate`): a number field, a cell
/// or column total of a number column (`table/row/column`, `table/*/column`), or the
/// count of one option of a choice field (`field=index`).
fn check_item(definition: &TemplateDefinition, item: &str, problems: &mut Vec<DefinitionProblem>) {
    let known = if let Some((field, index)) = item.split_once('=') {
        match (definition.field(field).map(|f| &f.kind), index.parse::<usize>()) {
            (Some(FieldKind::Choice { options } | FieldKind::MultiChoice { options }), Ok(index)) => index < options.len(),
            _ => false,
        }
    } else if let [table, row, column] = item.split('/').collect::<Vec<_>>()[..] {
        match definition.field(table).map(|f| &f.kind) {
            Some(FieldKind::Table(spec)) => {
                let row_known = row == "*"
                    || match &spec.rows {
                        TableRows::Fixed { rows } => rows.iter().any(|r| r.key == row),
                        TableRows::Open { .. } => false,
                    };
                row_known && spec.column(column).is_some_and(|c| c.kind != ColumnKind::Text)
            }
            _ => false,
        }
    } else {
        definition.field(item).is_some_and(|f| f.kind.is_numeric())
    };
    if !known {
        problems.push(DefinitionProblem::new("rtpl-def-unknown-operand", item));
    }
}
