//! The designer's edits of a template definition, one small change at a time.
//!
//! Each edit takes the definition and what the specialist typed, and either changes the
//! definition or returns a [`DesignError`] naming the value and the fix, leaving the
//! definition as it was. Keys are generated from labels ([`make_key`]) and never typed.

use std::collections::HashSet;

use caunoi_core::org::SchoolLevel;
use caunoi_core::report::values::{Operand, parse_number};
use caunoi_core::report::{Column, ColumnKind, Field, FieldKind, Indicator, RowDef, Rule, Section, TableRows, TableSpec, TemplateDefinition};
use caunoi_core::text::{fold, normalize};
use serde::Deserialize;

use crate::i18n::{FluentArg, Locale};

/// Maximum lengths of labels and help texts, in characters.
pub(crate) const MAX_LABEL: usize = 300;
pub(crate) const MAX_HELP: usize = 2_000;
/// Most options of a choice field, rows of a table and rows an open table accepts.
pub(crate) const MAX_OPTIONS: usize = 100;
pub(crate) const MAX_ROWS: usize = 200;
pub(crate) const MAX_OPEN_ROWS: i64 = 500;
/// Longest key generated from a label; `is_key` accepts up to 40, which leaves room
/// for a `_2` suffix.
const KEY_LENGTH: usize = 32;

/// Every edit the designer sends, as typed. Only the fields of the edit's `op` are read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DesignForm {
    pub op: String,
    pub section: String,
    pub field: String,
    pub column: String,
    pub row: String,
    pub index: String,
    /// `up` or `down` for moves.
    pub direction: String,
    pub title: String,
    pub label: String,
    pub help: String,
    pub levels: Vec<String>,
    pub kind: String,
    pub required: Option<String>,
    pub min: String,
    pub max: String,
    pub unit: String,
    pub weight: String,
    /// Options of a choice field, one per line.
    pub options: String,
    pub max_len: String,
    pub multiline: Option<String>,
    /// Columns of a new table, one label per line.
    pub columns: String,
    /// Fixed rows to add, one label per line.
    pub rows: String,
    /// `fixed` or `open`.
    pub row_mode: String,
    pub max_rows: String,
    pub column_kind: String,
    /// `at_most` or `sum_equals`.
    pub rule: String,
    pub left: String,
    pub right: String,
    pub parts: Vec<String>,
    pub total: String,
    pub numerator: String,
    pub denominator: String,
}

/// A rejected edit: a Fluent message naming the value and the fix.
#[derive(Debug, Clone)]
pub(crate) struct DesignError {
    pub message_id: &'static str,
    pub args: Vec<(&'static str, FluentArg)>,
}

impl DesignError {
    pub fn new(message_id: &'static str) -> DesignError {
        DesignError { message_id, args: Vec::new() }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> DesignError {
        self.args.push((name, FluentArg::Text(value.into())));
        self
    }

    pub fn message(&self, locale: Locale) -> String {
        locale.t_args(self.message_id, &self.args)
    }
}

pub(crate) type DesignResult<T> = Result<T, DesignError>;

/// Kinds of field the designer offers, in menu order.
pub(crate) const FIELD_KINDS: [&str; 10] =
    ["integer", "decimal", "percent", "text", "choice", "multi_choice", "date", "yes_no", "file", "table"];
pub(crate) const COLUMN_KINDS: [&str; 4] = ["integer", "decimal", "percent", "text"];

/// Builds a key from a label: folded to ASCII, other characters as `_`, at most
/// 32 characters, and unique among `taken` through a `_2`, `_3`… suffix.
pub(crate) fn make_key(label: &str, fallback: &str, taken: &HashSet<String>) -> String {
    let mut base = String::new();
    for c in fold(label).chars() {
        if c.is_ascii_alphanumeric() {
            base.push(c);
        } else if !base.ends_with('_') && !base.is_empty() {
            base.push('_');
        }
    }
    let mut base: String = base.trim_end_matches('_').chars().take(KEY_LENGTH).collect();
    base = base.trim_end_matches('_').to_owned();
    if base.is_empty() {
        base = fallback.to_owned();
    }
    if !taken.contains(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}_{n}")).find(|key| !taken.contains(key)).expect("an unused suffix exists")
}

fn text(name: &'static str, raw: &str, max: usize, required: bool) -> DesignResult<String> {
    let value = normalize(raw);
    if required && value.is_empty() {
        return Err(DesignError::new("rtpl-error-missing").with("name", name));
    }
    if value.chars().count() > max {
        return Err(DesignError::new("rtpl-error-too-long").with("name", name).with("max", max.to_string()));
    }
    Ok(value)
}

/// Normalises help text, keeping its line breaks.
fn help_text(raw: &str) -> DesignResult<String> {
    let value = raw.lines().map(normalize).collect::<Vec<_>>().join("\n").trim().to_owned();
    if value.chars().count() > MAX_HELP {
        return Err(DesignError::new("rtpl-error-too-long").with("name", "help").with("max", MAX_HELP.to_string()));
    }
    Ok(value)
}

pub(crate) fn parse_levels(raw: &[String]) -> DesignResult<Vec<SchoolLevel>> {
    let mut levels = Vec::new();
    for value in raw.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        match SchoolLevel::parse(value) {
            Some(level) if !levels.contains(&level) => levels.push(level),
            Some(_) => {}
            None => return Err(DesignError::new("rtpl-error-level").with("value", value)),
        }
    }
    levels.sort();
    Ok(levels)
}

/// Splits text into its non-blank lines, normalised.
fn lines(raw: &str) -> Vec<String> {
    raw.lines().map(normalize).filter(|line| !line.is_empty()).collect()
}

fn optional_number(name: &'static str, raw: &str) -> DesignResult<Option<f64>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    parse_number(raw).map(Some).map_err(|_| DesignError::new("rtpl-error-number").with("name", name).with("value", raw))
}

// The cast is exact: the value is integral and below 10^15, well inside i64.
#[allow(clippy::cast_possible_truncation)]
fn optional_integer(name: &'static str, raw: &str) -> DesignResult<Option<i64>> {
    match optional_number(name, raw)? {
        None => Ok(None),
        Some(value) if value.fract() == 0.0 && value.abs() < 1e15 => Ok(Some(value as i64)),
        Some(_) => Err(DesignError::new("rtpl-error-integer").with("name", name).with("value", raw.trim())),
    }
}

fn check_range<T: PartialOrd + ToString>(min: Option<T>, max: Option<T>, raw_min: &str, raw_max: &str) -> DesignResult<()> {
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        return Err(DesignError::new("rtpl-error-min-max").with("min", raw_min.trim()).with("max", raw_max.trim()));
    }
    Ok(())
}

