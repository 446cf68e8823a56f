//! Screens of the receiving side of directives: a school's inbox, the directives that
//! reach the signed-in person, a directive as its recipients read it (with the
//! acknowledgement and forward forms), and the tracking page with its export.

mod export;
mod list;
mod tracking;
mod view;

use axum::Router;
use axum::routing::{get, post};
use caunoi_core::directive::ReceiptStatus;

use crate::i18n::Locale;
use crate::state::AppState;

pub(crate) use view::MAX_NOTE_CHARS;

/// Routes of this area, merged into the route table. The sender's page of a directive,
/// `/directives/{id}`, belongs to the directives area; recipients read it at
/// `/directives/{id}/view`, where the notifications of publication point.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/schools/{id}/inbox", get(list::school_inbox))
        .route("/me/directives", get(list::my_directives))
        .route("/directives/{id}/view", get(view::show))
        .route("/directives/{id}/acknowledge", post(view::acknowledge))
        .route("/directives/{id}/forward", post(view::forward))
        .route("/directives/{id}/tracking", get(tracking::show))
        .route("/directives/{id}/tracking.xlsx", get(tracking::export))
}

/// A receipt status shown as a badge.
pub(crate) struct StatusBadge {
    pub label: String,
    /// CSS class giving the badge its colour.
    pub class: &'static str,
}

impl StatusBadge {
    pub fn new(locale: Locale, status: ReceiptStatus) -> StatusBadge {
        let class = match status {
            ReceiptStatus::NotOpened => "status-not-opened",
            ReceiptStatus::Read => "status-read",
            ReceiptStatus::Acknowledged => "status-acknowledged",
            ReceiptStatus::Overdue => "status-overdue",
        };
        StatusBadge { label: locale.tp("inbox-status", status.as_str()), class }
    }
}

/// Parses a status filter; an unknown value is ignored with a notice naming it.
fn parse_status(raw: Option<&str>, locale: Locale, notices: &mut Vec<String>) -> Option<ReceiptStatus> {
    let raw = raw?;
    let status = ReceiptStatus::parse(raw);
    if status.is_none() {
        notices.push(locale.t1("inbox-notice-invalid-status", "value", raw));
    }
    status
}

/// Formats a calendar date stored as `YYYY-MM-DD` as `dd/mm/yyyy`; other text is shown
/// as stored.
fn calendar_date(raw: &str) -> String {
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(|date| date.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| raw.to_owned())
}
