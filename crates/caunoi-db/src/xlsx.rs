//! Writing text into .xlsx cells safely, for every export and workbook, and checking
//! that an uploaded .xlsx does not expand beyond what its readers can hold.

use std::io::{self, Cursor, Read};

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Maximum decompressed bytes of any uploaded workbook.
pub const MAX_EXPANDED_BYTES: u64 = 256 * 1024 * 1024;

/// Decompressed bytes every workbook may hold, whatever its compressed size.
const MIN_EXPANDED_BYTES: u64 = 16 * 1024 * 1024;

/// Maximum decompressed bytes per compressed byte. Office programs write sheets that
/// expand 5 to 30 times; a zip bomb expands a thousand times or more.
const MAX_EXPANSION_RATIO: u64 = 50;

/// Maximum parts in a workbook; an office program writes a few dozen.
const MAX_PARTS: usize = 10_000;

/// The reason an uploaded workbook is rejected before any reader opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expansion {
    /// Not a zip container, or a damaged one.
    Unreadable,
    /// The parts decompress to more than the returned number of bytes.
    TooLarge { limit: u64 },
}

/// Returns the decompressed bytes allowed for a workbook of `compressed` bytes.
pub fn expansion_limit(compressed: usize) -> u64 {
    (compressed as u64).saturating_mul(MAX_EXPANSION_RATIO).clamp(MIN_EXPANDED_BYTES, MAX_EXPANDED_BYTES)
}

/// Decompresses every part of an .xlsx into nothing, counting the bytes, and stops as
/// soon as they exceed [`expansion_limit`]. The count does not trust the sizes the
/// archive declares, which a crafted file can falsify, and uses constant memory.
pub fn check_expansion(bytes: &[u8]) -> Result<(), Expansion> {
    let limit = expansion_limit(bytes.len());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Expansion::Unreadable)?;
    if archive.len() > MAX_PARTS {
        return Err(Expansion::TooLarge { limit });
    }
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive.by_index(index).map_err(|_| Expansion::Unreadable)?;
        let room = limit - total;
        total += io::copy(&mut part.take(room + 1), &mut io::sink()).map_err(|_| Expansion::Unreadable)?;
        if total > limit {
            return Err(Expansion::TooLarge { limit });
        }
    }
    Ok(())
}

/// Most characters an .xlsx cell holds.
pub const CELL_LIMIT: usize = 32_767;

/// Tells whether spreadsheet software could take the text for a formula.
pub fn formula_like(text: &str) -> bool {
    text.trim_start().starts_with(['=', '+', '-', '@']) || text.starts_with(['\t', '\r'])
}

/// Writes text that can never run as a formula (a leading `= + - @`, tab or carriage
/// return gets the quote prefix that keeps it text), cut to what a cell holds.
pub fn write_text(sheet: &mut Worksheet, row: u32, col: u16, text: &str, format: Option<&Format>) -> Result<(), XlsxError> {
    let text = match text.char_indices().nth(CELL_LIMIT) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let base = format.cloned().unwrap_or_default();
    if formula_like(text) {
        sheet.write_string_with_format(row, col, text, &base.set_quote_prefix())?;
    } else {
        sheet.write_string_with_format(row, col, text, &base)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn zip_bomb_refused() {
        use std::io::Write;
        // One part of 40 MiB of the same byte compresses to about 40 KiB.
        let mut buffer = Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut buffer);
        writer.start_file("xl/worksheets/sheet1.xml", zip::write::SimpleFileOptions::default()).unwrap();
        let block = vec![b'A'; 1024 * 1024];
        for _ in 0..40 {
            writer.write_all(&block).unwrap();
        }
        writer.finish().unwrap();
        let bomb = buffer.into_inner();
        assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
        assert_eq!(check_expansion(&bomb), Err(Expansion::TooLarge { limit: MIN_EXPANDED_BYTES }));
        assert_eq!(check_expansion(b"not a zip"), Err(Expansion::Unreadable));
    }

    #[test]
    fn ordinary_workbook_passes() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for row in 0..2_000 {
            sheet.write_string(row, 0, format!("Nguyễn Văn {row}")).unwrap();
        }
        assert_eq!(check_expansion(&book.save_to_buffer().unwrap()), Ok(()));
    }

    use super::*;

    #[test]
    fn formulas_are_recognised() {
        assert!(formula_like(" =1+1"));
        assert!(formula_like("@SUM(A1)"));
        assert!(!formula_like("Trường THCS"));
    }

    #[test]
    fn long_text_is_cut_to_a_cell() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        let long = "ạ".repeat(CELL_LIMIT + 10);
        assert!(write_text(sheet, 0, 0, &long, None).is_ok());
    }
}
