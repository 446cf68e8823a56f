//! The .xlsx workbook of a report request: generated for a school to fill offline, and
//! read back when the school uploads it.
//!
//! Each section of the template is one sheet: labels and help in Vietnamese, a table
//! field as a grid with its row and column labels, input cells unlocked and coloured,
//! everything else locked (the sheet is protected without a password). A hidden sheet
//! names the request and template version and maps every input cell to its item.
//!
//! Reading does not trust that map for positions: the layout is computed again from
//! the request's definition for the school's level, so a tampered map cannot point the
//! reader elsewhere. Every input cell is read and parsed, then the values are validated;
//! each problem names its sheet and cell. Text always goes in as text cells with a
//! quote prefix, so nothing written by a school or a template runs as a formula.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Cursor;

use caunoi_core::org::SchoolLevel;
use caunoi_core::report::validate::{format_number, parse_cell_input, parse_field_input};
use caunoi_core::report::values::ParseProblem;
use caunoi_core::report::{
    Column, ColumnKind, Field, FieldKind, ItemPath, Problem, ProblemCode, Section, TableRow, TableRows, TemplateDefinition,
    Value, Values, validate_typed,
};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};

/// Largest workbook accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

/// Largest total uncompressed size of the parts of an uploaded workbook, and the
/// largest number of parts, checked before the workbook is opened.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 60 * 1024 * 1024;
const MAX_ZIP_ENTRIES: usize = 2_000;

/// Rows offered for a table with open rows.
pub const MAX_OPEN_ROWS: u32 = 100;

/// Name of the hidden sheet; its first row holds the marker and the ids.
pub const MAP_SHEET: &str = "_caunoi";
const MARKER: &str = "caunoi-report-workbook";

/// Text that heads every section sheet.
#[derive(Debug, Clone)]
pub struct Header {
    pub request_id: i64,
    pub version_id: i64,
    pub title: String,
    /// The school the workbook is for; `None` for a blank workbook.
    pub school_name: Option<String>,
    /// Its id, recorded in the hidden sheet so that an upload for another school fails.
    pub school_id: Option<i64>,
    /// The deadline as people read it ("17:00 31/12/2026").
    pub deadline: String,
}

/// Where one input of the template sits.
#[derive(Debug, Clone)]
struct Placed<'a> {
    row: u32,
    col: u16,
    path: ItemPath,
    input: Input<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Input<'a> {
    Field(&'a Field),
    Cell { field: &'a Field, column: &'a Column, row_label: &'a str },
}

/// One sheet of the layout.
struct SheetLayout<'a> {
    name: String,
    section: &'a Section,
    placed: Vec<Placed<'a>>,
    /// Rows of labels: (row, field) for every field, to write labels and help.
    labels: Vec<(u32, &'a Field)>,
}

/// Row of the first field on a section sheet (0-based): title, help, hint, blank line.
const FIRST_ROW: u32 = 5;

/// Builds valid, unique sheet names: at most 31 characters, none of `[]:*?/\`, not
/// starting or ending with an apostrophe, never the hidden sheet's name.
pub fn sheet_names(titles: &[&str]) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    used.insert(MAP_SHEET.to_lowercase());
    used.insert("history".to_owned());
    let mut names = Vec::with_capacity(titles.len());
    for (index, title) in titles.iter().enumerate() {
        let cleaned: String = title
            .chars()
            // Slashes become dashes so that dates such as 01/07/2025 stay readable.
            .map(|c| match c {
                '/' | '\\' => '-',
                '[' | ']' | ':' | '*' | '?' => ' ',
                c if c.is_control() => ' ',
                c => c,
            })
            .collect();
        let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
        let cleaned = cleaned.trim_matches('\'').trim().to_owned();
        let base = if cleaned.is_empty() { format!("Phần {}", index + 1) } else { cleaned };
        let mut candidate: String = base.chars().take(31).collect::<String>().trim_end_matches('\'').trim_end().to_owned();
        let mut n = 2;
        while used.contains(&candidate.to_lowercase()) {
            let suffix = format!(" ({n})");
            let keep = 31 - suffix.chars().count();
            candidate = format!("{}{suffix}", base.chars().take(keep).collect::<String>().trim_end_matches('\'').trim_end());
            n += 1;
        }
        used.insert(candidate.to_lowercase());
        names.push(candidate);
    }
    names
}

