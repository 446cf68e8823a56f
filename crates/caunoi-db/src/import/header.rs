//! Finding the header row of a school list and mapping its columns to fields.
//!
//! Headers are recognised by synonyms compared after folding (no diacritics, lower
//! case, punctuation as spaces), so "Tên trường (*)", "TÊN TRƯỜNG" and "ten_truong"
//! all name the school. Two stacked header rows ("Trường" above "Mã" and "Tên") are
//! combined when that recognises more columns than either row alone.

use std::collections::BTreeMap;

use caunoi_core::text::fold;
use serde::{Deserialize, Serialize};

use super::table::{Grid, GridRow, MAX_LEADING_ROWS};

/// A column the import understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    SchoolName,
    SchoolCode,
    /// MOET's province code (`02` for the old Ho Chi Minh City), not the NSO code.
    ProvinceCode,
    /// Name of the school's province before July 2025.
    ProvinceName,
    /// District before July 2025, when districts still existed.
    District,
    /// Commune or ward before July 2025.
    OldCommune,
    /// Today's commune, ward or special zone, by name.
    Commune,
    /// Today's commune, by its five-digit NSO code.
    CommuneCode,
    Level,
    Ownership,
    /// Recognised so the header scores, but not read: row numbers, district codes
    /// and types.
    Ignored,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::SchoolName => "school_name",
            Field::SchoolCode => "school_code",
            Field::ProvinceCode => "province_code",
            Field::ProvinceName => "province_name",
            Field::District => "district",
            Field::OldCommune => "old_commune",
            Field::Commune => "commune",
            Field::CommuneCode => "commune_code",
            Field::Level => "level",
            Field::Ownership => "ownership",
            Field::Ignored => "ignored",
        }
    }
}

/// Header synonyms in folded form (see [`header_key`]).
const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::SchoolName,
        &[
            "ten truong",
            "ten truong hoc",
            "ten co so giao duc",
            "ten co so",
            "ten don vi",
            "co so giao duc",
            "truong",
            "truong hoc",
            "school name",
            "school",
            "name",
            "ten",
        ],
    ),
    (
        Field::SchoolCode,
        &[
            "ma truong",
            "ma truong thpt",
            "ma co so giao duc",
            "ma co so",
            "ma don vi",
            "school code",
            "code",
            "ma",
        ],
    ),
    (
        Field::ProvinceCode,
        &[
            "ma tinh",
            "ma tinh cu",
            "ma tinh tp",
            "ma so",
            "old province code",
            "province code",
            "moet province code",
        ],
    ),
    (
        Field::ProvinceName,
        &[
            "tinh",
            "tinh cu",
            "ten tinh",
            "tinh thanh",
            "tinh thanh pho",
            "tinh tp",
            "tinh thanh pho cu",
            "old province name",
            "old province",
            "province name",
            "province",
        ],
    ),
    (
        Field::District,
        &[
            "quan huyen",
            "quan huyen cu",
            "ten quan huyen",
            "huyen",
            "quan",
            "ten huyen",
            "quan huyen thi xa",
            "quan huyen thi xa thanh pho",
            "quan huyen thi xa tp",
            "huyen thi xa thanh pho",
            "dia ban quan huyen",
            "old district name",
            "old district",
            "district name",
            "district",
        ],
    ),
    (
        Field::OldCommune,
        &[
            "xa phuong cu",
            "phuong xa cu",
            "xa phuong thi tran cu",
            "phuong xa thi tran cu",
            "xa cu",
            "phuong cu",
            "ten xa cu",
            "old commune name",
            "old commune",
            "old ward name",
            "old ward",
        ],
    ),
    (
        Field::Commune,
        &[
            "xa phuong",
            "phuong xa",
            "xa phuong moi",
            "phuong xa moi",
            "xa phuong dac khu",
            "phuong xa dac khu",
            "ten xa phuong",
            "ten xa",
            "xa",
            "phuong",
            "xa moi",
            "phuong moi",
            "commune name",
            "commune",
            "ward name",
            "ward",
            "new commune name",
            "new commune",
        ],
    ),
    (
        Field::CommuneCode,
        &[
            "ma xa",
            "ma xa phuong",
            "ma phuong xa",
            "ma xa moi",
            "commune code",
            "ward code",
            "new commune code",
        ],
    ),
    (
        Field::Level,
        &[
            "cap hoc",
            "cap",
            "bac hoc",
            "cap truong",
            "level",
            "school level",
        ],
    ),
    (
        Field::Ownership,
        &[
            "loai hinh",
            "loai hinh truong",
            "loai hinh co so",
            "cong lap tu thuc",
            "ownership",
            "school type",
        ],
    ),
    (
        Field::Ignored,
        &[
            "stt",
            "so thu tu",
            "tt",
            "no",
            "ma quan huyen",
            "ma huyen",
            "old district code",
            "district code",
            "loai quan huyen",
            "old district type",
            "district type",
            "ghi chu",
            "note",
            "notes",
        ],
    ),
];

