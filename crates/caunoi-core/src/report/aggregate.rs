//! The arithmetic of combining schools' reports.
//!
//! A submission is flattened into [`NumericItem`]s, one per number that aggregates, each
//! named by an item key:
//!
//! | value | item key | value |
//! |---|---|---|
//! | integer, decimal or percentage field | `students` | the number |
//! | yes/no field | `has_library` | 1 for yes, 0 for no |
//! | choice, multiple choice | `shift=0` (option index) | 1 per chosen option |
//! | cell of a fixed-row table | `grades/g6/girls` | the number |
//! | column of an open table | `clubs/*/members` | the column total |
//!
//! Roll-ups keep, per item and grouping cell, a [`Summary`]: the sum, the weighted sum,
//! the sum of weights and the number of schools. Groupings add summaries, so a
//! percentage is always `Σ value × weight / Σ weight` over schools, never an average of
//! averages.

use serde::{Deserialize, Serialize};

use super::definition::{ColumnKind, FieldKind, TableRows, TemplateDefinition};
use super::values::{Value, Values};
use crate::org::SchoolLevel;

/// One aggregating number of one submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumericItem {
    pub item: String,
    pub value: f64,
    /// The weight of a percentage (its weight field's value); `None` weighs 1.
    pub weight: Option<f64>,
}

pub fn field_item(field: &str) -> String {
    field.to_owned()
}

pub fn cell_item(table: &str, row: &str, column: &str) -> String {
    format!("{table}/{row}/{column}")
}

pub fn column_total_item(table: &str, column: &str) -> String {
    format!("{table}/*/{column}")
}

pub fn choice_item(field: &str, option_index: usize) -> String {
    format!("{field}={option_index}")
}

