//! The web layer of Cầu Nối: screens, the JSON API and everything between them and the
//! repositories. Handlers extract, parse, authorise with the policy, call one repository
//! function and render.

pub mod api;
mod auth;
pub mod charts;
mod error;
pub mod i18n;
pub mod live;
pub mod mail;
pub mod map;
pub mod report_problems;
mod pages;
mod routes;
mod security_headers;
mod state;
mod static_files;
pub mod uploads;
mod view;
pub mod worker;

pub use pages::staff::problem_text as staff_problem_text;
pub use routes::router;
pub use state::{AppState, Config, DEFAULT_MAX_ATTACHMENT_BYTES};
