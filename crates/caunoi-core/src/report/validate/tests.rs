use super::*;
use crate::report::definition::{Column, RowDef, Section, TableSpec};
use crate::report::values::TableRow;

fn field(key: &str, label: &str, required: bool, kind: FieldKind) -> Field {
    Field { key: key.into(), label: label.into(), help: String::new(), required, levels: Vec::new(), kind }
}

fn column(key: &str, label: &str) -> Column {
    Column { key: key.into(), label: label.into(), kind: ColumnKind::Integer, min: Some(0.0), max: None, required: true }
}

/// Students in total, female students, a pass rate weighed by students, and a table of
/// grades 6 and 7 with students and girls, plus "girls ≤ students" and "rows add up".
fn semester_statistics() -> TemplateDefinition {
    let grades = TableSpec {
        rows: TableRows::Fixed {
            rows: vec![
                RowDef { key: "g6".into(), label: "Lớp 6".into(), levels: Vec::new() },
                RowDef { key: "g7".into(), label: "Lớp 7".into(), levels: Vec::new() },
                RowDef { key: "g1".into(), label: "Lớp 1".into(), levels: vec![SchoolLevel::Primary] },
            ],
        },
        columns: vec![column("students", "Số học sinh"), column("girls", "Nữ")],
    };
    TemplateDefinition {
        sections: vec![Section {
            key: "students".into(),
            title: "Học sinh".into(),
            help: String::new(),
            levels: Vec::new(),
            fields: vec![
                field("students", "Tổng số học sinh", true, FieldKind::Integer { min: Some(0), max: Some(5000), unit: String::new() }),
                field("girls", "Học sinh nữ", true, FieldKind::Integer { min: Some(0), max: None, unit: String::new() }),
                field("pass_rate", "Tỉ lệ lên lớp", false, FieldKind::Percent { weight: Some("students".into()) }),
                field("grades", "Theo khối lớp", false, FieldKind::Table(grades)),
            ],
        }],
        rules: vec![
            Rule::AtMost { left: "girls".into(), right: "students".into() },
            Rule::AtMost { left: "grades.girls".into(), right: "grades.students".into() },
            Rule::SumEquals { parts: vec!["grades.*.students".into()], total: "students".into() },
        ],
        indicators: Vec::new(),
    }
}

fn row(key: &str, students: i64, girls: i64) -> TableRow {
    TableRow { key: key.into(), cells: [("students".to_owned(), Value::Integer(students)), ("girls".to_owned(), Value::Integer(girls))].into() }
}

fn values(students: i64, girls: i64, rows: Vec<TableRow>) -> Values {
    let mut values = Values::default();
    values.0.insert("students".into(), Value::Integer(students));
    values.0.insert("girls".into(), Value::Integer(girls));
    values.0.insert("grades".into(), Value::Table(rows));
    values
}

fn codes(problems: &[Problem]) -> Vec<ProblemCode> {
    problems.iter().map(|p| p.code).collect()
}

const LOWER: Option<SchoolLevel> = Some(SchoolLevel::LowerSecondary);

#[test]
fn consistent_values_pass() {
    let ok = values(300, 140, vec![row("g6", 160, 70), row("g7", 140, 70)]);
    assert_eq!(validate(&semester_statistics(), LOWER, &ok), Vec::new());
}

#[test]
fn required_and_range() {
    let mut missing = values(300, 140, vec![row("g6", 160, 70), row("g7", 140, 70)]);
    missing.0.remove("girls");
    let problems = validate(&semester_statistics(), LOWER, &missing);
    assert_eq!(codes(&problems), vec![ProblemCode::Required]);
    assert_eq!(problems[0].arg("label"), Some("Học sinh nữ"));

    let too_many = values(6000, 140, vec![row("g6", 6000, 70)]);
    let problems = validate(&semester_statistics(), LOWER, &too_many);
    assert!(problems.iter().any(|p| p.code == ProblemCode::AboveMax && p.arg("max") == Some("5.000")));
}

#[test]
fn required_column_needs_every_row() {
    let problems = validate(&semester_statistics(), LOWER, &values(160, 70, vec![row("g6", 160, 70)]));
    assert_eq!(codes(&problems), vec![ProblemCode::Required, ProblemCode::Required]);
    assert_eq!(problems[0].path, ItemPath::cell("grades", "g7", "students"));
    assert_eq!(problems[0].arg("label"), Some("Theo khối lớp › Lớp 7 › Số học sinh"));
}

#[test]
fn female_at_most_total() {
    let problems = validate(&semester_statistics(), LOWER, &values(300, 310, vec![row("g6", 160, 70), row("g7", 140, 70)]));
    assert_eq!(codes(&problems), vec![ProblemCode::AtMost]);
    assert_eq!(problems[0].path, ItemPath::field("girls"));

    let problems = validate(&semester_statistics(), LOWER, &values(300, 140, vec![row("g6", 160, 170), row("g7", 140, 70)]));
    assert_eq!(codes(&problems), vec![ProblemCode::AtMost]);
    assert_eq!(problems[0].path, ItemPath::cell("grades", "g6", "girls"));
    assert_eq!(problems[0].arg("right"), Some("Theo khối lớp › Lớp 6 › Số học sinh"));
}

