//! The preview of a template as a school of one level would see it, read-only.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::org::SchoolLevel;
use caunoi_core::report::definition::applies;
use caunoi_core::report::{FieldKind, TableRows};
use caunoi_db::reports::templates;
use serde::Deserialize;
use tracing::instrument;

use super::load_template;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::pages::render;
use crate::pages::schools::{Choice, non_blank};
use crate::state::AppState;
use crate::view::Nav;

#[derive(Debug, Default, Deserialize)]
pub struct PreviewQuery {
    level: Option<String>,
    version: Option<String>,
}

pub(super) struct PreviewField {
    pub key: String,
    pub label: String,
    pub help: String,
    pub required: bool,
    pub kind: &'static str,
    /// Limits and unit in words, such as "from 0 · học sinh".
    pub hint: String,
    pub options: Vec<String>,
    pub columns: Vec<String>,
    /// Labels of the table's rows; blank labels for the first lines of an open table.
    pub rows: Vec<String>,
}

pub(super) struct PreviewSection {
    pub title: String,
    pub help: String,
    pub fields: Vec<PreviewField>,
}

#[derive(Template)]
#[template(path = "report_templates/preview.html")]
struct PreviewPage {
    nav: Nav,
    id: i64,
    name: String,
    version: i64,
    level_label: String,
    levels: Vec<Choice>,
    notices: Vec<String>,
    sections: Vec<PreviewSection>,
}

fn hint(locale: Locale, kind: &FieldKind) -> String {
    let number = caunoi_core::report::validate::format_number;
    let mut parts = Vec::new();
    match kind {
        FieldKind::Integer { min, max, unit } => {
            if let Some(min) = min {
                parts.push(locale.t1("rtpl-hint-min", "value", &number(*min as f64)));
            }
            if let Some(max) = max {
                parts.push(locale.t1("rtpl-hint-max", "value", &number(*max as f64)));
            }
            if !unit.is_empty() {
                parts.push(unit.clone());
            }
        }
        FieldKind::Decimal { min, max, unit } => {
            if let Some(min) = min {
                parts.push(locale.t1("rtpl-hint-min", "value", &number(*min)));
            }
            if let Some(max) = max {
                parts.push(locale.t1("rtpl-hint-max", "value", &number(*max)));
            }
            if !unit.is_empty() {
                parts.push(unit.clone());
            }
        }
        FieldKind::Percent { .. } => parts.push("0–100 %".to_owned()),
        FieldKind::Text { max_len: Some(max), .. } => parts.push(locale.t1("rtpl-hint-max-len", "value", &max.to_string())),
        _ => {}
    }
    parts.join(" · ")
}

/// Shows a version of a template (the current one by default) as a school of the
/// chosen level would fill it.
#[instrument(skip_all, fields(report_template.id = %raw_id))]
pub async fn show(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<PreviewQuery>,
) -> AppResult<Response> {
    let (_, template) = load_template(&state.db, &user, &raw_id).await?;
    let mut notices = Vec::new();
    let level = non_blank(&query.level).and_then(|raw| {
        let level = SchoolLevel::parse(raw);
        if level.is_none() {
            notices.push(locale.t1("rtpl-error-level", "value", raw));
        }
        level
    });
    let versions = templates::versions(&state.db, template.id).await?;
    let wanted = non_blank(&query.version).and_then(|raw| raw.parse::<i64>().ok()).unwrap_or(template.current_version);
    let Some(version) = versions.into_iter().find(|v| v.version == wanted) else {
        return Err(crate::error::AppError::NotFound);
    };

    let sections = version
        .definition
        .sections_for(level)
        .map(|section| PreviewSection {
            title: section.title.clone(),
            help: section.help.clone(),
            fields: section
                .fields
                .iter()
                .filter(|field| applies(&field.levels, level))
                .map(|field| {
                    let (options, columns, rows) = match &field.kind {
                        FieldKind::Choice { options } | FieldKind::MultiChoice { options } => (options.clone(), Vec::new(), Vec::new()),
                        FieldKind::Table(table) => {
                            let columns = table.columns.iter().map(|c| c.label.clone()).collect();
                            let rows = match &table.rows {
                                TableRows::Fixed { .. } => table.rows_for(level).iter().map(|r| r.label.clone()).collect(),
                                TableRows::Open { .. } => vec![String::new(); 3],
                            };
                            (Vec::new(), columns, rows)
                        }
                        _ => (Vec::new(), Vec::new(), Vec::new()),
                    };
                    PreviewField {
                        key: field.key.clone(),
                        label: field.label.clone(),
                        help: field.help.clone(),
                        required: field.required,
                        kind: field.kind.name(),
                        hint: hint(locale, &field.kind),
                        options,
                        columns,
                        rows,
                    }
                })
                .collect(),
        })
        .collect();
    let levels = SchoolLevel::ALL
        .iter()
        .map(|l| Choice { value: l.as_str().to_owned(), label: locale.tp("level", l.as_str()), selected: Some(*l) == level })
        .collect();

    let page = PreviewPage {
        nav: Nav::new(locale, &user, Some(&template.province_code), "reports", &uri),
        id: template.id,
        name: template.name,
        version: version.version,
        level_label: level.map_or_else(|| locale.t("rtpl-levels-all"), |l| locale.tp("level", l.as_str())),
        levels,
        notices,
        sections,
    };
    render(&page)
}