fn parse_options(raw: &str) -> DesignResult<Vec<String>> {
    let options = lines(raw);
    if options.is_empty() {
        return Err(DesignError::new("rtpl-error-options-empty"));
    }
    if options.len() > MAX_OPTIONS {
        return Err(DesignError::new("rtpl-error-too-many").with("count", options.len().to_string()).with("max", MAX_OPTIONS.to_string()));
    }
    let mut seen = HashSet::new();
    for option in &options {
        if option.chars().count() > MAX_LABEL {
            return Err(DesignError::new("rtpl-error-too-long").with("name", "options").with("max", MAX_LABEL.to_string()));
        }
        if !seen.insert(fold(option)) {
            return Err(DesignError::new("rtpl-error-option-repeat").with("value", option.clone()));
        }
    }
    Ok(options)
}

fn parse_column_kind(raw: &str) -> DesignResult<ColumnKind> {
    match raw.trim() {
        "" | "integer" => Ok(ColumnKind::Integer),
        "decimal" => Ok(ColumnKind::Decimal),
        "percent" => Ok(ColumnKind::Percent),
        "text" => Ok(ColumnKind::Text),
        other => Err(DesignError::new("rtpl-error-kind").with("value", other)),
    }
}

pub(crate) fn column_kind_name(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Integer => "integer",
        ColumnKind::Decimal => "decimal",
        ColumnKind::Percent => "percent",
        ColumnKind::Text => "text",
    }
}

fn not_found() -> DesignError {
    DesignError::new("rtpl-error-gone")
}

fn section_index(definition: &TemplateDefinition, key: &str) -> DesignResult<usize> {
    definition.sections.iter().position(|s| s.key == key).ok_or_else(not_found)
}

/// `(section index, field index)` of a field.
fn field_position(definition: &TemplateDefinition, key: &str) -> DesignResult<(usize, usize)> {
    definition
        .sections
        .iter()
        .enumerate()
        .find_map(|(s, section)| section.fields.iter().position(|f| f.key == key).map(|f| (s, f)))
        .ok_or_else(not_found)
}

fn field_mut<'a>(definition: &'a mut TemplateDefinition, key: &str) -> DesignResult<&'a mut Field> {
    let (s, f) = field_position(definition, key)?;
    Ok(&mut definition.sections[s].fields[f])
}

fn table_mut<'a>(definition: &'a mut TemplateDefinition, key: &str) -> DesignResult<&'a mut TableSpec> {
    match &mut field_mut(definition, key)?.kind {
        FieldKind::Table(table) => Ok(table),
        _ => Err(not_found()),
    }
}

fn move_item<T>(items: &mut [T], index: usize, direction: &str) {
    match direction {
        "up" if index > 0 => items.swap(index, index - 1),
        "down" if index + 1 < items.len() => items.swap(index, index + 1),
        _ => {}
    }
}

fn field_keys(definition: &TemplateDefinition) -> HashSet<String> {
    definition.fields().map(|f| f.key.clone()).collect()
}

