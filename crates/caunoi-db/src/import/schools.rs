//! Parsing the data rows of a school list into staged rows.

use std::collections::HashMap;

use caunoi_core::org::{Ownership, SchoolLevel};
use caunoi_core::school_name::{NameClass, NonSchoolKind, classify};
use caunoi_core::text::fold;

use super::MAX_ROWS;
use super::conversions::ConversionIndex;
use super::header::{Field, Header, HeaderField, is_numbering_row};
use super::locate::locate;
use super::places::{DistrictName, commune_keys};
use super::problem::{Problem, Severity, ids};
use super::row::{Exclusion, ParsedRow, SchoolRow, derive_status};
use super::table::{Grid, GridRow, too_many_rows};

/// MOET school codes have three digits ("001"); spreadsheets drop the zeros of codes
/// stored as numbers.
const SCHOOL_CODE_DIGITS: usize = 3;

/// The cells of one data row, addressed by field: of a school list unless `F` names
/// the fields of another list.
pub(crate) struct RowCells<'a, F = Field> {
    pub row: &'a GridRow,
    header: &'a Header<F>,
}

impl<'a, F: HeaderField> RowCells<'a, F> {
    pub fn new(row: &'a GridRow, header: &'a Header<F>) -> RowCells<'a, F> {
        RowCells { row, header }
    }

    pub fn number(&self) -> u32 {
        self.row.number
    }

    /// Returns the trimmed value of `field`, or `None` when the column is absent or the
    /// cell empty.
    pub fn value(&self, field: F) -> Option<&'a str> {
        let column = self.header.column(field)?;
        Some(self.row.cell(column.index)).filter(|value| !value.is_empty())
    }

    /// Builds a problem about `field` with the Fluent arguments every row message takes:
    /// `row`, `column` (the header as the file writes it) and `value`.
    pub fn problem(&self, severity: Severity, message_id: &str, field: F) -> Problem {
        let column = self
            .header
            .column(field)
            .map(|c| c.title.clone())
            .unwrap_or_default();
        Problem::new(severity, message_id)
            .with_value(field.name(), self.value(field).unwrap_or_default())
            .with_arg("row", self.row.number)
            .with_arg("column", column)
    }

    /// Returns whether every recognised column of the row is empty, as in a formatted
    /// row of a template with only its row number filled in.
    pub fn is_blank(&self) -> bool {
        self.header
            .columns
            .values()
            .filter(|column| !column.field.is_ignored())
            .all(|column| self.row.cell(column.index).is_empty())
    }
}

/// Parses the rows below the header. Rejects the file when it has more than
/// [`MAX_ROWS`] data rows.
pub(crate) fn parse_rows(
    grid: &Grid,
    header: &Header,
    index: &ConversionIndex,
) -> Result<Vec<ParsedRow>, Problem> {
    let mut data_rows: Vec<RowCells> = grid.rows[header.last_row + 1..]
        .iter()
        .map(|row| RowCells::new(row, header))
        .filter(|cells| !cells.is_blank())
        .collect();
    if data_rows
        .first()
        .is_some_and(|cells| is_numbering_row(cells.row))
    {
        data_rows.remove(0);
    }
    if data_rows.len() > MAX_ROWS {
        return Err(too_many_rows(data_rows.len(), MAX_ROWS));
    }
    let mut rows: Vec<ParsedRow> = data_rows
        .iter()
        .map(|cells| parse_row(cells, index))
        .collect();
    mark_duplicates(&mut rows);
    Ok(rows)
}

fn parse_row(cells: &RowCells, index: &ConversionIndex) -> ParsedRow {
    let mut data = SchoolRow::default();
    let mut problems = Vec::new();
    data.school_code = cells.value(Field::SchoolCode).map(school_code);
    read_name_and_level(cells, &mut data, &mut problems);
    locate(cells, index, &mut data, &mut problems);
    data.import_key = import_key(cells, &data);
    ParsedRow {
        row_number: cells.number(),
        status: derive_status(&data, &problems),
        data,
        problems,
    }
}

