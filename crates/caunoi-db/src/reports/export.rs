//! Spreadsheet exports of a request: raw submissions, one row per school, and the
//! aggregated tables, one sheet per grouping.
//!
//! Text that spreadsheet software could take for a formula (starting with `=`, `+`,
//! `-` or `@`) is written as a string cell with the quote prefix, so it never runs.
//! Headers and labels come from the caller in the reader's language.

use std::collections::BTreeMap;

use caunoi_core::report::definition::{ColumnKind, FieldKind, TableRows, TemplateDefinition};
use caunoi_core::report::values::{Value, Values};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::figures::{self, Grouping, ItemDef, Narrowing};
use super::workbook::sheet_names;
use crate::sql::SqlBuilder;
use crate::{Db, DbError, DbResult};

/// The words of an export, in the reader's language.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub raw_sheet: String,
    pub school: String,
    pub cluster: String,
    pub commune: String,
    pub level: String,
    pub district: String,
    pub status: String,
    pub submitted_at: String,
    pub recipients: String,
    pub counted: String,
    pub yes: String,
    pub no: String,
    /// Shown for a school outside every cluster or commune.
    pub none: String,
    /// Row label of the column totals of an open table.
    pub total_row: String,
    /// Name of the province's row.
    pub province: String,
    /// Status labels by status; the empty key is "not started".
    pub statuses: BTreeMap<String, String>,
    /// Level labels by level.
    pub levels: BTreeMap<String, String>,
    /// Sheet title and first header of each grouping.
    pub groupings: BTreeMap<&'static str, String>,
}

fn xlsx_error(error: XlsxError) -> DbError {
    DbError::Invalid(format!("spreadsheet: {error}"))
}

/// Writes text that can never run as a formula.
fn write_text(sheet: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
    crate::xlsx::write_text(sheet, row, col, text, None)
}

fn write_header(sheet: &mut Worksheet, headers: &[String]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_text_wrap();
    for (col, header) in headers.iter().enumerate() {
        let col = col as u16;
        crate::xlsx::write_text(sheet, 0, col, header, Some(&bold))?;
        sheet.set_column_width(col, if col == 0 { 40 } else { 16 })?;
    }
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

/// One column of the raw export: how to read it from a school's values.
enum RawColumn {
    Field(String),
    Cell { field: String, row: String, column: String },
    ColumnTotal { field: String, column: String },
}

fn raw_columns(definition: &TemplateDefinition, labels: &Labels) -> Vec<(String, RawColumn)> {
    let mut columns = Vec::new();
    for field in definition.fields() {
        match &field.kind {
            FieldKind::Table(table) => match &table.rows {
                TableRows::Fixed { rows } => {
                    for row in rows {
                        for column in &table.columns {
                            let header = format!("{} › {} › {}", field.label, row.label, column.label);
                            columns.push((header, RawColumn::Cell { field: field.key.clone(), row: row.key.clone(), column: column.key.clone() }));
                        }
                    }
                }
                TableRows::Open { .. } => {
                    for column in table.columns.iter().filter(|column| column.kind != ColumnKind::Text) {
                        let header = format!("{} › {} › {}", field.label, labels.total_row, column.label);
                        columns.push((header, RawColumn::ColumnTotal { field: field.key.clone(), column: column.key.clone() }));
                    }
                }
            },
            _ => columns.push((field.label.clone(), RawColumn::Field(field.key.clone()))),
        }
    }
    columns
}

fn write_value(sheet: &mut Worksheet, row: u32, col: u16, value: &Value, labels: &Labels) -> Result<(), XlsxError> {
    match value {
        Value::Integer(n) => {
            sheet.write_number(row, col, *n as f64)?;
        }
        Value::Decimal(x) => {
            sheet.write_number(row, col, *x)?;
        }
        Value::Text(text) | Value::Choice(text) => write_text(sheet, row, col, text)?,
        Value::Choices(list) => write_text(sheet, row, col, &list.join("; "))?,
        Value::Date(date) => write_text(sheet, row, col, &date.format("%d/%m/%Y").to_string())?,
        Value::Bool(yes) => write_text(sheet, row, col, if *yes { &labels.yes } else { &labels.no })?,
        Value::File(_) => write_text(sheet, row, col, &labels.yes)?,
        Value::Table(_) => {}
    }
    Ok(())
}

fn read<'a>(values: &'a Values, column: &RawColumn) -> Option<Value> {
    match column {
        RawColumn::Field(key) => values.get(key).cloned(),
        RawColumn::Cell { field, row, column } => values.cell(field, row, column).cloned(),
        RawColumn::ColumnTotal { field, column } => match values.get(field)? {
            Value::Table(rows) => {
                let numbers: Vec<f64> = rows.iter().filter_map(|row| row.cells.get(column)?.as_f64()).collect();
                (!numbers.is_empty()).then(|| Value::Decimal(numbers.iter().sum()))
            }
            _ => None,
        },
    }
}