fn layout(definition: &TemplateDefinition, level: Option<SchoolLevel>) -> Vec<SheetLayout<'_>> {
    let sections: Vec<&Section> = definition.sections_for(level).collect();
    let names = sheet_names(&sections.iter().map(|s| s.title.as_str()).collect::<Vec<_>>());
    let mut sheets = Vec::new();
    for (section, name) in sections.into_iter().zip(names) {
        let mut placed = Vec::new();
        let mut labels = Vec::new();
        let mut row = FIRST_ROW;
        for field in section.fields.iter().filter(|f| caunoi_core::report::definition::applies(&f.levels, level)) {
            match &field.kind {
                FieldKind::File => {}
                FieldKind::Table(table) => {
                    labels.push((row, field));
                    // Title row, then the column header row, then one row per table row.
                    row += 2;
                    let rows: Vec<(String, &str)> = match &table.rows {
                        TableRows::Fixed { .. } => {
                            table.rows_for(level).into_iter().map(|def| (def.key.clone(), def.label.as_str())).collect()
                        }
                        TableRows::Open { max_rows } => {
                            (1..=(*max_rows).min(MAX_OPEN_ROWS)).map(|n| (n.to_string(), "")).collect()
                        }
                    };
                    for (key, label) in rows {
                        for (index, column) in table.columns.iter().enumerate() {
                            placed.push(Placed {
                                row,
                                col: 1 + index as u16,
                                path: ItemPath::cell(&field.key, &key, &column.key),
                                input: Input::Cell { field, column, row_label: label },
                            });
                        }
                        row += 1;
                    }
                    row += 1;
                }
                _ => {
                    labels.push((row, field));
                    placed.push(Placed { row, col: 1, path: ItemPath::field(&field.key), input: Input::Field(field) });
                    row += 1;
                }
            }
        }
        sheets.push(SheetLayout { name, section, placed, labels });
    }
    sheets
}

/// Spreadsheet name of a cell: column letters and 1-based row, such as `C7`.
pub fn cell_name(row: u32, col: u16) -> String {
    let mut letters = Vec::new();
    let mut n = u32::from(col) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

fn write_text(sheet: &mut Worksheet, row: u32, col: u16, text: &str, format: &Format) -> Result<(), XlsxError> {
    crate::xlsx::write_text(sheet, row, col, text, Some(format))
}

/// Hint of what a field accepts, in Vietnamese.
fn hint(kind: &FieldKind) -> String {
    match kind {
        FieldKind::Integer { min, max, unit } => {
            let mut text = "Số nguyên".to_owned();
            range_hint(&mut text, min.map(|m| m as f64), max.map(|m| m as f64));
            if !unit.is_empty() {
                text.push_str(&format!(" ({unit})"));
            }
            text
        }
        FieldKind::Decimal { min, max, unit } => {
            let mut text = "Số, dùng dấu phẩy cho phần thập phân".to_owned();
            range_hint(&mut text, *min, *max);
            if !unit.is_empty() {
                text.push_str(&format!(" ({unit})"));
            }
            text
        }
        FieldKind::Percent { .. } => "Tỉ lệ phần trăm, từ 0 đến 100 (không nhập dấu %)".to_owned(),
        FieldKind::Text { max_len, .. } => match max_len {
            Some(max) => format!("Văn bản, tối đa {max} kí tự"),
            None => "Văn bản".to_owned(),
        },
        FieldKind::Choice { options } => format!("Chọn một trong: {}", options.join("; ")),
        FieldKind::MultiChoice { options } => format!("Chọn một hoặc nhiều mục, cách nhau bằng dấu chấm phẩy: {}", options.join("; ")),
        FieldKind::Date => "Ngày, dạng dd/mm/yyyy".to_owned(),
        FieldKind::YesNo => "Có hoặc Không".to_owned(),
        FieldKind::File => String::new(),
        FieldKind::Table(_) => "Bảng: nhập vào các ô tô màu".to_owned(),
    }
}

fn range_hint(text: &mut String, min: Option<f64>, max: Option<f64>) {
    match (min, max) {
        (Some(min), Some(max)) => text.push_str(&format!(", từ {} đến {}", format_number(min), format_number(max))),
        (Some(min), None) => text.push_str(&format!(", từ {} trở lên", format_number(min))),
        (None, Some(max)) => text.push_str(&format!(", không quá {}", format_number(max))),
        (None, None) => {}
    }
}

fn column_hint(column: &Column) -> String {
    match column.kind {
        ColumnKind::Integer => "số nguyên",
        ColumnKind::Decimal => "số",
        ColumnKind::Percent => "%",
        ColumnKind::Text => "văn bản",
    }
    .to_owned()
}

/// How a value is shown in its cell: numbers as numbers, the rest as text.
enum CellValue {
    Number(f64),
    Text(String),
}

fn cell_value(value: &Value) -> Option<CellValue> {
    Some(match value {
        Value::Integer(n) => CellValue::Number(*n as f64),
        Value::Decimal(x) => CellValue::Number(*x),
        Value::Text(text) | Value::Choice(text) => CellValue::Text(text.clone()),
        Value::Choices(list) => CellValue::Text(list.join("; ")),
        Value::Date(date) => CellValue::Text(date.format("%d/%m/%Y").to_string()),
        Value::Bool(yes) => CellValue::Text(if *yes { "Có" } else { "Không" }.to_owned()),
        Value::File(_) | Value::Table(_) => return None,
    })
}

fn current_value<'v>(values: &'v Values, path: &ItemPath) -> Option<&'v Value> {
    match (&path.row, &path.column) {
        (Some(row), Some(column)) => values.cell(&path.field, row, column),
        _ => values.get(&path.field),
    }
}