/// Applies one edit. Returns the anchor of the part to show afterwards.
pub(crate) fn apply(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    let mut edited = definition.clone();
    let anchor = match form.op.as_str() {
        "section_add" => section_add(&mut edited, form)?,
        "section_update" => section_update(&mut edited, form)?,
        "section_move" => {
            let index = section_index(&edited, &form.section)?;
            move_item(&mut edited.sections, index, &form.direction);
            format!("section-{}", form.section)
        }
        "section_remove" => section_remove(&mut edited, form)?,
        "field_add" => field_add(&mut edited, form)?,
        "field_update" => field_update(&mut edited, form)?,
        "field_move" => {
            let (s, f) = field_position(&edited, &form.field)?;
            move_item(&mut edited.sections[s].fields, f, &form.direction);
            format!("field-{}", form.field)
        }
        "field_remove" => field_remove(&mut edited, form)?,
        "column_add" => column_add(&mut edited, form)?,
        "column_update" => column_update(&mut edited, form)?,
        "column_move" => {
            let table = table_mut(&mut edited, &form.field)?;
            let index = table.columns.iter().position(|c| c.key == form.column).ok_or_else(not_found)?;
            move_item(&mut table.columns, index, &form.direction);
            format!("field-{}", form.field)
        }
        "column_remove" => column_remove(&mut edited, form)?,
        "rows_add" => rows_add(&mut edited, form)?,
        "row_update" => row_update(&mut edited, form)?,
        "row_move" => {
            let table = table_mut(&mut edited, &form.field)?;
            if let TableRows::Fixed { rows } = &mut table.rows {
                let index = rows.iter().position(|r| r.key == form.row).ok_or_else(not_found)?;
                move_item(rows, index, &form.direction);
            }
            format!("field-{}", form.field)
        }
        "row_remove" => row_remove(&mut edited, form)?,
        "rule_add" => rule_add(&mut edited, form)?,
        "rule_remove" => {
            let index = form.index.trim().parse::<usize>().ok().filter(|i| *i < edited.rules.len()).ok_or_else(not_found)?;
            edited.rules.remove(index);
            "rules".to_owned()
        }
        "indicator_add" => indicator_add(&mut edited, form)?,
        "indicator_remove" => {
            let index = form.index.trim().parse::<usize>().ok().filter(|i| *i < edited.indicators.len()).ok_or_else(not_found)?;
            edited.indicators.remove(index);
            "indicators".to_owned()
        }
        other => return Err(DesignError::new("rtpl-error-op").with("value", other)),
    };
    *definition = edited;
    Ok(anchor)
}

fn section_add(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    let title = text("title", &form.title, MAX_LABEL, true)?;
    let help = help_text(&form.help)?;
    let levels = parse_levels(&form.levels)?;
    let taken: HashSet<String> = definition.sections.iter().map(|s| s.key.clone()).collect();
    let key = make_key(&title, "phan", &taken);
    definition.sections.push(Section { key: key.clone(), title, help, levels, fields: Vec::new() });
    Ok(format!("section-{key}"))
}

fn section_update(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    let index = section_index(definition, &form.section)?;
    let title = text("title", &form.title, MAX_LABEL, true)?;
    let help = help_text(&form.help)?;
    let levels = parse_levels(&form.levels)?;
    let section = &mut definition.sections[index];
    section.title = title;
    section.help = help;
    section.levels = levels;
    Ok(format!("section-{}", form.section))
}

fn section_remove(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    let index = section_index(definition, &form.section)?;
    let keys: Vec<String> = definition.sections[index].fields.iter().map(|f| f.key.clone()).collect();
    for key in &keys {
        check_unused(definition, key, None, None, &keys)?;
    }
    definition.sections.remove(index);
    Ok("sections".to_owned())
}

/// Parses the kind of a new field with the attributes its add form carries.
fn new_kind(form: &DesignForm) -> DesignResult<FieldKind> {
    Ok(match form.kind.trim() {
        "integer" => FieldKind::Integer { min: Some(0), max: None, unit: String::new() },
        "decimal" => FieldKind::Decimal { min: None, max: None, unit: String::new() },
        "percent" => FieldKind::Percent { weight: None },
        "text" => FieldKind::Text { max_len: None, multiline: false },
        "choice" => FieldKind::Choice { options: parse_options(&form.options)? },
        "multi_choice" => FieldKind::MultiChoice { options: parse_options(&form.options)? },
        "date" => FieldKind::Date,
        "yes_no" => FieldKind::YesNo,
        "file" => FieldKind::File,
        "table" => {
            let labels = lines(&form.columns);
            if labels.is_empty() {
                return Err(DesignError::new("rtpl-error-columns-empty"));
            }
            let mut taken = HashSet::new();
            let mut columns = Vec::new();
            for label in labels {
                let label = text("columns", &label, MAX_LABEL, true)?;
                let key = make_key(&label, "cot", &taken);
                taken.insert(key.clone());
                columns.push(Column { key, label, kind: ColumnKind::Integer, min: Some(0.0), max: None, required: false });
            }
            let row_labels = lines(&form.rows);
            let rows = if row_labels.is_empty() {
                TableRows::Open { max_rows: 50 }
            } else {
                let levels = parse_levels(&form.levels)?;
                TableRows::Fixed { rows: new_rows(&[], &row_labels, &levels)? }
            };
            FieldKind::Table(TableSpec { rows, columns })
        }
        other => return Err(DesignError::new("rtpl-error-kind").with("value", other)),
    })
}

