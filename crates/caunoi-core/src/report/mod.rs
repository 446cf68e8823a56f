//! Standard professional reports: the templates a department or cluster designs, the
//! values a school enters, their validation, the state of each school's submission and
//! the arithmetic of aggregation.
//!
//! A template is stored as a versioned JSON [`definition::TemplateDefinition`]; a school's
//! answer is a [`values::Values`] map. [`validate::validate`] checks one against the other
//! for the school's level, and [`aggregate::numeric_items`] flattens the numbers that
//! roll up into cluster, commune and province figures.

pub mod aggregate;
pub mod check;
pub mod deadline;
pub mod definition;
pub mod status;
pub mod validate;
pub mod values;

pub use definition::{Column, ColumnKind, Field, FieldKind, Indicator, Rule, RowDef, Section, TableRows, TableSpec, TemplateDefinition};
pub use status::{Completeness, SubmissionStatus};
pub use validate::{Problem, ProblemCode, validate, validate_typed};
pub use values::{ItemPath, TableRow, Value, Values};