/// Writes the workbook of a request for one school's level, prefilled with `values`
/// (its current values), or blank.
pub fn generate(
    definition: &TemplateDefinition,
    level: Option<SchoolLevel>,
    values: Option<&Values>,
    header: &Header,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold().set_text_wrap();
    let muted = Format::new().set_text_wrap().set_italic().set_font_color(0x595959);
    let head = Format::new().set_bold().set_text_wrap().set_background_color(0xD9E2F3).set_border(FormatBorder::Thin);
    let row_head = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let input = Format::new().set_unlocked().set_background_color(0xFFF2CC).set_border(FormatBorder::Thin);
    let empty = Values::default();
    let values = values.unwrap_or(&empty);

    let sheets = layout(definition, level);
    for sheet_layout in &sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&sheet_layout.name)?;
        sheet.set_column_width(0, 42)?;
        let columns = sheet_layout.placed.iter().map(|p| p.col).max().unwrap_or(1);
        for col in 1..=columns {
            sheet.set_column_width(col, 16)?;
        }
        sheet.set_column_width(columns + 1, 60)?;
        write_text(sheet, 0, 0, &header.title, &title)?;
        let mut subtitle = sheet_layout.section.title.clone();
        if let Some(school) = &header.school_name {
            subtitle = format!("{subtitle} — {school}");
        }
        write_text(sheet, 1, 0, &subtitle, &bold)?;
        if !sheet_layout.section.help.is_empty() {
            write_text(sheet, 2, 0, &sheet_layout.section.help, &muted)?;
        }
        let guide = format!(
            "Nhập số liệu vào các ô tô màu vàng rồi tải tệp lên trang báo cáo của trường. Hạn nộp: {}. \
             Không đổi tên trang, không chèn hay xoá dòng, cột.",
            header.deadline
        );
        write_text(sheet, 3, 0, &guide, &muted)?;

        let help_col = columns + 1;
        for (row, field) in &sheet_layout.labels {
            let label = if field.required { format!("{} (*)", field.label) } else { field.label.clone() };
            write_text(sheet, *row, 0, &label, &bold)?;
            let mut help = hint(&field.kind);
            if !field.help.is_empty() {
                help = format!("{} — {help}", field.help);
            }
            write_text(sheet, *row, help_col, &help, &muted)?;
            if let FieldKind::Table(table) = &field.kind {
                let header_row = row + 1;
                write_text(sheet, header_row, 0, "", &head)?;
                for (index, column) in table.columns.iter().enumerate() {
                    let text = if column.required {
                        format!("{} (*) ({})", column.label, column_hint(column))
                    } else {
                        format!("{} ({})", column.label, column_hint(column))
                    };
                    write_text(sheet, header_row, 1 + index as u16, &text, &head)?;
                }
            }
        }
        let mut row_labels_written: HashSet<u32> = HashSet::new();
        for placed in &sheet_layout.placed {
            if let Input::Cell { row_label, .. } = placed.input {
                if row_labels_written.insert(placed.row) {
                    let label = if row_label.is_empty() { placed.path.row.clone().unwrap_or_default() } else { row_label.to_owned() };
                    write_text(sheet, placed.row, 0, &label, &row_head)?;
                }
            }
            match current_value(values, &placed.path).and_then(cell_value) {
                Some(CellValue::Number(number)) => {
                    sheet.write_number_with_format(placed.row, placed.col, number, &input)?;
                }
                Some(CellValue::Text(text)) => write_text(sheet, placed.row, placed.col, &text, &input)?,
                None => {
                    sheet.write_blank(placed.row, placed.col, &input)?;
                }
            }
        }
        sheet.protect();
    }

    let map = workbook.add_worksheet();
    map.set_name(MAP_SHEET)?;
    map.write_string(0, 0, MARKER)?;
    map.write_number(0, 1, header.request_id as f64)?;
    map.write_number(0, 2, header.version_id as f64)?;
    if let Some(school_id) = header.school_id {
        map.write_number(0, 3, school_id as f64)?;
    }
    let mut line = 1;
    for sheet_layout in &sheets {
        for placed in &sheet_layout.placed {
            map.write_string(line, 0, &sheet_layout.name)?;
            map.write_string(line, 1, cell_name(placed.row, placed.col))?;
            map.write_string(line, 2, placed.path.input_name())?;
            line += 1;
        }
    }
    map.set_hidden(true);
    map.protect();
    workbook.save_to_buffer()
}