/// `dd/mm/yyyy HH:MM` in Vietnam time.
pub fn vietnam_datetime(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|instant| instant.with_timezone(&caunoi_core::vietnam_time::offset()).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// Raw submissions: one row per receiving school the narrowing lets through, with its
/// grouping, status, submission time and every field and table cell. Drafts show no
/// values.
pub async fn raw(db: &Db, request_id: i64, definition: &TemplateDefinition, narrowing: &Narrowing, labels: &Labels) -> DbResult<Vec<u8>> {
    type Line = (String, Option<String>, Option<String>, String, String, Option<String>, Option<i64>, Option<String>);
    let mut query = SqlBuilder::new(
        "SELECT sc.name, k.name, c.name, r.level, r.district, s.status, s.submitted_at, s.values_json \
         FROM report_recipients r JOIN schools sc ON sc.id = r.school_id \
         LEFT JOIN clusters k ON k.id = r.cluster_id LEFT JOIN communes c ON c.code = r.commune_code \
         LEFT JOIN report_submissions s ON s.request_id = r.request_id AND s.school_id = r.school_id WHERE r.request_id = ",
    );
    query.push_bind(request_id);
    narrowing.push_conditions(&mut query, Some("r.school_id"));
    query.push(" ORDER BY k.position, k.name, c.name, sc.name_folded, r.school_id");
    let lines: Vec<Line> = query.build_query_as().fetch_all(&db.pool).await?;

    let columns = raw_columns(definition, labels);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(&sheet_names(&[&labels.raw_sheet])[0]).map_err(xlsx_error)?;
    let mut headers = vec![
        labels.school.clone(),
        labels.cluster.clone(),
        labels.commune.clone(),
        labels.level.clone(),
        labels.district.clone(),
        labels.status.clone(),
        labels.submitted_at.clone(),
    ];
    headers.extend(columns.iter().map(|(header, _)| header.clone()));
    write_header(sheet, &headers).map_err(xlsx_error)?;
    for (index, (school, cluster, commune, level, district, status, submitted_at, json)) in lines.into_iter().enumerate() {
        let row = index as u32 + 1;
        let level = labels.levels.get(&level).cloned().unwrap_or(level);
        let status_label = labels.statuses.get(status.as_deref().unwrap_or("")).cloned().unwrap_or_default();
        let fixed = [
            school,
            cluster.unwrap_or_else(|| labels.none.clone()),
            commune.unwrap_or_else(|| labels.none.clone()),
            level,
            district,
            status_label,
            submitted_at.map(vietnam_datetime).unwrap_or_default(),
        ];
        for (col, text) in fixed.iter().enumerate() {
            write_text(sheet, row, col as u16, text).map_err(xlsx_error)?;
        }
        let shown = status.as_deref().is_some_and(|status| status != "draft");
        let Some(json) = json.filter(|_| shown) else { continue };
        let values: Values = serde_json::from_str(&json).unwrap_or_default();
        for (offset, (_, column)) in columns.iter().enumerate() {
            if let Some(value) = read(&values, column) {
                write_value(sheet, row, (fixed.len() + offset) as u16, &value, labels).map_err(xlsx_error)?;
            }
        }
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// Aggregated tables: one sheet per grouping, a row per group with its coverage and the
/// headline figure of every item (Σ, weighted percentage, share or ratio).
pub async fn aggregated(db: &Db, request_id: i64, definition: &TemplateDefinition, narrowing: &Narrowing, labels: &Labels) -> DbResult<Vec<u8>> {
    let items = figures::items(definition, &labels.total_row);
    let wanted: Vec<&ItemDef> = items.iter().collect();
    let sources = figures::sources(&wanted);
    let titles: Vec<String> =
        Grouping::ALL.iter().map(|grouping| labels.groupings.get(grouping.as_str()).cloned().unwrap_or_else(|| grouping.as_str().to_owned())).collect();
    let names = sheet_names(&titles.iter().map(String::as_str).collect::<Vec<_>>());
    let mut workbook = Workbook::new();
    let decimal = Format::new().set_num_format("#,##0.0");
    let whole = Format::new().set_num_format("#,##0");
    for ((grouping, title), name) in Grouping::ALL.into_iter().zip(titles).zip(names) {
        let rows = figures::by_group(db, request_id, grouping, narrowing, Some(&sources)).await?;
        let keys: Vec<String> = rows.iter().map(|row| row.key.clone()).collect();
        let group_names = figures::group_names(db, grouping, &keys).await?;
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).map_err(xlsx_error)?;
        let mut headers = vec![title, labels.recipients.clone(), labels.counted.clone()];
        headers.extend(items.iter().map(ItemDef::label));
        write_header(sheet, &headers).map_err(xlsx_error)?;
        let mut lines: Vec<(String, &figures::GroupRow)> = rows
            .iter()
            .map(|row| {
                let name = match grouping {
                    Grouping::Province => labels.province.clone(),
                    Grouping::Level => labels.levels.get(&row.key).cloned().unwrap_or_else(|| row.key.clone()),
                    _ if row.key.is_empty() || row.key == "0" => labels.none.clone(),
                    _ => group_names.get(&row.key).cloned().unwrap_or_else(|| row.key.clone()),
                };
                (name, row)
            })
            .collect();
        lines.sort_by(|a, b| caunoi_core::text::fold(&a.0).cmp(&caunoi_core::text::fold(&b.0)));
        for (index, (name, row)) in lines.into_iter().enumerate() {
            let line = index as u32 + 1;
            write_text(sheet, line, 0, &name).map_err(xlsx_error)?;
            sheet.write_number_with_format(line, 1, row.recipients as f64, &whole).map_err(xlsx_error)?;
            sheet.write_number_with_format(line, 2, row.counted as f64, &whole).map_err(xlsx_error)?;
            for (offset, item) in items.iter().enumerate() {
                if let Some(figure) = item.headline(row) {
                    let format = if matches!(item.kind, figures::ItemKind::Sum) && figure.fract() == 0.0 { &whole } else { &decimal };
                    sheet.write_number_with_format(line, 3 + offset as u16, figure, format).map_err(xlsx_error)?;
                }
            }
        }
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}