/// Restores the leading zeros of a numeric school code: `1`, `1.0` and `001` give
/// `001`. Other codes are kept as written.
fn school_code(raw: &str) -> String {
    let digits = raw.strip_suffix(".0").unwrap_or(raw);
    if !digits.is_empty()
        && digits.len() <= SCHOOL_CODE_DIGITS
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        format!("{digits:0>SCHOOL_CODE_DIGITS$}")
    } else {
        raw.to_owned()
    }
}

/// Reads the name, then the level (the level column if valid, else classified from the
/// name) and the ownership (the column if valid, else a hint in the name, else public).
fn read_name_and_level(cells: &RowCells, data: &mut SchoolRow, problems: &mut Vec<Problem>) {
    let Some(name) = cells.value(Field::SchoolName) else {
        problems.push(cells.problem(Severity::Error, ids::MISSING_NAME, Field::SchoolName));
        return;
    };
    data.name = name.to_owned();
    let class = classify(name);
    let column_level = cells.value(Field::Level).and_then(|text| {
        let level = parse_level(text);
        if level.is_none() {
            problems.push(cells.problem(Severity::Warning, ids::INVALID_LEVEL, Field::Level));
        }
        level
    });
    let private_hint = matches!(
        class,
        NameClass::School {
            private_hint: true,
            ..
        }
    );
    data.level = match (column_level, class) {
        (Some(level), _) => Some(level),
        (None, NameClass::School { level, .. }) => Some(level),
        (None, NameClass::NotASchool { kind }) => {
            data.exclusion = Some(Exclusion::NotASchool(kind));
            problems.push(
                cells
                    .problem(Severity::Info, ids::NOT_A_SCHOOL, Field::SchoolName)
                    .with_arg("kind", kind_id(kind)),
            );
            None
        }
        (None, NameClass::Unknown) => {
            problems.push(cells.problem(Severity::Error, ids::UNKNOWN_LEVEL, Field::SchoolName));
            None
        }
    };
    data.ownership = Some(read_ownership(cells, private_hint, problems));
}

/// Returns the kind as the `kind` argument of the exclusion message, for a Fluent select.
fn kind_id(kind: NonSchoolKind) -> &'static str {
    match kind {
        NonSchoolKind::University => "university",
        NonSchoolKind::College => "college",
        NonSchoolKind::VocationalSchool => "vocational_school",
        NonSchoolKind::Other => "other",
    }
}

fn read_ownership(cells: &RowCells, private_hint: bool, problems: &mut Vec<Problem>) -> Ownership {
    if let Some(text) = cells.value(Field::Ownership) {
        match parse_ownership(text) {
            Some(ownership) => return ownership,
            None => problems.push(cells.problem(
                Severity::Warning,
                ids::INVALID_OWNERSHIP,
                Field::Ownership,
            )),
        }
    }
    if private_hint {
        Ownership::Private
    } else {
        Ownership::Public
    }
}

/// Reads a level written in words ("Tiểu học", "THCS", "Cấp 3", "Liên cấp"), as a
/// number (1, 2, 3) or as the identifier used by the API (`upper_secondary`).
pub(crate) fn parse_level(text: &str) -> Option<SchoolLevel> {
    if let Some(level) = SchoolLevel::parse(text.trim()) {
        return Some(level);
    }
    let folded = fold(text);
    let words = format!(" {folded} ");
    let has = |phrase: &str| words.contains(&format!(" {phrase} "));

    if has("lien cap") || has("nhieu cap") {
        return Some(SchoolLevel::MultiLevel);
    }
    if has("gdtx") || has("ttgdtx") || has("giao duc thuong xuyen") {
        return Some(SchoolLevel::ContinuingEducation);
    }
    if ["mam non", "mau giao", "nha tre", "mn"]
        .iter()
        .any(|p| has(p))
    {
        return Some(SchoolLevel::Preschool);
    }

    let primary = ["tieu hoc", "th", "cap 1", "1"].iter().any(|p| has(p));
    let lower = ["trung hoc co so", "thcs", "cap 2", "2"]
        .iter()
        .any(|p| has(p));
    let upper = ["trung hoc pho thong", "thpt", "cap 3", "3"]
        .iter()
        .any(|p| has(p));
    match (primary, lower, upper) {
        (true, false, false) => Some(SchoolLevel::Primary),
        (false, true, false) => Some(SchoolLevel::LowerSecondary),
        (false, false, true) => Some(SchoolLevel::UpperSecondary),
        (false, false, false) => None,
        _ => Some(SchoolLevel::MultiLevel),
    }
}