/// A problem of an uploaded workbook at one cell. `cell` is empty for a problem of a
/// whole field found by a rule.
#[derive(Debug, Clone)]
pub struct CellProblem {
    pub sheet: String,
    pub cell: String,
    pub problem: Problem,
}

/// Why an upload was refused. Nothing is saved in every case.
#[derive(Debug)]
pub enum UploadError {
    /// Over [`MAX_UPLOAD_BYTES`].
    TooLarge,
    /// Not an .xlsx file, or damaged.
    Unreadable,
    /// Its parts would expand beyond [`MAX_UNCOMPRESSED_BYTES`].
    Expands,
    /// Not a workbook generated for a report request.
    NotOurs,
    /// A workbook of another request (its id).
    OtherRequest(i64),
    /// A workbook of another version of the template.
    OtherVersion,
    /// A workbook generated for another school.
    OtherSchool,
    /// A sheet the layout needs is missing (renamed or deleted).
    MissingSheet(String),
    /// The values have problems, each at its sheet and cell.
    Problems(Vec<CellProblem>),
}

/// Checks the zip container of an .xlsx before anything decompresses it: the declared
/// uncompressed sizes of its parts must stay within [`MAX_UNCOMPRESSED_BYTES`], and
/// each part's declared ratio must be plausible, from the central directory.
pub fn check_container(bytes: &[u8]) -> Result<(), UploadError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(UploadError::TooLarge);
    }
    let u16_at = |at: usize| -> Option<u64> { bytes.get(at..at + 2).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]]))) };
    let u32_at =
        |at: usize| -> Option<u64> { bytes.get(at..at + 4).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))) };
    if bytes.len() < 22 || !bytes.starts_with(b"PK\x03\x04") {
        return Err(UploadError::Unreadable);
    }
    // The end of central directory record is in the last 22 + 65,535 bytes.
    let lowest = bytes.len().saturating_sub(22 + 65_535);
    let end = (lowest..=bytes.len() - 22)
        .rev()
        .find(|&at| bytes[at..at + 4] == *b"PK\x05\x06")
        .ok_or(UploadError::Unreadable)?;
    let entries = u16_at(end + 10).ok_or(UploadError::Unreadable)?;
    let directory_size = u32_at(end + 12).ok_or(UploadError::Unreadable)?;
    let directory_at = u32_at(end + 16).ok_or(UploadError::Unreadable)?;
    if entries == 0xFFFF || directory_at == 0xFFFF_FFFF || directory_size == 0xFFFF_FFFF {
        // Zip64: no office program writes it for a form this small.
        return Err(UploadError::Expands);
    }
    if entries as usize > MAX_ZIP_ENTRIES {
        return Err(UploadError::Expands);
    }
    let mut at = usize::try_from(directory_at).map_err(|_| UploadError::Unreadable)?;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if u32_at(at) != Some(0x0201_4b50) {
            return Err(UploadError::Unreadable);
        }
        let compressed = u32_at(at + 20).ok_or(UploadError::Unreadable)?;
        let uncompressed = u32_at(at + 24).ok_or(UploadError::Unreadable)?;
        if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF {
            return Err(UploadError::Expands);
        }
        total = total.saturating_add(uncompressed);
        if total > MAX_UNCOMPRESSED_BYTES || uncompressed > compressed.saturating_mul(1_000).max(1024 * 1024) {
            return Err(UploadError::Expands);
        }
        let name = u16_at(at + 28).ok_or(UploadError::Unreadable)?;
        let extra = u16_at(at + 30).ok_or(UploadError::Unreadable)?;
        let comment = u16_at(at + 32).ok_or(UploadError::Unreadable)?;
        at += 46 + (name + extra + comment) as usize;
    }
    Ok(())
}

