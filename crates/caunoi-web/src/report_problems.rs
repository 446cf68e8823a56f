//! Saying a report validation problem in the reader's language.

use caunoi_core::report::Problem;

use crate::i18n::{FluentArg, Locale};

/// The message of one problem, from its Fluent id and arguments (see
/// `locales/*/reports.ftl`).
pub fn message(locale: Locale, problem: &Problem) -> String {
    let args: Vec<(&str, FluentArg)> =
        problem.args.iter().map(|(name, value)| (name.as_str(), FluentArg::Text(value.clone()))).collect();
    locale.t_args(problem.code.message_id(), &args)
}

#[cfg(test)]
mod tests {
    use caunoi_core::report::values::{ItemPath, ParseProblem};

    use super::*;

    #[test]
    fn unreadable_number_names_value_and_fix() {
        let problem = Problem::unreadable(ItemPath::field("students"), ParseProblem::NotANumber, "Tổng số học sinh", " ba trăm ");
        assert_eq!(
            message(Locale::Vi, &problem),
            "“Tổng số học sinh”: “ba trăm” không phải là số. Hãy nhập một số, ví dụ 1.234 hoặc 12,5."
        );
        assert!(message(Locale::En, &problem).contains("is not a number"));
    }
}