fn new_rows(existing: &[RowDef], labels: &[String], levels: &[SchoolLevel]) -> DesignResult<Vec<RowDef>> {
    if existing.len() + labels.len() > MAX_ROWS {
        return Err(DesignError::new("rtpl-error-too-many")
            .with("count", (existing.len() + labels.len()).to_string())
            .with("max", MAX_ROWS.to_string()));
    }
    let mut taken: HashSet<String> = existing.iter().map(|r| r.key.clone()).collect();
    taken.insert("*".to_owned());
    let mut labels_seen: HashSet<String> = existing.iter().map(|r| fold(&r.label)).collect();
    let mut rows = Vec::new();
    for label in labels {
        let label = text("rows", label, MAX_LABEL, true)?;
        if !labels_seen.insert(fold(&label)) {
            return Err(DesignError::new("rtpl-error-row-repeat").with("value", label));
        }
        let key = make_key(&label, "hang", &taken);
        taken.insert(key.clone());
        rows.push(RowDef { key, label, levels: levels.to_vec() });
    }
    Ok(rows)
}

fn field_add(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    let index = section_index(definition, &form.section)?;
    let label = text("label", &form.label, MAX_LABEL, true)?;
    let help = help_text(&form.help)?;
    let kind = new_kind(form)?;
    // Levels on a table's add form choose the rows' levels, not the field's.
    let levels = if matches!(kind, FieldKind::Table(_)) { Vec::new() } else { parse_levels(&form.levels)? };
    let key = make_key(&label, "truong", &field_keys(definition));
    let field = Field { key: key.clone(), label, help, required: form.required.is_some(), levels, kind };
    definition.sections[index].fields.push(field);
    Ok(format!("field-{key}"))
}

/// The integer and decimal fields a percentage may be weighted by.
pub(crate) fn weight_fields(definition: &TemplateDefinition) -> Vec<&Field> {
    definition.fields().filter(|f| matches!(f.kind, FieldKind::Integer { .. } | FieldKind::Decimal { .. })).collect()
}

fn field_update(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    let label = text("label", &form.label, MAX_LABEL, true)?;
    let help = help_text(&form.help)?;
    let levels = parse_levels(&form.levels)?;
    let weight_ok = |key: &str| weight_fields(definition).iter().any(|f| f.key == key);
    let current = definition.field(&form.field).ok_or_else(not_found)?.kind.clone();
    let kind = match current {
        FieldKind::Integer { .. } => {
            let min = optional_integer("min", &form.min)?;
            let max = optional_integer("max", &form.max)?;
            check_range(min, max, &form.min, &form.max)?;
            FieldKind::Integer { min, max, unit: text("unit", &form.unit, 40, false)? }
        }
        FieldKind::Decimal { .. } => {
            let min = optional_number("min", &form.min)?;
            let max = optional_number("max", &form.max)?;
            check_range(min, max, &form.min, &form.max)?;
            FieldKind::Decimal { min, max, unit: text("unit", &form.unit, 40, false)? }
        }
        FieldKind::Percent { .. } => {
            let weight = form.weight.trim();
            if !weight.is_empty() && !weight_ok(weight) {
                let shown = definition.field(weight).map_or(weight.to_owned(), |f| f.label.clone());
                return Err(DesignError::new("rtpl-error-weight").with("value", shown));
            }
            FieldKind::Percent { weight: (!weight.is_empty()).then(|| weight.to_owned()) }
        }
        FieldKind::Text { .. } => {
            let max_len = match optional_integer("max_len", &form.max_len)? {
                None => None,
                Some(n) if (1..=100_000).contains(&n) => usize::try_from(n).ok(),
                Some(_) => return Err(DesignError::new("rtpl-error-max-len").with("value", form.max_len.trim())),
            };
            FieldKind::Text { max_len, multiline: form.multiline.is_some() }
        }
        FieldKind::Choice { .. } => FieldKind::Choice { options: parse_options(&form.options)? },
        FieldKind::MultiChoice { .. } => FieldKind::MultiChoice { options: parse_options(&form.options)? },
        FieldKind::Table(mut table) => {
            match form.row_mode.trim() {
                "open" => {
                    let max_rows = optional_integer("max_rows", &form.max_rows)?.unwrap_or(50);
                    if !(1..=MAX_OPEN_ROWS).contains(&max_rows) {
                        return Err(DesignError::new("rtpl-error-max-rows").with("value", form.max_rows.trim()).with("max", MAX_OPEN_ROWS.to_string()));
                    }
                    if let TableRows::Fixed { rows } = &table.rows {
                        for row in rows {
                            check_unused(definition, &form.field, Some(&row.key), None, &[])?;
                        }
                    }
                    table.rows = TableRows::Open { max_rows: u32::try_from(max_rows).unwrap_or(50) };
                }
                "" | "fixed" => {
                    if let TableRows::Open { .. } = table.rows {
                        table.rows = TableRows::Fixed { rows: Vec::new() };
                    }
                }
                other => return Err(DesignError::new("rtpl-error-kind").with("value", other)),
            }
            FieldKind::Table(table)
        }
        other => other,
    };
    // A weight field must stay a number field: its kind never changes here, so only
    // the levels could hide it, which validation tolerates (no weight, weight 1).
    let field = field_mut(definition, &form.field)?;
    field.label = label;
    field.help = help;
    field.levels = levels;
    field.required = form.required.is_some();
    field.kind = kind;
    Ok(format!("field-{}", form.field))
}

