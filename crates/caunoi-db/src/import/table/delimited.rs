//! Delimited text: CSV with `,` or `;`, or tab-separated, in UTF-8 (with or without a
//! BOM), UTF-16 or TCVN3 8-bit bytes, with LF or CRLF line ends and quoted fields.

use caunoi_core::text::legacy::decode_bytes;

use super::{GridRow, MAX_COLUMNS, check_row_count};
use crate::import::problem::{Problem, ids};

const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// Records inspected to choose the delimiter.
const SAMPLE_RECORDS: usize = 30;

pub(super) fn read(bytes: &[u8], max_rows: usize) -> Result<Vec<GridRow>, Problem> {
    let text = decode_bytes(bytes);
    let delimiter = detect_delimiter(&text);
    let mut reader = reader(&text, delimiter);
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|_| Problem::error(ids::FILE_UNREADABLE))?;
        let row = GridRow {
            number: u32::try_from(index + 1).unwrap_or(u32::MAX),
            cells: record.iter().take(MAX_COLUMNS).map(str::to_owned).collect(),
        };
        if row.is_blank() {
            continue;
        }
        rows.push(row);
        check_row_count(rows.len(), max_rows)?;
    }
    Ok(rows)
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// Chooses the delimiter that splits the most sample records into the same number of
/// fields (more than one). Title rows above the header have a single field under every
/// delimiter, so they do not sway the choice. A comma wins ties.
fn detect_delimiter(text: &str) -> u8 {
    DELIMITERS
        .iter()
        .copied()
        .max_by_key(|&delimiter| {
            let (agreeing, fields) = consistency(text, delimiter);
            // `max_by_key` keeps the last maximum, so reverse the preference order.
            let preference =
                DELIMITERS.len() - DELIMITERS.iter().position(|&d| d == delimiter).unwrap_or(0);
            (agreeing, fields, preference)
        })
        .unwrap_or(b',')
}

/// Returns how many sample records share the most common field count, and that count.
/// Records with fewer than two filled fields are skipped.
fn consistency(text: &str, delimiter: u8) -> (usize, usize) {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    let records = reader(text, delimiter).into_records().take(SAMPLE_RECORDS);
    for record in records.flatten() {
        let filled = record
            .iter()
            .filter(|field| !field.trim().is_empty())
            .count();
        if filled < 2 {
            continue;
        }
        let fields = record.len();
        match counts.iter_mut().find(|(count, _)| *count == fields) {
            Some((_, seen)) => *seen += 1,
            None => counts.push((fields, 1)),
        }
    }
    counts
        .into_iter()
        .map(|(fields, seen)| (seen, fields))
        .max()
        .unwrap_or((0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_detection() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("DANH SÁCH\na;b;c\n1;2,5;3\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(detect_delimiter("\"x, y\";b;c\n1;2;3\n"), b';');
    }
}
