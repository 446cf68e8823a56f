//! Staffing: the rules and optimisers behind the personnel map, starting with the
//! minimum-cost flow that recommends inter-school teaching.

pub mod curriculum;
pub mod flow;
pub mod load;
pub mod rules;
pub mod shortage;
pub mod subject;

pub use subject::Subject;
