//! Storage of the personnel map's rules and figures: versioned staffing rule sets,
//! classes per grade, the communes' regions, and the shortage and surplus per subject
//! computed from a few bulk queries.

pub mod classes;
pub mod figures;
pub mod generated;
pub mod regions;
pub mod rule_files;
pub mod rule_sets;
