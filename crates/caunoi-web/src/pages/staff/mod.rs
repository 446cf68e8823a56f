//! Staff records of the personnel map: a school's list, one record, its edit form,
//! the import of staff lists and the .xlsx export.
//!
//! Lists, and exports for readers without the right, never carry identity numbers,
//! dates of birth, phones or emails. Every read of them goes through
//! `caunoi_db::staff::records`, which writes the audit record. The policy is
//! `caunoi_core::policy::staff`.

mod edit;
mod export;
mod import;
mod list;
mod record;

pub use edit::{StaffForm, edit_form, edit_submit};
pub(crate) use edit::{parse_employment, parse_personal};
pub use export::export;
pub use import::{import_apply, import_discard, import_form, import_preview, import_upload, province_form, province_upload};
pub use list::{list, my_record};
pub use record::show;

use caunoi_core::policy::{SchoolFacts, StaffFacts};
use caunoi_db::import::Problem;

use crate::i18n::{FluentArg, Locale};
use crate::pages::imports::fluent_arg;

/// Translates a problem of a staff list or form. A problem of one cell is prefixed with
/// its row and column.
/// Returns the message of one invalid form field, as a sentence.
pub(crate) fn field_message(locale: Locale, problem: &Problem) -> String {
    capitalise(&problem_text(locale, problem))
}

/// Returns the message of a staff code that another record of the school has.
pub(crate) fn duplicate_code_text(locale: Locale, code: &str, holder: &str) -> String {
    let args = [("value", FluentArg::Text(code.trim().to_owned())), ("holder", FluentArg::Text(holder.to_owned()))];
    locale.t_args("staff-duplicate-code", &args)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn problem_text(locale: Locale, problem: &Problem) -> String {
    let args: Vec<(&str, FluentArg)> = problem.args.iter().map(|(name, value)| (name.as_str(), fluent_arg(value))).collect();
    let message = locale.t_args(&problem.message_id, &args);
    match (problem.args.get("row"), problem.args.get("column")) {
        (Some(row), Some(column)) => locale.t_args(
            "staff-row-problem",
            &[("row", fluent_arg(row)), ("column", fluent_arg(column)), ("message", FluentArg::Text(message))],
        ),
        _ => message,
    }
}

/// The facts of a school's records as a whole, for rights over the whole list (the
/// export). No linked account is set, because no person owns every record.
pub(crate) fn school_wide(school: &SchoolFacts) -> StaffFacts {
    StaffFacts { id: 0, school: school.clone(), user_id: None }
}

/// Translates a stored value key with its prefix, or returns "" for none.
fn label(locale: Locale, prefix: &str, key: Option<&str>) -> String {
    key.map(|key| locale.tp(prefix, key)).unwrap_or_default()
}

/// Stored dates are ISO; the form shows dd/mm/yyyy.
pub(crate) fn display_date(iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(date) => date.format("%d/%m/%Y").to_string(),
        Err(_) => iso.to_owned(),
    }
}
