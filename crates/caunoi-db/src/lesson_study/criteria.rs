//! The default analysis criteria, read from
//! `reference-data/rules/lesson_analysis_criteria.csv` (embedded at build time), with
//! each criterion's source kept. An optional `rating_max` column gives a criterion a
//! rating scale from 1; the shipped file has none, so its criteria take comments only.

use std::sync::LazyLock;

use caunoi_core::lesson_study::analysis::Criterion;

use crate::{DbError, DbResult};

const CRITERIA_CSV: &str = include_str!("../../../../reference-data/rules/lesson_analysis_criteria.csv");

static DEFAULTS: LazyLock<Vec<Criterion>> =
    LazyLock::new(|| parse_criteria_csv(CRITERIA_CSV).expect("the embedded lesson_analysis_criteria.csv is valid"));

/// Returns the default criteria, in the file's order.
pub fn defaults() -> &'static [Criterion] {
    &DEFAULTS
}

/// Parses a criteria table with the columns `group_vi`, `group_en`, `criterion_no`,
/// `criterion_vi`, `criterion_en`, `source` and, optionally, `rating_max`.
pub fn parse_criteria_csv(text: &str) -> DbResult<Vec<Criterion>> {
    const FILE: &str = "lesson_analysis_criteria.csv";
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|error| DbError::Invalid(format!("{FILE}: {error}")))?.clone();
    let column = |name: &str| headers.iter().position(|header| header == name);
    let required = |name: &str| column(name).ok_or_else(|| DbError::Invalid(format!("{FILE}: column {name} is missing")));
    let (group_vi, group_en, number, text_vi, text_en, source) =
        (required("group_vi")?, required("group_en")?, required("criterion_no")?, required("criterion_vi")?, required("criterion_en")?, required("source")?);
    let rating = column("rating_max");
    let mut criteria = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|error| DbError::Invalid(format!("{FILE} line {line}: {error}")))?;
        let cell = |i: usize| caunoi_core::text::normalize(record.get(i).unwrap_or(""));
        let number: i64 = cell(number).parse().map_err(|_| DbError::Invalid(format!("{FILE} line {line}: criterion_no is not a number")))?;
        let rating_max = match rating.map(cell).filter(|raw| !raw.is_empty()) {
            Some(raw) => Some(raw.parse::<i64>().ok().filter(|max| (2..=10).contains(max)).ok_or_else(|| {
                DbError::Invalid(format!("{FILE} line {line}: rating_max {raw} is not a number from 2 to 10"))
            })?),
            None => None,
        };
        criteria.push(Criterion {
            key: format!("moet-{number}"),
            group: cell(group_vi),
            text: cell(text_vi),
            group_en: cell(group_en),
            text_en: cell(text_en),
            source: cell(source),
            rating_max,
        });
    }
    Ok(criteria)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_twelve_criteria_with_sources() {
        let criteria = defaults();
        assert_eq!(criteria.len(), 12);
        assert_eq!(criteria[0].key, "moet-1");
        assert_eq!(criteria[0].group, "Kế hoạch và tài liệu dạy học");
        assert!(criteria.iter().all(|c| c.source.contains("5555/BGDĐT-GDTrH")));
        assert!(criteria.iter().all(|c| c.rating_max.is_none()));
    }

    #[test]
    fn rating_column_is_read() {
        let csv = "group_vi,group_en,criterion_no,criterion_vi,criterion_en,source,rating_max\nA,A,1,Một,One,S,4\nA,A,2,Hai,Two,S,\n";
        let criteria = parse_criteria_csv(csv).expect("valid");
        assert_eq!(criteria[0].rating_max, Some(4));
        assert_eq!(criteria[1].rating_max, None);
        let bad = "group_vi,group_en,criterion_no,criterion_vi,criterion_en,source,rating_max\nA,A,1,Một,One,S,99\n";
        assert!(parse_criteria_csv(bad).is_err());
    }
}
