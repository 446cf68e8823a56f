//! Staffing: the rules and optimisers behind the personnel map, starting with the
//! minimum-cost flow that recommends inter-school teaching.

pub mod flow;
pub mod record;
pub mod subject;

pub use subject::Subject;
