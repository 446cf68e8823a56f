//! Export of a template's definition as a JSON file, and import of one in its place.

use axum::extract::multipart::Multipart;
use axum::extract::{Path, Query, State};
use axum::http::{Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::report::TemplateDefinition;
use caunoi_db::DbError;
use caunoi_db::reports::templates;
use serde::Deserialize;
use tracing::instrument;

use super::design::{DesignError, DesignForm};
use super::designer::rejected_page;
use super::load_template;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::pages::schools::non_blank;
use crate::state::AppState;

/// Largest definition file accepted, in bytes. A template of 300 indicators is about
/// 60 kB of JSON.
const MAX_JSON_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    version: Option<String>,
}

/// Sends a version's definition (the current one by default) as a JSON download.
#[instrument(skip_all, fields(report_template.id = %raw_id))]
pub async fn export(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>, Query(query): Query<ExportQuery>) -> AppResult<Response> {
    let (_, template) = load_template(&state.db, &user, &raw_id).await?;
    let wanted = non_blank(&query.version).and_then(|raw| raw.parse::<i64>().ok()).unwrap_or(template.current_version);
    let version = templates::versions(&state.db, template.id)
        .await?
        .into_iter()
        .find(|v| v.version == wanted)
        .ok_or(AppError::NotFound)?;
    let json = serde_json::to_string_pretty(&version.definition).map_err(AppError::internal)?;
    let file_name = format!("mau-bao-cao-{}-v{}.json", template.id, version.version);
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        ],
        json,
    )
        .into_response())
}

/// Reads a definition from uploaded JSON, with a message naming the problem.
pub(crate) fn parse_definition(bytes: &[u8]) -> Result<TemplateDefinition, DesignError> {
    let definition: TemplateDefinition = serde_json::from_slice(bytes)
        .map_err(|error| DesignError::new("rtpl-error-json").with("line", error.line().to_string()).with("column", error.column().to_string()))?;
    match definition_error(&definition) {
        Some(error) => Err(error),
        None => Ok(definition),
    }
}

/// Returns the first problem of a definition, as the designer shows it.
pub(crate) fn definition_error(definition: &TemplateDefinition) -> Option<DesignError> {
    let problems = caunoi_core::report::validate::definition_problems(definition);
    let first = problems.first()?;
    let error = DesignError::new(first.code).with("subject", first.subject.clone());
    Some(match first.max {
        Some(max) => error.with("max", max.to_string()),
        None => error,
    })
}

/// Replaces the definition with an uploaded JSON file; a frozen version gets a
/// successor, as for every other change. A file that is not a valid definition shows
/// the designer again with the reason and changes nothing.
#[instrument(skip_all, fields(report_template.id = %raw_id))]
pub async fn import(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let (_, template) = load_template(&state.db, &user, &raw_id).await?;
    let form = DesignForm { op: "import".to_owned(), ..DesignForm::default() };

    let mut bytes: Option<Vec<u8>> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                let error = DesignError::new("uploads-error-malformed");
                return rejected_page(&state, locale, &user, &uri, &template, &form, &error).await;
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        match field.bytes().await {
            Ok(data) if data.len() <= MAX_JSON_BYTES => bytes = Some(data.to_vec()),
            _ => {
                let error = DesignError::new("rtpl-error-json-size").with("max", (MAX_JSON_BYTES / 1024 / 1024).to_string());
                return rejected_page(&state, locale, &user, &uri, &template, &form, &error).await;
            }
        }
    }
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        let error = DesignError::new("rtpl-error-no-file");
        return rejected_page(&state, locale, &user, &uri, &template, &form, &error).await;
    };
    let definition = match parse_definition(&bytes) {
        Ok(definition) => definition,
        Err(error) => {
            tracing::info!(report_template.id = template.id, "definition import rejected: {}", error.message_id);
            return rejected_page(&state, locale, &user, &uri, &template, &form, &error).await;
        }
    };
    match templates::save_definition(&state.db, template.id, &definition, "Nhập từ tệp JSON", user.id).await {
        Ok(_) => Ok(Redirect::to(&format!("/report-templates/{}", template.id)).into_response()),
        Err(DbError::Invalid(detail)) => {
            tracing::warn!(report_template.id = template.id, "imported definition invalid on save: {detail}");
            rejected_page(&state, locale, &user, &uri, &template, &form, &DesignError::new("rtpl-error-definition")).await
        }
        Err(other) => Err(other.into()),
    }
}
