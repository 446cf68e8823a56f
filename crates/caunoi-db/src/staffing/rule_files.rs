//! Parsers of the shipped rule tables in `reference-data/rules` into [`Rule`] rows.

use caunoi_core::staffing::curriculum::subjects_of_row;
use caunoi_core::staffing::rules::{Rule, RuleFamily, norm_item_key, teaching_load_item_key};

use crate::{DbError, DbResult};

pub const TEACHING_LOAD_CSV: &str = include_str!("../../../../reference-data/rules/teaching_load_circular_05_2025.csv");
pub const CURRICULUM_CSV: &str = include_str!("../../../../reference-data/rules/curriculum_2018_periods.csv");
pub const NORMS_CSV: &str = include_str!("../../../../reference-data/rules/staffing_norms_circular_20_2023.csv");

/// One shipped rule table with its name and source, ready to store as a national version.
pub struct RuleFile {
    pub family: RuleFamily,
    pub name: &'static str,
    pub source: &'static str,
    pub text: &'static str,
}

pub const RULE_FILES: [RuleFile; 3] = [
    RuleFile {
        family: RuleFamily::TeachingLoad,
        name: "Chế độ làm việc của giáo viên phổ thông",
        source: "Thông tư 05/2025/TT-BGDĐT",
        text: TEACHING_LOAD_CSV,
    },
    RuleFile {
        family: RuleFamily::Curriculum,
        name: "Số tiết theo Chương trình GDPT 2018",
        source: "Chương trình GDPT 2018 (Thông tư 32/2018/TT-BGDĐT, sửa đổi bởi Thông tư 13/2022/TT-BGDĐT)",
        text: CURRICULUM_CSV,
    },
    RuleFile {
        family: RuleFamily::StaffingNorms,
        name: "Định mức số lượng người làm việc",
        source: "Thông tư 20/2023/TT-BGDĐT",
        text: NORMS_CSV,
    },
];

/// Parses a rule table of `family` in the layout of the shipped file.
pub fn parse(family: RuleFamily, text: &str) -> DbResult<Vec<Rule>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|error| invalid(family, 1, &error.to_string()))?.clone();
    let mut rules = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|error| invalid(family, line, &error.to_string()))?;
        let field = |name: &str| -> String {
            headers.iter().position(|h| h == name).and_then(|i| record.get(i)).unwrap_or("").trim().to_string()
        };
        match family {
            RuleFamily::TeachingLoad => rules.push(teaching_load_rule(&field, line)?),
            RuleFamily::Curriculum => rules.extend(curriculum_rules(&field, line)?),
            RuleFamily::StaffingNorms => rules.push(norm_rule(&field, line)?),
        }
    }
    Ok(rules)
}

fn teaching_load_rule(field: &dyn Fn(&str) -> String, line: usize) -> DbResult<Rule> {
    let kind = field("kind");
    let item_en = field("item_en");
    Ok(Rule {
        item_key: teaching_load_item_key(&kind, &item_en),
        value: value(&field("periods"), RuleFamily::TeachingLoad, line)?,
        verified: !field("notes").to_lowercase().contains("not found"),
        kind,
        level: field("level"),
        school_type: field("school_type"),
        region: "all".into(),
        grade: None,
        subject: None,
        item_vi: field("item_vi"),
        item_en,
        unit: field("unit"),
        condition: field("condition"),
        article: field("article"),
        source: field("source"),
    })
}

/// Turns a curriculum row into one rule per subject it names: joint rows such as
/// "Nghệ thuật (Âm nhạc, Mĩ thuật)" become two, totals and meta rows none.
fn curriculum_rules(field: &dyn Fn(&str) -> String, line: usize) -> DbResult<Vec<Rule>> {
    let Ok(grade) = field("grade").parse::<i32>() else { return Ok(Vec::new()) };
    let Some(periods) = value(&field("periods_per_year"), RuleFamily::Curriculum, line)? else { return Ok(Vec::new()) };
    let subject_vi = field("subject_vi");
    let parts = subjects_of_row(&subject_vi, periods);
    let joint = parts.len() > 1;
    Ok(parts
        .into_iter()
        .map(|(subject, periods)| Rule {
            kind: field("compulsory_or_elective"),
            level: field("level"),
            school_type: "all".into(),
            region: "all".into(),
            grade: Some(grade),
            subject: Some(subject.key().to_string()),
            item_key: subject.key().to_string(),
            item_vi: subject_vi.clone(),
            item_en: field("subject_en"),
            value: Some(periods),
            unit: "periods/year".into(),
            condition: if joint { format!("half of the joint row {subject_vi}") } else { String::new() },
            article: String::new(),
            source: field("source"),
            verified: true,
        })
        .collect())
}