/// Fails when a rule, indicator or percentage weight refers to the field `key` (or one
/// of its rows or columns), unless the reference comes from a field in `removed_too`.
fn check_unused(definition: &TemplateDefinition, key: &str, row: Option<&str>, column: Option<&str>, removed_too: &[String]) -> DesignResult<()> {
    let name = definition.field(key).map_or(key.to_owned(), |f| f.label.clone());
    let hits = |path: &str| match Operand::parse(path) {
        Some(operand) if operand.field() == key => match (&operand, row, column) {
            (_, None, None) => true,
            (Operand::Cell { row: r, .. }, Some(row), _) => r == row,
            (Operand::Column { column: c, .. } | Operand::ColumnTotal { column: c, .. } | Operand::Cell { column: c, .. }, None, Some(column)) => c == column,
            _ => false,
        },
        _ => false,
    };
    for rule in &definition.rules {
        let paths: Vec<&String> = match rule {
            Rule::AtMost { left, right } => vec![left, right],
            Rule::SumEquals { parts, total } => parts.iter().chain(std::iter::once(total)).collect(),
        };
        if paths.iter().any(|path| hits(path)) {
            return Err(DesignError::new("rtpl-error-in-use").with("name", name).with("use", "rule"));
        }
    }
    let item_hits = |item: &str| {
        let parts: Vec<&str> = item.split('/').collect();
        match (parts.as_slice(), row, column) {
            ([field, ..], None, None) => *field == key,
            ([field, r, _], Some(row), _) => *field == key && *r == row,
            ([field, _, c], None, Some(column)) => *field == key && *c == column,
            _ => false,
        }
    };
    for indicator in &definition.indicators {
        if item_hits(&indicator.numerator) || item_hits(&indicator.denominator) {
            return Err(DesignError::new("rtpl-error-in-use").with("name", name).with("use", "indicator"));
        }
    }
    if row.is_none() && column.is_none() {
        for field in definition.fields().filter(|f| !removed_too.contains(&f.key)) {
            if matches!(&field.kind, FieldKind::Percent { weight: Some(weight) } if weight == key) {
                return Err(DesignError::new("rtpl-error-in-use").with("name", name).with("use", "weight"));
            }
        }
    }
    Ok(())
}

fn field_remove(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    let (s, f) = field_position(definition, &form.field)?;
    check_unused(definition, &form.field, None, None, &[])?;
    definition.sections[s].fields.remove(f);
    Ok(format!("section-{}", definition.sections[s].key))
}

/// Parses the attributes of a column from its form.
fn column_attributes(form: &DesignForm) -> DesignResult<(String, ColumnKind, Option<f64>, Option<f64>)> {
    let label = text("label", &form.label, MAX_LABEL, true)?;
    let kind = parse_column_kind(&form.column_kind)?;
    let (min, max) = if kind == ColumnKind::Text {
        (None, None)
    } else if kind == ColumnKind::Integer {
        let min = optional_integer("min", &form.min)?;
        let max = optional_integer("max", &form.max)?;
        check_range(min, max, &form.min, &form.max)?;
        (min.map(|v| v as f64), max.map(|v| v as f64))
    } else {
        let min = optional_number("min", &form.min)?;
        let max = optional_number("max", &form.max)?;
        check_range(min, max, &form.min, &form.max)?;
        (min, max)
    };
    Ok((label, kind, min, max))
}

fn column_add(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    let (label, kind, min, max) = column_attributes(form)?;
    let table = table_mut(definition, &form.field)?;
    let taken: HashSet<String> = table.columns.iter().map(|c| c.key.clone()).collect();
    let key = make_key(&label, "cot", &taken);
    table.columns.push(Column { key, label, kind, min, max, required: form.required.is_some() });
    Ok(format!("field-{}", form.field))
}

fn column_update(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    let (label, kind, min, max) = column_attributes(form)?;
    if kind == ColumnKind::Text {
        // A rule or an indicator needs a number; a text column cannot feed one.
        check_unused(definition, &form.field, None, Some(&form.column), &[])?;
    }
    let table = table_mut(definition, &form.field)?;
    let column = table.columns.iter_mut().find(|c| c.key == form.column).ok_or_else(not_found)?;
    column.label = label;
    column.kind = kind;
    column.min = min;
    column.max = max;
    column.required = form.required.is_some();
    Ok(format!("field-{}", form.field))
}