/// Folds header text into the form of [`SYNONYMS`]: a trailing "(*)" or other
/// parenthesised remark dropped, no diacritics, lower case, punctuation and
/// underscores as single spaces.
pub(crate) fn header_key(text: &str) -> String {
    let text = text.trim();
    let without_remark = match text.find('(') {
        Some(open) if open > 0 => &text[..open],
        _ => text,
    };
    fold(without_remark)
}

/// A column kind of one import, recognised by its header synonyms.
pub(crate) trait HeaderField: Copy + Ord + 'static {
    /// Header synonyms in folded form (see [`header_key`]).
    const SYNONYMS: &'static [(Self, &'static [&'static str])];
    /// The column without which a row is not a header (the school or person name).
    const ANCHOR: Self;

    /// Returns whether the column is recognised only to score the header, not read.
    fn is_ignored(self) -> bool;

    /// The field's name in problems, such as `district`.
    fn name(self) -> &'static str;
}

impl HeaderField for Field {
    const SYNONYMS: &'static [(Field, &'static [&'static str])] = SYNONYMS;
    const ANCHOR: Field = Field::SchoolName;

    fn is_ignored(self) -> bool {
        self == Field::Ignored
    }

    fn name(self) -> &'static str {
        self.as_str()
    }
}

pub(crate) fn field_of<F: HeaderField>(text: &str) -> Option<F> {
    let key = header_key(text);
    if key.is_empty() {
        return None;
    }
    F::SYNONYMS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(field, _)| *field)
}

/// A recognised column: where it is and how the file names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column<F = Field> {
    pub field: F,
    pub index: usize,
    /// The header text as the file shows it, for messages ("Quận/Huyện").
    pub title: String,
}

/// The header of a school list, or of another list with its own fields `F`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header<F = Field> {
    /// Position in [`Grid::rows`] of the last header row; data follows it.
    pub last_row: usize,
    pub columns: BTreeMap<F, Column<F>>,
}

impl<F: HeaderField> Header<F> {
    pub fn column(&self, field: F) -> Option<&Column<F>> {
        self.columns.get(&field)
    }

    pub fn has(&self, field: F) -> bool {
        self.columns.contains_key(&field)
    }

    /// Counts the recognised fields other than the ignored ones.
    fn score(&self) -> usize {
        self.columns
            .keys()
            .filter(|field| !field.is_ignored())
            .count()
    }
}

/// Finds the header among the first rows: the row, or pair of stacked rows, that
/// recognises the most fields and includes the anchor column (the school name of a
/// school list). Returns `None` when no row names the anchor column.
pub(crate) fn find_header<F: HeaderField>(grid: &Grid) -> Option<Header<F>> {
    let scan = grid.rows.len().min(MAX_LEADING_ROWS + 1);
    let mut best: Option<Header<F>> = None;
    for position in 0..scan {
        let single = map_single(&grid.rows[position], position);
        let stacked = position
            .checked_sub(1)
            .map(|above| map_stacked(&grid.rows[above], &grid.rows[position], position));
        for candidate in [Some(single), stacked].into_iter().flatten() {
            if !candidate.has(F::ANCHOR) {
                continue;
            }
            if best.as_ref().is_none_or(|b| candidate.score() > b.score()) {
                best = Some(candidate);
            }
        }
    }
    best
}

fn map_single<F: HeaderField>(row: &GridRow, position: usize) -> Header<F> {
    let mut columns = BTreeMap::new();
    for (index, title) in row.cells.iter().enumerate() {
        if let Some(field) = field_of(title) {
            insert_first(&mut columns, field, index, title);
        }
    }
    Header {
        last_row: position,
        columns,
    }
}

