//! The "Thống kê học kì I" template of the demo: school, classes and students, a
//! per-grade table whose rows depend on the school's level, results of the semester
//! weighted by the number of students, and facilities.

use caunoi_core::org::SchoolLevel;
use caunoi_core::report::definition::{Column, ColumnKind, Field, FieldKind, Indicator, Rule, RowDef, Section, TableRows, TableSpec, TemplateDefinition};

fn field(key: &str, label: &str, help: &str, required: bool, kind: FieldKind) -> Field {
    Field { key: key.into(), label: label.into(), help: help.into(), required, levels: Vec::new(), kind }
}

fn count(min: i64, max: i64, unit: &str) -> FieldKind {
    FieldKind::Integer { min: Some(min), max: Some(max), unit: unit.into() }
}

fn column(key: &str, label: &str) -> Column {
    Column { key: key.into(), label: label.into(), kind: ColumnKind::Integer, min: Some(0.0), max: Some(5000.0), required: false }
}

fn row(key: &str, label: &str, levels: &[SchoolLevel]) -> RowDef {
    RowDef { key: key.into(), label: label.into(), levels: levels.to_vec() }
}

/// The rows of the per-grade table: each level sees its own grades.
fn grade_rows() -> Vec<RowDef> {
    use SchoolLevel::*;
    let mut rows = vec![row("nt", "Nhà trẻ", &[Preschool]), row("mg", "Mẫu giáo", &[Preschool])];
    for grade in 1..=5 {
        rows.push(row(&format!("g{grade}"), &format!("Lớp {grade}"), &[Primary]));
    }
    for grade in 6..=9 {
        rows.push(row(&format!("g{grade}"), &format!("Lớp {grade}"), &[LowerSecondary, ContinuingEducation]));
    }
    for grade in 10..=12 {
        rows.push(row(&format!("g{grade}"), &format!("Lớp {grade}"), &[UpperSecondary, ContinuingEducation]));
    }
    rows
}

/// The per-grade semester statistics every school of the demo is asked for.
pub fn definition() -> TemplateDefinition {
    let grades = TableSpec {
        rows: TableRows::Fixed { rows: grade_rows() },
        columns: vec![column("classes", "Số lớp"), column("students", "Số học sinh"), column("girls", "Học sinh nữ")],
    };
    TemplateDefinition {
        sections: vec![
            Section {
                key: "general".into(),
                title: "Quy mô trường lớp".into(),
                help: "Số liệu tại ngày cuối học kì I.".into(),
                levels: Vec::new(),
                fields: vec![
                    field("classes", "Tổng số lớp", "", true, count(0, 300, "lớp")),
                    field("students", "Tổng số học sinh", "Kể cả học sinh khuyết tật học hòa nhập.", true, count(0, 10_000, "học sinh")),
                    field("girls", "Học sinh nữ", "", true, count(0, 10_000, "học sinh")),
                    field("disabled", "Học sinh khuyết tật học hòa nhập", "", false, count(0, 1_000, "học sinh")),
                ],
            },
            Section {
                key: "by_grade".into(),
                title: "Học sinh theo khối lớp".into(),
                help: "Mỗi dòng là một khối lớp của trường; tổng các dòng phải bằng số liệu chung ở trên.".into(),
                levels: Vec::new(),
                fields: vec![field("grades", "Theo khối lớp", "", false, FieldKind::Table(grades))],
            },
            Section {
                key: "results".into(),
                title: "Kết quả học kì I".into(),
                help: "Tỉ lệ tính trên tổng số học sinh của trường.".into(),
                levels: Vec::new(),
                fields: vec![
                    field("attendance", "Tỉ lệ chuyên cần", "", true, FieldKind::Percent { weight: Some("students".into()) }),
                    field(
                        "good_results",
                        "Tỉ lệ học sinh đạt kết quả Tốt, Khá (hoặc Hoàn thành tốt)",
                        "",
                        true,
                        FieldKind::Percent { weight: Some("students".into()) },
                    ),
                ],
            },
            Section {
                key: "facilities".into(),
                title: "Cơ sở vật chất".into(),
                help: String::new(),
                levels: Vec::new(),
                fields: vec![
                    field("classrooms", "Số phòng học", "", true, count(0, 300, "phòng")),
                    field("two_sessions", "Dạy học 2 buổi/ngày", "", true, FieldKind::YesNo),
                    field(
                        "library",
                        "Thư viện",
                        "",
                        false,
                        FieldKind::Choice { options: vec!["Đạt chuẩn".into(), "Chưa đạt chuẩn".into(), "Chưa có".into()] },
                    ),
                    field("notes", "Khó khăn, đề xuất", "", false, FieldKind::Text { max_len: Some(2000), multiline: true }),
                ],
            },
        ],
        rules: vec![
            Rule::AtMost { left: "girls".into(), right: "students".into() },
            Rule::AtMost { left: "disabled".into(), right: "students".into() },
            Rule::AtMost { left: "grades.girls".into(), right: "grades.students".into() },
            Rule::SumEquals { parts: vec!["grades.*.students".into()], total: "students".into() },
            Rule::SumEquals { parts: vec!["grades.*.classes".into()], total: "classes".into() },
        ],
        indicators: vec![Indicator {
            key: "girls_share".into(),
            label: "Tỉ lệ học sinh nữ".into(),
            numerator: "girls".into(),
            denominator: "students".into(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definition_is_valid() {
        assert!(caunoi_core::report::validate::definition_problems(&definition()).is_empty());
    }

    #[test]
    fn each_level_sees_its_grades() {
        let definition = definition();
        let FieldKind::Table(table) = &definition.field("grades").unwrap().kind else { panic!("table") };
        let keys = |level| table.rows_for(Some(level)).iter().map(|row| row.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(SchoolLevel::Primary), ["g1", "g2", "g3", "g4", "g5"]);
        assert_eq!(keys(SchoolLevel::LowerSecondary), ["g6", "g7", "g8", "g9"]);
        assert_eq!(keys(SchoolLevel::Preschool), ["nt", "mg"]);
    }
}
