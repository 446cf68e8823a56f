//! Staffing: the rules and optimisers behind the personnel map: subjects, the teaching
//! quotas of Circular 05/2025, the curriculum's periods, shortages per school, and the
//! minimum-cost flow that recommends inter-school teaching.

pub mod competence;
pub mod curriculum;
pub mod flow;
pub mod load;
pub mod recommend;
pub mod rules;
pub mod shortage;
pub mod record;
pub mod subject;

pub use subject::Subject;