/// Maps two stacked header rows. For each column the lower cell is joined with the
/// upper one in both orders ("Mã" under "Trường" gives "Mã Trường", not the bare "Mã"),
/// then tried alone. Under an empty lower cell the upper cell is tried alone (a header
/// merged down over both rows). An empty upper
/// cell borrows the nearest filled one on its left, as a merged cell spanning columns
/// would show it.
fn map_stacked<F: HeaderField>(upper: &GridRow, lower: &GridRow, position: usize) -> Header<F> {
    let mut columns = BTreeMap::new();
    let width = upper.cells.len().max(lower.cells.len());
    let mut parent = "";
    for index in 0..width {
        let above = upper.cell(index);
        if !above.is_empty() {
            parent = above;
        }
        let below = lower.cell(index);
        let candidates = if below.is_empty() {
            vec![above.to_owned()]
        } else {
            vec![
                format!("{below} {parent}"),
                format!("{parent} {below}"),
                below.to_owned(),
            ]
        };
        if let Some((field, title)) = candidates
            .iter()
            .find_map(|text| field_of(text).map(|field| (field, text)))
        {
            insert_first(&mut columns, field, index, title);
        }
    }
    Header {
        last_row: position,
        columns,
    }
}

/// Keeps the leftmost column of each field: later ones are usually notes or codes.
fn insert_first<F: HeaderField>(
    columns: &mut BTreeMap<F, Column<F>>,
    field: F,
    index: usize,
    title: &str,
) {
    columns.entry(field).or_insert_with(|| Column {
        field,
        index,
        title: title.trim().to_owned(),
    });
}

/// Returns whether `row` is the column-numbering row that official forms put under the
/// header: "(1)", "(2)", … or 1, 2, 3, with no letters anywhere.
pub(crate) fn is_numbering_row(row: &GridRow) -> bool {
    let filled: Vec<&str> = row
        .cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    filled.len() >= 2
        && filled.iter().all(|cell| {
            let digits = cell.trim_start_matches('(').trim_end_matches(')');
            !digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: u32, cells: &[&str]) -> GridRow {
        GridRow {
            number,
            cells: cells.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    #[test]
    fn synonyms_fold_punctuation_and_case() {
        assert_eq!(field_of("Tên trường (*)"), Some(Field::SchoolName));
        assert_eq!(field_of("TÊN CƠ SỞ GIÁO DỤC"), Some(Field::SchoolName));
        assert_eq!(field_of("school_name"), Some(Field::SchoolName));
        assert_eq!(field_of("Quận/Huyện"), Some(Field::District));
        assert_eq!(field_of("Xã/Phường"), Some(Field::Commune));
        assert_eq!(field_of("Xã/Phường cũ"), Some(Field::OldCommune));
        assert_eq!(field_of("old_province_code"), Some(Field::ProvinceCode));
        assert_eq!(field_of::<Field>("Ghi chú về trường"), None);
    }

    #[test]
    fn title_row_is_skipped() {
        let grid = Grid {
            sheet: None,
            rows: vec![
                row(1, &["DANH SÁCH TRƯỜNG TRUNG HỌC PHỔ THÔNG"]),
                row(3, &["STT", "Mã trường", "Tên trường", "Quận/Huyện"]),
                row(4, &["1", "001", "THPT Trưng Vương", "Quận 1"]),
            ],
        };
        let header = find_header::<Field>(&grid).unwrap();
        assert_eq!(header.last_row, 1);
        assert_eq!(header.column(Field::SchoolName).unwrap().index, 2);
    }

    #[test]
    fn stacked_rows_combine() {
        let grid = Grid {
            sheet: None,
            rows: vec![
                row(1, &["STT", "Trường", "", "Địa bàn"]),
                row(2, &["", "Mã", "Tên", "Quận/Huyện", "Xã/Phường"]),
                row(
                    3,
                    &["1", "001", "THPT Trưng Vương", "Quận 1", "Phường Sài Gòn"],
                ),
            ],
        };
        let header = find_header::<Field>(&grid).unwrap();
        assert_eq!(header.last_row, 1);
        assert_eq!(header.column(Field::SchoolCode).unwrap().index, 1);
        assert_eq!(header.column(Field::SchoolName).unwrap().index, 2);
        assert_eq!(header.column(Field::District).unwrap().index, 3);
        assert_eq!(header.column(Field::Commune).unwrap().index, 4);
    }

    #[test]
    fn numbering_row_detection() {
        assert!(is_numbering_row(&row(4, &["(1)", "(2)", "(3)"])));
        assert!(is_numbering_row(&row(4, &["1", "2", "3", "4"])));
        assert!(!is_numbering_row(&row(4, &["1", "THPT A", "Quận 1"])));
    }
}
