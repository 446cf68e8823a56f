//! Writing text into .xlsx cells safely, for every export and workbook.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

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
