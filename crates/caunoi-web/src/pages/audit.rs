//! The audit log of a province: who changed what, and when. Only the department's
//! administrators read it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::policy::Action;
use caunoi_db::audit::{self, AuditRecord};
use fluent_templates::Loader;
use serde::Deserialize;
use serde_json::Value;
use tracing::instrument;

use super::provinces::hosted_code;
use super::render;
use super::schools::{last_page_if_past_end, parse_page};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, ENGLISH, LOCALES, Locale, VIETNAMESE};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<String>,
}

/// One audit record as the table shows it.
struct AuditRow {
    /// `dd/mm/yyyy HH:MM`, Vietnam time.
    time: String,
    user_id: Option<i64>,
    username: Option<String>,
    action: String,
    entity: String,
    details: String,
}

#[derive(Template)]
#[template(path = "audit/list.html")]
struct ListPage {
    nav: Nav,
    notices: Vec<String>,
    records: Vec<AuditRow>,
    pager: Pager,
}

/// Lists a province's audit records, newest first.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn list(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let province = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::ViewAudit { province: &province })?;

    let mut notices = Vec::new();
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);
    let (mut records, mut total) = audit::list(&state.db, &province, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        (records, total) = audit::list(&state.db, &province, page).await?;
    }

    let rows = records.into_iter().map(|record| audit_row(locale, record)).collect();
    let page = ListPage {
        nav: Nav::new(locale, &user, Some(&province), "audit", &uri),
        notices,
        records: rows,
        pager: Pager::new(page, total, query_base(&format!("/p/{province}/audit"), &[])),
    };
    render(&page)
}

fn audit_row(locale: Locale, record: AuditRecord) -> AuditRow {
    // Message ids cannot contain dots, so `clusters.save_layout` becomes
    // `audit-action-clusters-save_layout`.
    let action = translate_or(locale, &format!("audit-action-{}", record.action.replace('.', "-")), &record.action);
    let entity = format!("{} {}", translate_or(locale, &format!("audit-entity-{}", record.entity), &record.entity), record.entity_id);
    AuditRow {
        time: i18n::datetime(record.occurred_at),
        user_id: record.user_id,
        username: record.username,
        action,
        entity,
        details: format_details(locale, &record.details),
    }
}

/// Translates a message id built from stored data, or returns `raw` when no message
/// exists, so that actions added later still show their identifier.
fn translate_or(locale: Locale, id: &str, raw: &str) -> String {
    let language = match locale {
        Locale::Vi => &VIETNAMESE,
        Locale::En => &ENGLISH,
    };
    LOCALES.try_lookup(language, id).unwrap_or_else(|| raw.to_owned())
}

/// Formats the JSON details of a record as `name: value` pairs, translating the names
/// that have a message. Details that are not a JSON object are shown as stored.
fn format_details(locale: Locale, details: &str) -> String {
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(details) else {
        return details.to_owned();
    };
    fields
        .iter()
        .map(|(name, value)| {
            let label = translate_or(locale, &format!("audit-detail-{name}"), name);
            let value = match value {
                Value::String(text) => text.clone(),
                Value::Number(number) => number.as_i64().map(|n| locale.int(n)).unwrap_or_else(|| number.to_string()),
                other => other.to_string(),
            };
            format!("{label}: {value}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_translate_known_names() {
        assert_eq!(format_details(Locale::Vi, r#"{"clusters": 1200}"#), "Số cụm: 1.200");
        assert_eq!(format_details(Locale::Vi, r#"{"zzz": "x"}"#), "zzz: x");
        assert_eq!(format_details(Locale::Vi, "not json"), "not json");
        assert_eq!(format_details(Locale::Vi, "{}"), "");
    }

    #[test]
    fn unknown_action_keeps_identifier() {
        assert_eq!(translate_or(Locale::Vi, "audit-action-some-new_thing", "some.new_thing"), "some.new_thing");
        assert_eq!(translate_or(Locale::Vi, "audit-action-clusters-save_layout", "x"), "Lưu bố cục cụm của năm học");
    }
}