/// Text of a cell as a person typed it; numbers in the plain form the parsers read.
fn cell_text(value: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match value {
        DataRef::String(text) => text.clone(),
        DataRef::SharedString(text) => (*text).to_owned(),
        DataRef::Int(number) => number.to_string(),
        DataRef::Float(number) => plain_number(*number),
        DataRef::Bool(flag) => if *flag { "Có" } else { "Không" }.to_owned(),
        DataRef::DateTime(date) => match date.as_datetime() {
            Some(at) => at.date().format("%d/%m/%Y").to_string(),
            None => plain_number(date.as_f64()),
        },
        DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text.clone(),
        DataRef::Error(error) => format!("#{error:?}"),
        DataRef::Empty => String::new(),
    }
}

fn plain_number(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 9.0e15 { format!("{}", number as i64) } else { number.to_string() }
}

/// A cell read from the file: its number when it holds one, else its text.
#[derive(Debug, Clone)]
struct ReadCell {
    number: Option<f64>,
    text: String,
}

/// Parses one input, numbers taken as numbers so that `1.234` in a number cell is never
/// read as one thousand two hundred thirty-four.
fn parse_input(input: Input<'_>, cell: &ReadCell) -> Result<Option<Value>, ParseProblem> {
    let numeric = |integer: bool| -> Option<Result<Option<Value>, ParseProblem>> {
        let number = cell.number?;
        Some(if integer {
            if number.fract() != 0.0 || number.abs() > 9.0e15 { Err(ParseProblem::NotAnInteger) } else { Ok(Some(Value::Integer(number as i64))) }
        } else {
            Ok(Some(Value::Decimal(number)))
        })
    };
    match input {
        Input::Field(field) => match &field.kind {
            FieldKind::Integer { .. } => numeric(true).unwrap_or_else(|| parse_field_input(&field.kind, &cell.text)),
            FieldKind::Decimal { .. } | FieldKind::Percent { .. } => {
                numeric(false).unwrap_or_else(|| parse_field_input(&field.kind, &cell.text))
            }
            kind => parse_field_input(kind, &cell.text),
        },
        Input::Cell { column, .. } => match column.kind {
            ColumnKind::Integer => numeric(true).unwrap_or_else(|| parse_cell_input(column.kind, &cell.text)),
            ColumnKind::Decimal | ColumnKind::Percent => numeric(false).unwrap_or_else(|| parse_cell_input(column.kind, &cell.text)),
            ColumnKind::Text => parse_cell_input(column.kind, &cell.text),
        },
    }
}