fn column_remove(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    check_unused(definition, &form.field, None, Some(&form.column), &[])?;
    let table = table_mut(definition, &form.field)?;
    if table.columns.len() == 1 {
        return Err(DesignError::new("rtpl-error-last-column"));
    }
    let index = table.columns.iter().position(|c| c.key == form.column).ok_or_else(not_found)?;
    table.columns.remove(index);
    Ok(format!("field-{}", form.field))
}

fn rows_add(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    let labels = lines(&form.rows);
    if labels.is_empty() {
        return Err(DesignError::new("rtpl-error-rows-empty"));
    }
    let levels = parse_levels(&form.levels)?;
    let table = table_mut(definition, &form.field)?;
    let existing = match &table.rows {
        TableRows::Fixed { rows } => rows.clone(),
        TableRows::Open { .. } => Vec::new(),
    };
    let added = new_rows(&existing, &labels, &levels)?;
    let mut rows = existing;
    rows.extend(added);
    table.rows = TableRows::Fixed { rows };
    Ok(format!("field-{}", form.field))
}

fn row_update(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    let label = text("label", &form.label, MAX_LABEL, true)?;
    let levels = parse_levels(&form.levels)?;
    let table = table_mut(definition, &form.field)?;
    let TableRows::Fixed { rows } = &mut table.rows else { return Err(not_found()) };
    if rows.iter().any(|r| r.key != form.row && fold(&r.label) == fold(&label)) {
        return Err(DesignError::new("rtpl-error-row-repeat").with("value", label));
    }
    let row = rows.iter_mut().find(|r| r.key == form.row).ok_or_else(not_found)?;
    row.label = label;
    row.levels = levels;
    Ok(format!("field-{}", form.field))
}

fn row_remove(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    check_unused(definition, &form.field, Some(&form.row), None, &[])?;
    let table = table_mut(definition, &form.field)?;
    let TableRows::Fixed { rows } = &mut table.rows else { return Err(not_found()) };
    let index = rows.iter().position(|r| r.key == form.row).ok_or_else(not_found)?;
    rows.remove(index);
    Ok(format!("field-{}", form.field))
}

/// A number a rule can compare: a field, a table column row by row, or a column total.
#[derive(Debug, Clone)]
pub(crate) struct RuleOperand {
    pub path: String,
    pub label: String,
}

/// Lists the operands rules may use: number fields, and each number column of a
/// table row by row and as a total.
pub(crate) fn rule_operands(definition: &TemplateDefinition, locale: Locale) -> Vec<RuleOperand> {
    let mut operands = Vec::new();
    for field in definition.fields() {
        match &field.kind {
            FieldKind::Integer { .. } | FieldKind::Decimal { .. } | FieldKind::Percent { .. } => {
                operands.push(RuleOperand { path: field.key.clone(), label: field.label.clone() });
            }
            FieldKind::Table(table) => {
                for column in table.columns.iter().filter(|c| c.kind != ColumnKind::Text) {
                    let args = [("table", FluentArg::Text(field.label.clone())), ("column", FluentArg::Text(column.label.clone()))];
                    operands.push(RuleOperand {
                        path: format!("{}.{}", field.key, column.key),
                        label: locale.t_args("rtpl-operand-column", &args),
                    });
                    operands.push(RuleOperand {
                        path: format!("{}.*.{}", field.key, column.key),
                        label: locale.t_args("rtpl-operand-total", &args),
                    });
                }
            }
            _ => {}
        }
    }
    operands
}

/// The label of a rule operand, or its path when it names nothing.
pub(crate) fn operand_label(operands: &[RuleOperand], path: &str) -> String {
    operands.iter().find(|o| o.path == path).map_or(path.to_owned(), |o| o.label.clone())
}