/// Reads "công lập" as public and "tư thục", "dân lập" or "ngoài công lập" as private.
pub(crate) fn parse_ownership(text: &str) -> Option<Ownership> {
    if let Some(ownership) = Ownership::parse(text.trim()) {
        return Some(ownership);
    }
    let folded = fold(text);
    let words = format!(" {folded} ");
    let has = |phrase: &str| words.contains(&format!(" {phrase} "));
    if [
        "tu thuc",
        "dan lap",
        "ngoai cong lap",
        "tu",
        "quoc te",
        "co von dau tu nuoc ngoai",
    ]
    .iter()
    .any(|p| has(p))
    {
        Some(Ownership::Private)
    } else if ["cong lap", "cl", "nha nuoc"].iter().any(|p| has(p)) {
        Some(Ownership::Public)
    } else {
        None
    }
}

/// Builds the key that identifies a school across rows and imports:
/// `moet:{province}-{code}` when MOET's codes are known, else
/// `name:{folded name}|{district or commune key}`.
fn import_key(cells: &RowCells, data: &SchoolRow) -> Option<String> {
    if data.name.is_empty() {
        return None;
    }
    if let Some(code) = data.moet_code() {
        return Some(format!("moet:{code}"));
    }
    let place = match (
        cells.value(Field::District),
        cells.value(Field::Commune),
        cells.value(Field::CommuneCode),
    ) {
        (Some(district), _, _) => DistrictName::parse(district).key(),
        (None, Some(commune), _) => commune_keys(commune).1,
        (None, None, Some(code)) => code.to_owned(),
        (None, None, None) => String::new(),
    };
    Some(format!("name:{}|{place}", fold(&data.name)))
}

/// Marks rows that repeat the import key of an earlier row; the first one wins.
fn mark_duplicates(rows: &mut [ParsedRow]) {
    let mut first_rows: HashMap<String, u32> = HashMap::new();
    for row in rows.iter_mut() {
        let Some(key) = row.data.import_key.clone() else {
            continue;
        };
        match first_rows.get(&key) {
            Some(&first) => {
                row.data.duplicate_of = Some(first);
                row.problems.push(
                    Problem::info(ids::DUPLICATE_ROW)
                        .with_arg("row", row.row_number)
                        .with_arg("first_row", first),
                );
                row.refresh_status();
            }
            None => {
                first_rows.insert(key, row.row_number);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn school_codes_regain_zeros() {
        assert_eq!(school_code("1"), "001");
        assert_eq!(school_code("1.0"), "001");
        assert_eq!(school_code("045"), "045");
        assert_eq!(school_code("1234"), "1234");
        assert_eq!(school_code("A01"), "A01");
    }

    #[test]
    fn levels_in_words() {
        assert_eq!(parse_level("Tiểu học"), Some(SchoolLevel::Primary));
        assert_eq!(parse_level("THCS"), Some(SchoolLevel::LowerSecondary));
        assert_eq!(parse_level("Cấp 3"), Some(SchoolLevel::UpperSecondary));
        assert_eq!(
            parse_level("TH, THCS và THPT"),
            Some(SchoolLevel::MultiLevel)
        );
        assert_eq!(parse_level("Mầm non"), Some(SchoolLevel::Preschool));
        assert_eq!(parse_level("GDTX"), Some(SchoolLevel::ContinuingEducation));
        assert_eq!(
            parse_level("upper_secondary"),
            Some(SchoolLevel::UpperSecondary)
        );
        assert_eq!(parse_level("khác"), None);
    }

    #[test]
    fn ownership_in_words() {
        assert_eq!(parse_ownership("Công lập"), Some(Ownership::Public));
        assert_eq!(parse_ownership("Ngoài công lập"), Some(Ownership::Private));
        assert_eq!(parse_ownership("Tư thục"), Some(Ownership::Private));
        assert_eq!(parse_ownership("Dân lập"), Some(Ownership::Private));
        assert_eq!(parse_ownership("?"), None);
    }
}
