//! Screens of the notification centre: the list of a person's notifications and their
//! email settings. Each person reads only their own, so the policy has nothing to
//! decide: another person's notification is "not found".

mod list;
mod settings;

use axum::Router;
use axum::routing::{get, post};
use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::Loader;
use fluent_templates::fluent_bundle::FluentValue;
use serde_json::Value;

use crate::i18n::{self, ENGLISH, LOCALES, Locale, VIETNAMESE};
use crate::state::AppState;

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list::list))
        .route("/notifications/read-all", post(list::read_all))
        .route("/notifications/settings", get(settings::form).post(settings::save))
        .route("/notifications/{id}/open", get(list::open))
        .route("/notifications/{id}/read", post(list::read))
}

/// Renders the line of a notification in `locale` from its message id and its JSON
/// arguments. A number whose name ends in `_ms` is an instant: it is passed without
/// the suffix as `dd/mm/yyyy HH:MM` in Vietnam time (`deadline_ms` becomes `$deadline`).
/// A message the locale lacks, or whose arguments are missing, shows as its id rather
/// than failing the page.
pub(crate) fn notification_line(locale: Locale, message_id: &str, params: &Value) -> String {
    let mut args: HashMap<Cow<'static, str>, FluentValue<'static>> = HashMap::new();
    if let Value::Object(fields) = params {
        for (name, value) in fields {
            let (name, value) = match value {
                Value::String(text) => (name.clone(), FluentValue::from(text.clone())),
                Value::Number(number) => match (name.strip_suffix("_ms"), number.as_i64()) {
                    (Some(base), Some(ms)) => (base.to_owned(), FluentValue::from(i18n::datetime(ms))),
                    (None, Some(whole)) => (name.clone(), FluentValue::from(whole)),
                    _ => (name.clone(), FluentValue::from(number.to_string())),
                },
                Value::Null => continue,
                other => (name.clone(), FluentValue::from(other.to_string())),
            };
            args.insert(Cow::Owned(name), value);
        }
    }
    let language = match locale {
        Locale::Vi => &VIETNAMESE,
        Locale::En => &ENGLISH,
    };
    LOCALES.try_lookup_with_args(language, message_id, &args).unwrap_or_else(|| message_id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_become_dates() {
        // 2026-12-20T10:00:00Z is 17:00 in Ho Chi Minh City.
        let params = serde_json::json!({ "number": "12/SGDĐT", "title": "Kế hoạch", "deadline_ms": 1_797_760_800_000_i64 });
        let line = notification_line(Locale::Vi, "notify-reminder-overdue", &params);
        assert!(line.contains("12/SGDĐT"), "{line}");
        assert!(line.contains("20/12/2026 17:00"), "{line}");
    }

    #[test]
    fn unknown_message_shows_its_id() {
        assert_eq!(notification_line(Locale::En, "notify-nothing-like-this", &Value::Null), "notify-nothing-like-this");
    }
}