fn rule_add(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    // Labels are only needed for messages, which name operands by their path's label.
    let operands = rule_operands(definition, Locale::Vi);
    let known = |path: &str| -> DesignResult<Operand> {
        if path.trim().is_empty() {
            return Err(DesignError::new("rtpl-error-operand-missing"));
        }
        match operands.iter().find(|o| o.path == path.trim()) {
            Some(operand) => Operand::parse(&operand.path).ok_or_else(not_found),
            None => Err(DesignError::new("rtpl-error-operand").with("value", path.trim())),
        }
    };
    let label = |path: &str| operand_label(&operands, path.trim());
    let rule = match form.rule.trim() {
        "at_most" => {
            let left = known(&form.left)?;
            let right = known(&form.right)?;
            if form.left.trim() == form.right.trim() {
                return Err(DesignError::new("rtpl-error-operand-same").with("value", label(&form.left)));
            }
            check_one_table(&[(&left, label(&form.left)), (&right, label(&form.right))])?;
            Rule::AtMost { left: form.left.trim().to_owned(), right: form.right.trim().to_owned() }
        }
        "sum_equals" => {
            let parts: Vec<&str> = form.parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
            if parts.is_empty() {
                return Err(DesignError::new("rtpl-error-parts-empty"));
            }
            let total = known(&form.total)?;
            let mut checked = vec![(total, label(&form.total))];
            for part in &parts {
                if *part == form.total.trim() {
                    return Err(DesignError::new("rtpl-error-operand-same").with("value", label(part)));
                }
                checked.push((known(part)?, label(part)));
            }
            let refs: Vec<(&Operand, String)> = checked.iter().map(|(o, l)| (o, l.clone())).collect();
            check_one_table(&refs)?;
            Rule::SumEquals { parts: parts.iter().map(|p| (*p).to_owned()).collect(), total: form.total.trim().to_owned() }
        }
        other => return Err(DesignError::new("rtpl-error-rule-kind").with("value", other)),
    };
    if definition.rules.contains(&rule) {
        return Err(DesignError::new("rtpl-error-rule-repeat"));
    }
    definition.rules.push(rule);
    Ok("rules".to_owned())
}