#[test]
fn rows_add_up_to_total() {
    let problems = validate(&semester_statistics(), LOWER, &values(310, 140, vec![row("g6", 160, 70), row("g7", 140, 70)]));
    assert_eq!(codes(&problems), vec![ProblemCode::SumEquals]);
    assert_eq!(problems[0].arg("expected"), Some("310"));
    assert_eq!(problems[0].arg("actual"), Some("300"));
}

#[test]
fn rows_of_another_level_are_unexpected() {
    let rows = vec![row("g6", 160, 70), row("g7", 140, 70), row("g1", 10, 5)];
    let problems = validate(&semester_statistics(), LOWER, &values(310, 145, rows.clone()));
    assert_eq!(codes(&problems), vec![ProblemCode::Unexpected]);
    // A multi-level school has every row.
    assert_eq!(validate(&semester_statistics(), Some(SchoolLevel::MultiLevel), &values(310, 145, rows)), Vec::new());
}

#[test]
fn percentage_needs_its_weight_and_range() {
    let mut entered = values(300, 140, vec![row("g6", 160, 70), row("g7", 140, 70)]);
    entered.0.insert("pass_rate".into(), Value::Decimal(120.0));
    assert_eq!(codes(&validate(&semester_statistics(), LOWER, &entered)), vec![ProblemCode::AboveMax]);
    entered.0.insert("pass_rate".into(), Value::Decimal(95.5));
    entered.0.remove("students");
    let problems = validate(&semester_statistics(), LOWER, &entered);
    assert!(problems.iter().any(|p| p.code == ProblemCode::WeightMissing && p.arg("weight") == Some("Tổng số học sinh")));
}

#[test]
fn wrong_types_and_unknown_fields() {
    let mut entered = values(300, 140, vec![row("g6", 160, 70), row("g7", 140, 70)]);
    entered.0.insert("students".into(), Value::Text("ba trăm".into()));
    entered.0.insert("bogus".into(), Value::Integer(1));
    let found = codes(&validate(&semester_statistics(), LOWER, &entered));
    assert!(found.contains(&ProblemCode::WrongType));
    assert!(found.contains(&ProblemCode::Unexpected));
}

#[test]
fn typed_input_is_parsed_by_kind() {
    let integer = FieldKind::Integer { min: None, max: None, unit: String::new() };
    assert_eq!(parse_field_input(&integer, " 1.234 "), Ok(Some(Value::Integer(1234))));
    assert_eq!(parse_field_input(&integer, ""), Ok(None));
    assert_eq!(parse_field_input(&integer, "12,5"), Err(ParseProblem::NotAnInteger));
    let choice = FieldKind::MultiChoice { options: vec!["Sáng".into(), "Chiều".into()] };
    assert_eq!(parse_field_input(&choice, "sang; CHIỀU"), Ok(Some(Value::Choices(vec!["Sáng".into(), "Chiều".into()]))));
    assert_eq!(parse_cell_input(ColumnKind::Percent, "87,5"), Ok(Some(Value::Decimal(87.5))));
}

#[test]
fn numbers_are_formatted_the_vietnamese_way() {
    assert_eq!(format_number(1234.5), "1.234,5");
    assert_eq!(format_number(1_000_000.0), "1.000.000");
    assert_eq!(format_number(-12.25), "-12,25");
    assert_eq!(format_number(0.0), "0");
}

#[test]
fn definition_problems_name_the_key() {
    let mut definition = semester_statistics();
    assert!(definition_problems(&definition).is_empty());
    definition.sections[0].fields.push(field("students", "Lặp", false, FieldKind::YesNo));
    definition.rules.push(Rule::AtMost { left: "nothing".into(), right: "students".into() });
    let problems: Vec<String> = definition_problems(&definition).iter().map(ToString::to_string).collect();
    assert!(problems.contains(&"repeated-key `students`".to_owned()), "{problems:?}");
    assert!(problems.contains(&"unknown-operand `nothing`".to_owned()), "{problems:?}");
}

#[test]
fn definition_limits_hold_for_imports() {
    let mut definition = semester_statistics();
    definition.sections[0].fields.push(field("note", &"x".repeat(301), false, FieldKind::Text { max_len: None, multiline: false }));
    definition.sections[0].fields.push(field("size", "Quy mô", false, FieldKind::Integer { min: Some(10), max: Some(1), unit: String::new() }));
    definition.rules.push(Rule::AtMost { left: "note".into(), right: "size".into() });
    let codes: Vec<&str> = definition_problems(&definition).iter().map(|p| p.name()).collect();
    assert_eq!(codes, ["label-too-long", "min-above-max", "operand-not-number"]);
}