/// Flattens the aggregating numbers of a school's values, for fields that exist at its
/// level. Values of unknown fields or of the wrong type are skipped: validation has
/// already refused them.
pub fn numeric_items(definition: &TemplateDefinition, level: Option<SchoolLevel>, values: &Values) -> Vec<NumericItem> {
    let mut items = Vec::new();
    for field in definition.fields_for(level) {
        let Some(value) = values.get(&field.key) else { continue };
        match (&field.kind, value) {
            (FieldKind::Integer { .. } | FieldKind::Decimal { .. }, value) => {
                if let Some(number) = value.as_f64() {
                    items.push(NumericItem { item: field_item(&field.key), value: number, weight: None });
                }
            }
            (FieldKind::Percent { weight }, value) => {
                if let Some(number) = value.as_f64() {
                    let weight = weight.as_deref().and_then(|key| values.get(key)).and_then(Value::as_f64);
                    items.push(NumericItem { item: field_item(&field.key), value: number, weight });
                }
            }
            (FieldKind::YesNo, Value::Bool(yes)) => {
                items.push(NumericItem { item: field_item(&field.key), value: f64::from(u8::from(*yes)), weight: None });
            }
            (FieldKind::Choice { options }, Value::Choice(chosen)) => {
                push_choices(&mut items, &field.key, options, std::slice::from_ref(chosen));
            }
            (FieldKind::MultiChoice { options }, Value::Choices(chosen)) => {
                push_choices(&mut items, &field.key, options, chosen);
            }
            (FieldKind::Table(table), Value::Table(rows)) => {
                let numeric = table.columns.iter().filter(|column| column.kind != ColumnKind::Text);
                match &table.rows {
                    TableRows::Fixed { .. } => {
                        let allowed = table.rows_for(level);
                        for row in rows.iter().filter(|row| allowed.iter().any(|def| def.key == row.key)) {
                            for column in numeric.clone() {
                                if let Some(number) = row.cells.get(&column.key).and_then(Value::as_f64) {
                                    let item = cell_item(&field.key, &row.key, &column.key);
                                    items.push(NumericItem { item, value: number, weight: None });
                                }
                            }
                        }
                    }
                    TableRows::Open { .. } => {
                        for column in numeric {
                            let numbers: Vec<f64> =
                                rows.iter().filter_map(|row| row.cells.get(&column.key)?.as_f64()).collect();
                            if !numbers.is_empty() {
                                let item = column_total_item(&field.key, &column.key);
                                items.push(NumericItem { item, value: numbers.iter().sum(), weight: None });
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    items
}

fn push_choices(items: &mut Vec<NumericItem>, field: &str, options: &[String], chosen: &[String]) {
    for (index, option) in options.iter().enumerate() {
        if chosen.iter().any(|c| c == option) {
            items.push(NumericItem { item: choice_item(field, index), value: 1.0, weight: None });
        }
    }
}

/// The combined figures of one item over a set of schools.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Σ value.
    pub total: f64,
    /// Σ value × weight.
    pub weighted: f64,
    /// Σ weight (1 per school without a weight).
    pub weight: f64,
    /// Schools that reported the item.
    pub schools: i64,
}

impl Summary {
    /// What one school's item adds to a summary.
    pub fn of_item(item: &NumericItem) -> Summary {
        let weight = item.weight.unwrap_or(1.0);
        Summary { total: item.value, weighted: item.value * weight, weight, schools: 1 }
    }

    pub fn add(&mut self, other: &Summary) {
        self.total += other.total;
        self.weighted += other.weighted;
        self.weight += other.weight;
        self.schools += other.schools;
    }

    /// The opposite contribution, to take a school back out of a roll-up.
    pub fn negated(&self) -> Summary {
        Summary { total: -self.total, weighted: -self.weighted, weight: -self.weight, schools: -self.schools }
    }

    /// The mean per reporting school (students per school).
    pub fn mean(&self) -> Option<f64> {
        (self.schools > 0).then(|| self.total / self.schools as f64)
    }

    /// The weighted mean: the figure of a percentage field over all schools.
    pub fn weighted_mean(&self) -> Option<f64> {
        (self.weight > 0.0).then(|| self.weighted / self.weight)
    }

    /// The share of schools answering yes, in percent, for a yes/no or choice item.
    pub fn share_of_schools(&self, responding: i64) -> Option<f64> {
        (responding > 0).then(|| 100.0 * self.total / responding as f64)
    }
}

/// `100 × numerator / denominator`, the figure of an [`super::Indicator`].
pub fn ratio_percent(numerator: &Summary, denominator: &Summary) -> Option<f64> {
    (denominator.total != 0.0).then(|| 100.0 * numerator.total / denominator.total)
}

/// The headline figure of a field's item: the sum for counts, the weighted mean for
/// percentages and decimals with a weight, the share of "yes" for yes/no.
pub fn headline(kind: &FieldKind, summary: &Summary) -> Option<f64> {
    match kind {
        FieldKind::Percent { .. } => summary.weighted_mean(),
        FieldKind::YesNo => summary.share_of_schools(summary.schools),
        _ => Some(summary.total),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::definition::{Column, Field, RowDef, Section, TableSpec};
    use crate::report::values::TableRow;

    fn definition() -> TemplateDefinition {
        let field = |key: &str, kind: FieldKind| Field {
            key: key.into(),
            label: key.into(),
            help: String::new(),
            required: false,
            levels: Vec::new(),
            kind,
        };
        let column = |key: &str| Column { key: key.into(), label: key.into(), kind: ColumnKind::Integer, min: None, max: None, required: false };
        let rows = vec![
            RowDef { key: "g1".into(), label: "Lớp 1".into(), levels: vec![SchoolLevel::Primary] },
            RowDef { key: "g6".into(), label: "Lớp 6".into(), levels: vec![SchoolLevel::LowerSecondary] },
        ];
        TemplateDefinition {
            sections: vec![Section {
                key: "s".into(),
                title: "S".into(),
                help: String::new(),
                levels: Vec::new(),
                fields: vec![
                    field("students", FieldKind::Integer { min: Some(0), max: None, unit: String::new() }),
                    field("pass_rate", FieldKind::Percent { weight: Some("students".into()) }),
                    field("library", FieldKind::YesNo),
                    field(
                        "grades",
                        FieldKind::Table(TableSpec {
                            rows: TableRows::Fixed { rows },
                            columns: vec![column("students"), column("girls")],
                        }),
                    ),
                ],
            }],
            ..TemplateDefinition::default()
        }
    }

    fn school(students: i64, pass_rate: f64, g6: i64) -> Values {
        let mut values = Values::default();
        values.0.insert("students".into(), Value::Integer(students));
        values.0.insert("pass_rate".into(), Value::Decimal(pass_rate));
        values.0.insert("library".into(), Value::Bool(true));
        let cells = [("students".to_owned(), Value::Integer(g6)), ("girls".to_owned(), Value::Integer(g6 / 2))];
        let rows = vec![
            TableRow { key: "g6".into(), cells: cells.clone().into() },
            TableRow { key: "g1".into(), cells: cells.into() },
        ];
        values.0.insert("grades".into(), Value::Table(rows));
        values
    }

    fn summarise(schools: &[Values], item: &str) -> Summary {
        let mut summary = Summary::default();
        for values in schools {
            for found in numeric_items(&definition(), Some(SchoolLevel::LowerSecondary), values) {
                if found.item == item {
                    summary.add(&Summary::of_item(&found));
                }
            }
        }
        summary
    }

    #[test]
    fn percentages_weigh_by_their_weight_field() {
        // 90 % of 100 students and 50 % of 300: 60 % of all 400, not the 70 % mean.
        let schools = [school(100, 90.0, 10), school(300, 50.0, 30)];
        let summary = summarise(&schools, "pass_rate");
        assert_eq!(summary.weighted_mean(), Some(60.0));
        assert_eq!(summarise(&schools, "students").total, 400.0);
    }

    #[test]
    fn tables_flatten_row_by_row_for_the_level() {
        let items = numeric_items(&definition(), Some(SchoolLevel::LowerSecondary), &school(100, 90.0, 40));
        let keys: Vec<&str> = items.iter().map(|item| item.item.as_str()).collect();
        assert!(keys.contains(&"grades/g6/students"));
        assert!(keys.contains(&"grades/g6/girls"));
        assert!(!keys.iter().any(|key| key.starts_with("grades/g1")), "grade 1 is not a lower-secondary row");
        assert_eq!(summarise(&[school(1, 1.0, 40), school(1, 1.0, 20)], "grades/g6/girls").total, 30.0);
    }

    #[test]
    fn negation_takes_a_school_back_out() {
        let item = NumericItem { item: "x".into(), value: 80.0, weight: Some(200.0) };
        let mut summary = Summary::of_item(&item);
        summary.add(&Summary::of_item(&item).negated());
        assert_eq!(summary, Summary::default());
    }

    #[test]
    fn ratio_of_sums() {
        let girls = Summary { total: 150.0, ..Summary::default() };
        let students = Summary { total: 400.0, ..Summary::default() };
        assert_eq!(ratio_percent(&girls, &students), Some(37.5));
        assert_eq!(ratio_percent(&girls, &Summary::default()), None);
    }
}