/// Row-by-row operands must all be columns of one table, since a rule walks the rows of
/// one table.
fn check_one_table(operands: &[(&Operand, String)]) -> DesignResult<()> {
    let mut first: Option<(&str, &str)> = None;
    for (operand, label) in operands {
        if let Operand::Column { table, .. } = operand {
            match first {
                None => first = Some((table, label)),
                Some((first_table, first_label)) if first_table != table => {
                    return Err(DesignError::new("rtpl-error-operand-tables").with("left", first_label).with("right", label.clone()));
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

/// An aggregated number an indicator can divide: a number or yes/no field, a column
/// total, or one cell of a fixed-row table.
pub(crate) fn indicator_items(definition: &TemplateDefinition, locale: Locale) -> Vec<RuleOperand> {
    use caunoi_core::report::aggregate::{cell_item, column_total_item, field_item};
    let mut items = Vec::new();
    for field in definition.fields() {
        match &field.kind {
            FieldKind::Integer { .. } | FieldKind::Decimal { .. } | FieldKind::YesNo => {
                items.push(RuleOperand { path: field_item(&field.key), label: field.label.clone() });
            }
            FieldKind::Table(table) => {
                for column in table.columns.iter().filter(|c| matches!(c.kind, ColumnKind::Integer | ColumnKind::Decimal)) {
                    let args = [("table", FluentArg::Text(field.label.clone())), ("column", FluentArg::Text(column.label.clone()))];
                    items.push(RuleOperand {
                        path: column_total_item(&field.key, &column.key),
                        label: locale.t_args("rtpl-operand-total", &args),
                    });
                    for row in table.rows_for(None) {
                        items.push(RuleOperand {
                            path: cell_item(&field.key, &row.key, &column.key),
                            label: format!("{} › {} › {}", field.label, row.label, column.label),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    items
}

fn indicator_add(definition: &mut TemplateDefinition, form: &DesignForm) -> DesignResult<String> {
    let label = text("label", &form.label, MAX_LABEL, true)?;
    let items = indicator_items(definition, Locale::Vi);
    for raw in [&form.numerator, &form.denominator] {
        if raw.trim().is_empty() {
            return Err(DesignError::new("rtpl-error-operand-missing"));
        }
        if !items.iter().any(|i| i.path == raw.trim()) {
            return Err(DesignError::new("rtpl-error-operand").with("value", raw.trim()));
        }
    }
    if form.numerator.trim() == form.denominator.trim() {
        return Err(DesignError::new("rtpl-error-operand-same").with("value", operand_label(&items, form.numerator.trim())));
    }
    let taken: HashSet<String> = definition.indicators.iter().map(|i| i.key.clone()).collect();
    let key = make_key(&label, "chi_so", &taken);
    definition.indicators.push(Indicator {
        key,
        label,
        numerator: form.numerator.trim().to_owned(),
        denominator: form.denominator.trim().to_owned(),
    });
    Ok("indicators".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(op: &str) -> DesignForm {
        DesignForm { op: op.to_owned(), ..DesignForm::default() }
    }

    fn semester() -> TemplateDefinition {
        let mut definition = TemplateDefinition::default();
        apply(&mut definition, &DesignForm { title: "Học sinh".into(), ..form("section_add") }).unwrap();
        let add = |label: &str, kind: &str| DesignForm {
            section: "hoc_sinh".into(),
            label: label.into(),
            kind: kind.into(),
            ..form("field_add")
        };
        apply(&mut definition, &add("Tổng số học sinh", "integer")).unwrap();
        apply(&mut definition, &add("Học sinh nữ", "integer")).unwrap();
        let table = DesignForm {
            columns: "Số lớp\nSố học sinh\nHọc sinh nữ".into(),
            rows: "Lớp 1\nLớp 2".into(),
            levels: vec!["primary".into()],
            ..add("Theo khối lớp", "table")
        };
        apply(&mut definition, &table).unwrap();
        definition
    }

    #[test]
    fn keys_come_from_labels() {
        let taken: HashSet<String> = ["hoc_sinh".to_owned()].into();
        assert_eq!(make_key("Học sinh", "x", &taken), "hoc_sinh_2");
        assert_eq!(make_key("Số lớp (tổng)", "x", &HashSet::new()), "so_lop_tong");
        assert_eq!(make_key("%", "cot", &HashSet::new()), "cot");
        assert_eq!(make_key("Đội ngũ", "x", &HashSet::new()), "doi_ngu");
    }

    #[test]
    fn builds_table_with_rows() {
        let definition = semester();
        let FieldKind::Table(table) = &definition.field("theo_khoi_lop").unwrap().kind else { panic!("table") };
        assert_eq!(table.columns.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(), ["so_lop", "so_hoc_sinh", "hoc_sinh_nu"]);
        assert_eq!(table.rows_for(Some(SchoolLevel::Primary)).len(), 2);
        assert!(table.rows_for(Some(SchoolLevel::LowerSecondary)).is_empty());
        assert!(caunoi_core::report::validate::definition_problems(&definition).is_empty());
    }

    #[test]
    fn min_above_max_rejected() {
        let mut definition = semester();
        let before = definition.clone();
        let update = DesignForm { field: "tong_so_hoc_sinh".into(), label: "Tổng".into(), min: "10".into(), max: "5".into(), ..form("field_update") };
        let error = apply(&mut definition, &update).unwrap_err();
        assert_eq!(error.message_id, "rtpl-error-min-max");
        assert_eq!(definition, before);
    }

    #[test]
    fn rule_operands_from_two_tables_rejected() {
        let mut definition = semester();
        let second = DesignForm {
            section: "hoc_sinh".into(),
            label: "Bảng khác".into(),
            kind: "table".into(),
            columns: "Nữ".into(),
            ..form("field_add")
        };
        apply(&mut definition, &second).unwrap();
        let rule = DesignForm { rule: "at_most".into(), left: "bang_khac.nu".into(), right: "theo_khoi_lop.so_hoc_sinh".into(), ..form("rule_add") };
        assert_eq!(apply(&mut definition, &rule).unwrap_err().message_id, "rtpl-error-operand-tables");
        let fine = DesignForm { right: "tong_so_hoc_sinh".into(), ..rule };
        apply(&mut definition, &fine).unwrap();
        assert_eq!(definition.rules.len(), 1);
    }

    #[test]
    fn used_field_cannot_be_removed() {
        let mut definition = semester();
        let rule = DesignForm { rule: "sum_equals".into(), parts: vec!["theo_khoi_lop.*.so_hoc_sinh".into()], total: "tong_so_hoc_sinh".into(), ..form("rule_add") };
        apply(&mut definition, &rule).unwrap();
        let remove = DesignForm { field: "tong_so_hoc_sinh".into(), ..form("field_remove") };
        assert_eq!(apply(&mut definition, &remove).unwrap_err().message_id, "rtpl-error-in-use");
        let column = DesignForm { field: "theo_khoi_lop".into(), column: "so_hoc_sinh".into(), ..form("column_remove") };
        assert_eq!(apply(&mut definition, &column).unwrap_err().message_id, "rtpl-error-in-use");
        let other = DesignForm { field: "theo_khoi_lop".into(), column: "so_lop".into(), ..form("column_remove") };
        apply(&mut definition, &other).unwrap();
    }

    #[test]
    fn choice_needs_options() {
        let mut definition = semester();
        let add = DesignForm { section: "hoc_sinh".into(), label: "Ca học".into(), kind: "choice".into(), options: " \n".into(), ..form("field_add") };
        assert_eq!(apply(&mut definition, &add).unwrap_err().message_id, "rtpl-error-options-empty");
        let repeated = DesignForm { options: "Một ca\nmột ca".into(), ..add };
        assert_eq!(apply(&mut definition, &repeated).unwrap_err().message_id, "rtpl-error-option-repeat");
    }

    #[test]
    fn weight_must_be_number_field() {
        let mut definition = semester();
        let add = DesignForm { section: "hoc_sinh".into(), label: "Tỉ lệ lên lớp".into(), kind: "percent".into(), ..form("field_add") };
        apply(&mut definition, &add).unwrap();
        let update = DesignForm { field: "ti_le_len_lop".into(), label: "Tỉ lệ lên lớp".into(), weight: "theo_khoi_lop".into(), ..form("field_update") };
        assert_eq!(apply(&mut definition, &update).unwrap_err().message_id, "rtpl-error-weight");
        let fine = DesignForm { weight: "tong_so_hoc_sinh".into(), ..update };
        apply(&mut definition, &fine).unwrap();
        assert!(caunoi_core::report::validate::definition_problems(&definition).is_empty());
    }
}
