//! Standard reports: templates and their versions, requests to schools, submissions
//! and their review, roll-ups and aggregates, exports.
//!
//! The definition and values are JSON documents of `caunoi_core::report`; only the
//! numbers that aggregate are also stored as rows (`report_values`) and summed per
//! grouping cell (`report_rollups`) as submissions are counted or taken back.

pub mod live;
pub mod requests;
pub mod rollups;
pub mod templates;
pub mod figures;
pub mod recompute;
pub mod completeness;
pub mod reminders;
pub mod review;
pub mod submissions;
pub mod workbook;
pub mod export;
