//! The shape of a report template: sections of typed fields, tables, cross-field rules
//! and derived indicators. Stored as JSON, one document per template version.

use serde::{Deserialize, Serialize};

use crate::org::SchoolLevel;

/// One version of a template. Keys (`Section::key`, `Field::key`, row and column keys)
/// are short ASCII identifiers, unique within their parent, and never shown on screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TemplateDefinition {
    pub sections: Vec<Section>,
    /// Cross-field rules checked after every field is valid on its own.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Percentages computed from totals (ratio of sums), shown beside the fields.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub help: String,
    /// Levels for which the section exists; empty means every level.
    #[serde(default)]
    pub levels: Vec<SchoolLevel>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Unique across the whole template (not only the section).
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub required: bool,
    /// Levels for which the field exists; empty means every level.
    #[serde(default)]
    pub levels: Vec<SchoolLevel>,
    #[serde(flatten)]
    pub kind: FieldKind,
}

/// The type of a field, with its own limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// Whole number (số nguyên).
    Integer {
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
        #[serde(default)]
        unit: String,
    },
    /// Decimal number (số thập phân).
    Decimal {
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
        #[serde(default)]
        unit: String,
    },
    /// Percentage from 0 to 100. `weight` names the integer or decimal field that weighs
    /// it when schools are combined (the number of students a pass rate is about);
    /// without one, every school weighs the same.
    Percent {
        #[serde(default)]
        weight: Option<String>,
    },
    Text {
        #[serde(default)]
        max_len: Option<usize>,
        #[serde(default)]
        multiline: bool,
    },
    Choice { options: Vec<String> },
    MultiChoice { options: Vec<String> },
    Date,
    YesNo,
    /// A file the school attaches (an attachment id once uploaded).
    File,
    Table(TableSpec),
}

impl FieldKind {
    pub fn name(&self) -> &'static str {
        match self {
            FieldKind::Integer { .. } => "integer",
            FieldKind::Decimal { .. } => "decimal",
            FieldKind::Percent { .. } => "percent",
            FieldKind::Text { .. } => "text",
            FieldKind::Choice { .. } => "choice",
            FieldKind::MultiChoice { .. } => "multi_choice",
            FieldKind::Date => "date",
            FieldKind::YesNo => "yes_no",
            FieldKind::File => "file",
            FieldKind::Table(_) => "table",
        }
    }

    /// Whether the field's value is a number that aggregates.
    pub fn is_numeric(&self) -> bool {
        matches!(self, FieldKind::Integer { .. } | FieldKind::Decimal { .. } | FieldKind::Percent { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableSpec {
    pub rows: TableRows,
    pub columns: Vec<Column>,
}

/// Fixed rows (one per grade) aggregate row by row; open rows (a list of clubs, say)
/// aggregate only as column totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum TableRows {
    Fixed { rows: Vec<RowDef> },
    Open { max_rows: u32 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowDef {
    pub key: String,
    pub label: String,
    /// Levels for which the row exists (grades 1–5 for primary); empty means every level.
    #[serde(default)]
    pub levels: Vec<SchoolLevel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub key: String,
    pub label: String,
    pub kind: ColumnKind,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// Every row needs a value in this column.
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Integer,
    Decimal,
    Percent,
    Text,
}

/// A cross-field rule. Operands are paths (see [`crate::report::values::Operand`]):
/// `"students"` a field, `"grades.girls"` a column taken row by row, `"grades.*.girls"`
/// the column total, `"grades.g6.girls"` one cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rule {
    /// `left ≤ right` (female students ≤ students). Row by row when both sides are
    /// columns of the same table.
    AtMost { left: String, right: String },
    /// `parts` add up to `total` (the rows of the per-grade table add up to the
    /// school's total). Row by row when every operand is a column of one table.
    SumEquals { parts: Vec<String>, total: String },
}

/// A percentage computed from aggregated totals: `100 × Σ numerator / Σ denominator`.
/// Operands are item keys (see [`crate::report::aggregate`]), so the result is weighted
/// by construction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub key: String,
    pub label: String,
    pub numerator: String,
    pub denominator: String,
}

impl TemplateDefinition {
    /// Every field of every section, in order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|section| section.fields.iter())
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields().find(|field| field.key == key)
    }

    /// Sections that exist for a school of `level` (`None`: all of them).
    pub fn sections_for(&self, level: Option<SchoolLevel>) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(move |section| applies(&section.levels, level))
    }

    /// Fields that exist for a school of `level`, section applicability included.
    pub fn fields_for(&self, level: Option<SchoolLevel>) -> impl Iterator<Item = &Field> {
        self.sections_for(level)
            .flat_map(|section| section.fields.iter())
            .filter(move |field| applies(&field.levels, level))
    }
}

impl TableSpec {
    /// Rows that exist for a school of `level`; empty for open tables.
    pub fn rows_for(&self, level: Option<SchoolLevel>) -> Vec<&RowDef> {
        match &self.rows {
            TableRows::Fixed { rows } => rows.iter().filter(|row| applies(&row.levels, level)).collect(),
            TableRows::Open { .. } => Vec::new(),
        }
    }

    pub fn column(&self, key: &str) -> Option<&Column> {
        self.columns.iter().find(|column| column.key == key)
    }
}

/// Whether something limited to `levels` exists for a school of `level`. A multi-level
/// school (liên cấp) sees what any level sees; `None` (the designer's preview) sees all.
pub fn applies(levels: &[SchoolLevel], level: Option<SchoolLevel>) -> bool {
    match level {
        _ if levels.is_empty() => true,
        None | Some(SchoolLevel::MultiLevel) => true,
        Some(level) => levels.contains(&level),
    }
}
