//! School list imports: a department uploads its list of schools (.xlsx or .csv),
//! reviews the parsed rows, settles the doubtful ones and applies the batch to the
//! `schools` table. The pipeline is `caunoi_db::import`; these screens drive it.
//!
//! Every route needs `ManageProvince` on the batch's province. A batch of another
//! province and a missing batch give the same 404.

mod list;
mod review;
mod show;

pub use list::{list, upload};
pub(crate) use list::{UploadError, read_upload, upload_error_text};
pub use review::{apply, decide, discard};
pub use show::show;

use caunoi_core::policy::Action;
use caunoi_db::Page;
use caunoi_db::import::{self, BatchInfo, ImportError, Problem, RowFilter};
use serde_json::Value;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::{FluentArg, Locale};
use crate::state::AppState;

/// Loads a batch without its rows and checks that the user manages its province.
async fn load_managed(state: &AppState, user: &CurrentUser, id: i64) -> Result<BatchInfo, AppError> {
    let first_row = Page::new(Some(1), Some(1));
    let batch = import::batch(&state.db, id, &RowFilter::default(), first_row).await.map_err(unexpected)?;
    user.require(Action::ManageProvince { province: &batch.info.province_code })?;
    Ok(batch.info)
}

/// Converts a pipeline error that the handler does not show as a message: a missing
/// record becomes a 404, anything else a 500.
fn unexpected(error: ImportError) -> AppError {
    match error {
        ImportError::Db(error) => error.into(),
        ImportError::Rejected(problem) => AppError::internal(format!("unexpected import rejection {}", problem.message_id)),
    }
}

/// Translates a problem of the pipeline: its message id with its arguments.
fn problem_text(locale: Locale, problem: &Problem) -> String {
    let args: Vec<(&str, FluentArg)> =
        problem.args.iter().map(|(name, value)| (name.as_str(), fluent_arg(value))).collect();
    locale.t_args(&problem.message_id, &args)
}

/// Converts a JSON argument: whole numbers stay numbers, so that Fluent selectors such
/// as `[1]` match them, and everything else becomes text.
pub(crate) fn fluent_arg(value: &Value) -> FluentArg {
    match value {
        Value::String(text) => FluentArg::Text(text.clone()),
        Value::Number(number) => match number.as_i64() {
            Some(whole) => FluentArg::Number(whole),
            None => FluentArg::Text(number.to_string()),
        },
        Value::Null => FluentArg::Text(String::new()),
        other => FluentArg::Text(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_text_passes_arguments() {
        let problem = Problem::error("import-error-unresolved-rows").with_arg("errors", 2).with_arg("reviews", 3);
        let text = problem_text(Locale::Vi, &problem);
        assert!(text.contains("Còn 2 dòng lỗi và 3 dòng"), "{text}");
    }

    #[test]
    fn problem_text_selects_on_numbers() {
        let problem = Problem::error("import-review-several-communes").with_arg("row", 7).with_arg("count", 1);
        let text = problem_text(Locale::En, &problem);
        assert_eq!(text, "Row 7: confirm the school's commune.");
    }
}