fn norm_rule(field: &dyn Fn(&str) -> String, line: usize) -> DbResult<Rule> {
    let unit = field("unit");
    let notes = field("notes").to_lowercase();
    Ok(Rule {
        kind: "norm".into(),
        item_key: norm_item_key(&unit, &field("item_en")),
        value: value(&field("value"), RuleFamily::StaffingNorms, line)?,
        verified: !(notes.contains("not verified") || notes.contains("not found")),
        level: field("level"),
        school_type: field("school_type"),
        region: field("region"),
        grade: None,
        subject: None,
        item_vi: field("item_vi"),
        item_en: field("item_en"),
        unit,
        condition: String::new(),
        article: field("article"),
        source: field("source"),
    })
}

/// Reads a number written with `.` or `,` as the decimal mark; text such as
/// `definition` and empty cells are no value.
fn value(raw: &str, family: RuleFamily, line: usize) -> DbResult<Option<f64>> {
    let raw = raw.trim();
    if raw.is_empty() || raw.chars().all(|c| c.is_alphabetic() || c == '_') {
        return Ok(None);
    }
    match raw.replace(',', ".").parse::<f64>() {
        Ok(number) if number.is_finite() && number >= 0.0 => Ok(Some(number)),
        _ => Err(invalid(family, line, &format!("value {raw:?} is not a number of periods"))),
    }
}

fn invalid(family: RuleFamily, line: usize, problem: &str) -> DbError {
    DbError::Invalid(format!("rule table {}, line {line}: {problem}", family.key()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use caunoi_core::staffing::rules::{CurriculumRules, LoadRules, NormRules};
    use caunoi_core::staffing::Subject;

    #[test]
    fn teaching_load_file_holds_the_circular() {
        let rules = LoadRules { rules: parse(RuleFamily::TeachingLoad, TEACHING_LOAD_CSV).unwrap() };
        assert_eq!(rules.rules.len(), 84);
        assert_eq!(rules.quota("teacher", "primary", "regular"), Some(23.0));
        assert_eq!(rules.quota("teacher", "lower_secondary", "regular"), Some(19.0));
        assert_eq!(rules.quota("teacher", "upper_secondary", "regular"), Some(17.0));
        assert_eq!(rules.quota("teacher", "upper_secondary", "pt_dan_toc_noi_tru"), Some(15.0));
        assert_eq!(rules.reduction("homeroom", "primary", "regular"), 4.0);
        assert_eq!(rules.reduction("subject_group_head", "primary", "regular"), 3.0);
        assert_eq!(rules.reduction("subject_group_deputy", "primary", "regular"), 1.0);
        assert_eq!(rules.reduction("probation", "primary", "regular"), 2.0);
        assert_eq!(rules.conversion("inter_school"), 1.0);
        assert_eq!(rules.teaching_weeks(), 35.0);
        let homeroom = rules.rules.iter().find(|r| r.item_key == "homeroom").unwrap();
        assert_eq!(homeroom.article, "Điều 9 khoản 1");
        assert!(homeroom.source.starts_with("TT 05/2025/TT-BGDĐT"));
    }

    #[test]
    fn curriculum_file_maps_to_subjects() {
        let rules = CurriculumRules { rules: parse(RuleFamily::Curriculum, CURRICULUM_CSV).unwrap() };
        let grade = |g: i32| -> Vec<(Subject, f64)> { rules.periods_of_grade(g).collect() };
        assert!(grade(3).contains(&(Subject::Informatics, 35.0)));
        assert!(grade(3).contains(&(Subject::Technology, 35.0)));
        assert!(grade(6).contains(&(Subject::Music, 35.0)));
        assert!(grade(6).contains(&(Subject::English, 105.0)));
        // Upper-secondary informatics is an elective: 70 periods for 4 of 9 classes.
        let informatics_10 = grade(10).into_iter().find(|(s, _)| *s == Subject::Informatics).unwrap().1;
        assert!((informatics_10 - 70.0 * 4.0 / 9.0).abs() < 1e-9);
        // Grade 1–2 English is optional and counts nothing.
        assert!(grade(1).contains(&(Subject::English, 0.0)));
    }

    #[test]
    fn norms_file_holds_teachers_per_class() {
        let rules = NormRules { rules: parse(RuleFamily::StaffingNorms, NORMS_CSV).unwrap() };
        assert_eq!(rules.teachers_per_class("primary", "regular"), Some(1.5));
        assert_eq!(rules.teachers_per_class("lower_secondary", "regular"), Some(1.9));
        assert_eq!(rules.teachers_per_class("lower_secondary", "pt_dan_toc_ban_tru"), Some(2.2));
        assert_eq!(rules.teachers_per_class("upper_secondary", "regular"), Some(2.25));
        assert!(rules.rules.iter().any(|r| !r.verified), "the shared post of Art. 8 is marked unverified");
    }

    #[test]
    fn bad_value_names_line() {
        let text = "kind,level,school_type,item_vi,item_en,periods,unit,condition,article,source,notes\nquota,primary,regular,x,Primary school teacher,-3,,,,,\n";
        let error = parse(RuleFamily::TeachingLoad, text).unwrap_err().to_string();
        assert!(error.contains("line 2"), "{error}");
    }
}
