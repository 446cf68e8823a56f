//! Domain types and rules of Cầu Nối. Pure code: no I/O, no database, no HTTP.

pub mod activity;
pub mod clustering;
pub mod directive;
pub mod lesson_study;
pub mod org;
pub mod policy;
pub mod report;
pub mod request_status;
pub mod school_name;
pub mod school_year;
pub mod staffing;
pub mod survey;
pub mod text;
pub mod vietnam_time;
