//! Problems found in an import: a Fluent message id with its arguments, so that the
//! web layer shows them in the reader's language.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How much a problem matters to the row it is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The row cannot be imported until the file is fixed or a person decides.
    Error,
    /// The row can be imported, but a value was guessed or ignored.
    Warning,
    /// Explains the row's status, such as why it was excluded or needs review.
    Info,
}

/// One problem of a file or of a row, as stored in `import_rows.problems`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// The column the problem is about (a [`Field`](super::header::Field) name such as
    /// `district`), or `None` for the whole file or row.
    pub field: Option<String>,
    /// The value as read from the file, after Unicode repair.
    pub value: Option<String>,
    pub severity: Severity,
    pub message_id: String,
    /// Fluent arguments of the message: `row`, `column`, `value` and message-specific ones.
    pub args: Map<String, Value>,
}

impl Problem {
    pub fn new(severity: Severity, message_id: &str) -> Problem {
        Problem {
            field: None,
            value: None,
            severity,
            message_id: message_id.to_owned(),
            args: Map::new(),
        }
    }

    pub fn error(message_id: &str) -> Problem {
        Problem::new(Severity::Error, message_id)
    }

    pub fn warning(message_id: &str) -> Problem {
        Problem::new(Severity::Warning, message_id)
    }

    pub fn info(message_id: &str) -> Problem {
        Problem::new(Severity::Info, message_id)
    }

    /// Sets the field and value, and the `value` argument of the message.
    pub fn with_value(mut self, field: &str, value: &str) -> Problem {
        self.field = Some(field.to_owned());
        self.value = Some(value.to_owned());
        self.args.insert("value".to_owned(), Value::from(value));
        self
    }

    pub fn with_arg(mut self, name: &str, value: impl Into<Value>) -> Problem {
        self.args.insert(name.to_owned(), value.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Fluent message ids of the import. Every id is listed with its Vietnamese and English
/// text in `MESSAGES.ftl.txt` next to this file.
pub mod ids {
    // The file as a whole; nothing is staged.
    pub const FILE_TOO_LARGE: &str = "import-file-too-large";
    pub const FILE_TOO_EXPANDED: &str = "import-file-too-expanded";
    pub const FILE_TOO_MANY_ROWS: &str = "import-file-too-many-rows";
    pub const FILE_UNSUPPORTED_TYPE: &str = "import-file-unsupported-type";
    pub const FILE_UNREADABLE: &str = "import-file-unreadable";
    pub const FILE_EMPTY: &str = "import-file-empty";
    pub const FILE_SHEET_NOT_FOUND: &str = "import-file-sheet-not-found";
    pub const FILE_NO_HEADER: &str = "import-file-no-header";
    pub const FILE_MISSING_PLACE_COLUMN: &str = "import-file-missing-place-column";
    pub const FILE_NO_DATA_ROWS: &str = "import-file-no-data-rows";

    // One row of the file.
    pub const MISSING_NAME: &str = "import-error-missing-name";
    pub const MISSING_PLACE: &str = "import-error-missing-place";
    pub const UNKNOWN_LEVEL: &str = "import-error-unknown-level";
    pub const INVALID_LEVEL: &str = "import-warning-invalid-level";
    pub const INVALID_OWNERSHIP: &str = "import-warning-invalid-ownership";
    pub const NOT_A_SCHOOL: &str = "import-excluded-not-a-school";
    pub const EXCLUDED_BY_PERSON: &str = "import-excluded-by-person";
    pub const PROVINCE_OUTSIDE: &str = "import-error-province-outside";
    pub const UNKNOWN_DISTRICT: &str = "import-error-unknown-district";
    pub const DISTRICT_GUESSED: &str = "import-warning-district-guessed";
    pub const FORMER_DISTRICT: &str = "import-info-former-district";
    pub const UNKNOWN_OLD_COMMUNE: &str = "import-warning-unknown-old-commune";
    pub const UNKNOWN_COMMUNE: &str = "import-error-unknown-commune";
    pub const UNKNOWN_COMMUNE_CODE: &str = "import-error-unknown-commune-code";
    pub const COMMUNE_IS_OLD: &str = "import-warning-commune-is-old";
    pub const COMMUNE_OUTSIDE_DISTRICT: &str = "import-warning-commune-outside-district";
    pub const SEVERAL_COMMUNES: &str = "import-review-several-communes";
    pub const DUPLICATE_ROW: &str = "import-duplicate-row";

    // Review and apply.
    pub const BATCH_NOT_PENDING: &str = "import-error-batch-not-pending";
    pub const UNRESOLVED_ROWS: &str = "import-error-unresolved-rows";
    pub const DECISION_NOT_CANDIDATE: &str = "import-error-decision-not-candidate";
    pub const DECISION_NOT_ALLOWED: &str = "import-error-decision-not-allowed";
    pub const DECISION_INVALID: &str = "import-error-decision-invalid";
}
