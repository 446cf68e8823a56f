//! The schools a staff list may name in its school column.

use std::collections::HashMap;

use caunoi_core::text::fold;

use crate::{Db, DbResult};

/// MOET school codes have three digits; spreadsheets drop the zeros of numeric codes.
const SCHOOL_CODE_DIGITS: usize = 3;

/// Schools by MOET code and by folded name.
#[derive(Debug, Clone, Default)]
pub struct SchoolDirectory {
    /// Full codes with the MOET province prefix (`02-001`).
    by_code: HashMap<String, i64>,
    /// Codes without the prefix (`001`); several schools when old provinces merged.
    by_short_code: HashMap<String, Vec<i64>>,
    by_name: HashMap<String, Vec<i64>>,
}

impl SchoolDirectory {
    /// Loads every school of a province.
    pub async fn load(db: &Db, province: &str) -> DbResult<SchoolDirectory> {
        let rows: Vec<(i64, Option<String>, String)> =
            sqlx::query_as("SELECT id, moet_code, name_folded FROM schools WHERE province_code = $1")
                .bind(province)
                .fetch_all(&db.pool)
                .await?;
        let mut directory = SchoolDirectory::default();
        for (id, code, name_folded) in rows {
            directory.add(id, code.as_deref(), &name_folded);
        }
        Ok(directory)
    }

    /// Loads one school only, for an import into that school: any other school named
    /// in the file is then unknown.
    pub async fn load_one(db: &Db, school_id: i64) -> DbResult<SchoolDirectory> {
        let (code, name_folded): (Option<String>, String) =
            sqlx::query_as("SELECT moet_code, name_folded FROM schools WHERE id = $1")
                .bind(school_id)
                .fetch_one(&db.pool)
                .await?;
        let mut directory = SchoolDirectory::default();
        directory.add(school_id, code.as_deref(), &name_folded);
        Ok(directory)
    }

    fn add(&mut self, id: i64, code: Option<&str>, name_folded: &str) {
        if let Some(code) = code {
            self.by_code.insert(code.to_owned(), id);
            let short = code.rsplit_once('-').map_or(code, |(_, short)| short);
            self.by_short_code.entry(short.to_owned()).or_default().push(id);
        }
        self.by_name.entry(name_folded.to_owned()).or_default().push(id);
    }

    /// Finds the school a cell names by full code, short code or name. Returns the
    /// message id of the problem when no school or several schools match.
    pub fn resolve(&self, text: &str) -> Result<i64, &'static str> {
        let text = text.trim().strip_suffix(".0").unwrap_or(text.trim());
        if let Some(id) = self.by_code.get(text) {
            return Ok(*id);
        }
        let candidates = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            self.by_short_code.get(&format!("{text:0>SCHOOL_CODE_DIGITS$}"))
        } else {
            self.by_name.get(&fold(text))
        };
        match candidates.map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some([_, _, ..]) => Err("staff-ambiguous-school"),
            _ => Err("staff-unknown-school"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schools_by_code_and_name() {
        let mut directory = SchoolDirectory::default();
        directory.add(1, Some("02-001"), "thpt trung vuong");
        directory.add(2, Some("02-002"), "thpt le loi");
        directory.add(3, Some("33-002"), "thpt le loi");
        assert_eq!(directory.resolve("02-001"), Ok(1));
        assert_eq!(directory.resolve("1"), Ok(1));
        assert_eq!(directory.resolve("THPT Trưng Vương"), Ok(1));
        assert_eq!(directory.resolve("THPT Lê Lợi"), Err("staff-ambiguous-school"));
        assert_eq!(directory.resolve("002"), Err("staff-ambiguous-school"));
        assert_eq!(directory.resolve("THPT Không Có"), Err("staff-unknown-school"));
    }
}