fn input_label(input: Input<'_>, path: &ItemPath) -> String {
    match input {
        Input::Field(field) => field.label.clone(),
        Input::Cell { field, column, row_label } => {
            let row = if row_label.is_empty() { path.row.clone().unwrap_or_default() } else { row_label.to_owned() };
            format!("{} › {row} › {}", field.label, column.label)
        }
    }
}

/// Reads an uploaded workbook of a request for one school (`school_id`) of `level`.
/// `existing` gives the values the workbook does not carry (files). Returns the values
/// when every cell parses and the values pass validation; else every problem with its
/// sheet and cell. A blank workbook fits any school; one generated for another school
/// is refused.
#[allow(clippy::too_many_arguments)]
pub fn parse(
    bytes: &[u8],
    request_id: i64,
    version_id: i64,
    school_id: i64,
    definition: &TemplateDefinition,
    level: Option<SchoolLevel>,
    existing: &Values,
) -> Result<Values, UploadError> {
    use calamine::{Reader, Xlsx};
    check_container(bytes)?;
    crate::xlsx::check_expansion(bytes).map_err(|error| match error {
        crate::xlsx::Expansion::TooLarge { .. } => UploadError::Expands,
        crate::xlsx::Expansion::Unreadable => UploadError::Unreadable,
    })?;
    let mut book: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(bytes)).map_err(|_| UploadError::Unreadable)?;
    let names = book.sheet_names();
    if !names.iter().any(|name| name == MAP_SHEET) {
        return Err(UploadError::NotOurs);
    }
    let ids = read_cells(&mut book, MAP_SHEET, &[(0, 0), (0, 1), (0, 2), (0, 3)])?;
    if ids.get(&(0, 0)).map(|c| c.text.as_str()) != Some(MARKER) {
        return Err(UploadError::NotOurs);
    }
    let id_of = |cell: Option<&ReadCell>| cell.and_then(|c| c.number).map(|n| n as i64);
    match id_of(ids.get(&(0, 1))) {
        Some(id) if id == request_id => {}
        Some(id) => return Err(UploadError::OtherRequest(id)),
        None => return Err(UploadError::NotOurs),
    }
    if id_of(ids.get(&(0, 2))) != Some(version_id) {
        return Err(UploadError::OtherVersion);
    }
    if id_of(ids.get(&(0, 3))).is_some_and(|id| id != school_id) {
        return Err(UploadError::OtherSchool);
    }

    let sheets = layout(definition, level);
    let mut problems: Vec<CellProblem> = Vec::new();
    let mut values = Values::default();
    // Files are not in the workbook: keep those already saved.
    for field in definition.fields_for(level) {
        if matches!(field.kind, FieldKind::File) {
            if let Some(value) = existing.get(&field.key) {
                values.0.insert(field.key.clone(), value.clone());
            }
        }
    }
    let mut where_is: HashMap<ItemPath, (String, String)> = HashMap::new();
    let mut tables: BTreeMap<String, BTreeMap<String, TableRow>> = BTreeMap::new();
    let mut row_order: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for sheet_layout in &sheets {
        if !names.iter().any(|name| *name == sheet_layout.name) {
            return Err(UploadError::MissingSheet(sheet_layout.name.clone()));
        }
        let positions: Vec<(u32, u32)> = sheet_layout.placed.iter().map(|p| (p.row, u32::from(p.col))).collect();
        let cells = read_cells(&mut book, &sheet_layout.name, &positions)?;
        for placed in &sheet_layout.placed {
            let cell_ref = cell_name(placed.row, placed.col);
            where_is.insert(placed.path.clone(), (sheet_layout.name.clone(), cell_ref.clone()));
            if let Input::Field(field) = placed.input {
                // A problem of a whole table is shown at its title cell.
                let _ = field;
            }
            let Some(cell) = cells.get(&(placed.row, u32::from(placed.col))) else { continue };
            match parse_input(placed.input, cell) {
                Ok(None) => {}
                Ok(Some(value)) => match (&placed.path.row, &placed.path.column) {
                    (Some(row), Some(column)) => {
                        let rows = tables.entry(placed.path.field.clone()).or_default();
                        if !rows.contains_key(row) {
                            row_order.entry(placed.path.field.clone()).or_default().push(row.clone());
                        }
                        rows.entry(row.clone())
                            .or_insert_with(|| TableRow { key: row.clone(), cells: BTreeMap::new() })
                            .cells
                            .insert(column.clone(), value);
                    }
                    _ => {
                        values.0.insert(placed.path.field.clone(), value);
                    }
                },
                Err(parse_problem) => problems.push(CellProblem {
                    sheet: sheet_layout.name.clone(),
                    cell: cell_ref,
                    problem: Problem {
                        path: placed.path.clone(),
                        code: ProblemCode::from(parse_problem),
                        args: vec![
                            ("label".to_owned(), input_label(placed.input, &placed.path)),
                            ("value".to_owned(), cell.text.trim().to_owned()),
                        ],
                    },
                }),
            }
        }
        for (row, field) in &sheet_layout.labels {
            if matches!(field.kind, FieldKind::Table(_)) {
                where_is.insert(ItemPath::field(&field.key), (sheet_layout.name.clone(), cell_name(*row, 0)));
            }
        }
    }
    for (field, mut rows) in tables {
        let order = row_order.remove(&field).unwrap_or_default();
        let rows: Vec<TableRow> = order.into_iter().filter_map(|key| rows.remove(&key)).collect();
        values.0.insert(field, Value::Table(rows));
    }
    // Every problem at once: the unreadable cells, then what the readable values break.
    let unreadable: Vec<ItemPath> = problems.iter().map(|p| p.problem.path.clone()).collect();
    let found = validate_typed(definition, level, &values, &unreadable);
    if found.is_empty() && problems.is_empty() {
        return Ok(values);
    }
    let first_sheet = sheets.first().map(|s| s.name.clone()).unwrap_or_default();
    problems.extend(found.into_iter().map(|problem| {
            let (sheet, cell) = where_is
                .get(&problem.path)
                .or_else(|| where_is.get(&ItemPath::field(&problem.path.field)))
                .cloned()
                .unwrap_or((first_sheet.clone(), String::new()));
            CellProblem { sheet, cell, problem }
    }));
    Err(UploadError::Problems(problems))
}

/// Reads the wanted cells of one sheet, streaming its cells so that a stray far-away
/// cell never makes the reader allocate a huge grid.
fn read_cells(
    book: &mut calamine::Xlsx<Cursor<&[u8]>>,
    sheet: &str,
    wanted: &[(u32, u32)],
) -> Result<HashMap<(u32, u32), ReadCell>, UploadError> {
    let wanted: HashSet<(u32, u32)> = wanted.iter().copied().collect();
    let mut found = HashMap::new();
    let mut cells = book.worksheet_cells_reader(sheet).map_err(|_| UploadError::Unreadable)?;
    while let Some(cell) = cells.next_cell().map_err(|_| UploadError::Unreadable)? {
        let position = cell.get_position();
        if !wanted.contains(&position) {
            continue;
        }
        let value = cell.get_value();
        let number = match value {
            calamine::DataRef::Int(n) => Some(*n as f64),
            calamine::DataRef::Float(x) => Some(*x),
            _ => None,
        };
        let text = cell_text(value);
        if text.trim().is_empty() && number.is_none() {
            continue;
        }
        found.insert(position, ReadCell { number, text });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "Thống kê học sinh theo khối lớp và giới tính năm học";
        let names = sheet_names(&["Học sinh: tổng [1]/2*?", long, long, "", "'x'", "_caunoi"]);
        assert_eq!(names[0], "Học sinh tổng 1 -2");
        for name in &names {
            assert!(name.chars().count() <= 31, "{name}");
            assert!(!name.contains(['[', ']', ':', '*', '?', '/', '\\']), "{name}");
        }
        assert_ne!(names[1], names[2]);
        assert!(names[2].ends_with(" (2)"), "{}", names[2]);
        assert_eq!(names[3], "Phần 4");
        assert_eq!(names[4], "x");
        assert_ne!(names[5], MAP_SHEET);
    }

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 2), "C7");
        assert_eq!(cell_name(0, 26), "AA1");
    }

    #[test]
    fn container_refuses_garbage() {
        assert!(matches!(check_container(b"not a zip file at all, clearly"), Err(UploadError::Unreadable)));
    }
}
