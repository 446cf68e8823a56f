//! Screens, one module per area and one function per action.

pub mod activity_plans;
pub mod activities;
pub mod attachments;
pub mod audit;
pub mod calendar;
pub mod clusters;
pub mod communes;
pub mod dashboard;
pub mod development;
pub mod directives;
pub mod health;
pub mod home;
pub mod imports;
pub mod inbox;
pub mod lesson_study;
pub mod notifications;
pub mod people;
pub mod personnel;
pub mod proposals;
pub mod province;
pub mod provinces;
pub mod recommendations;
pub mod recordings;
pub mod report_figures;
pub mod report_submissions;
pub mod report_templates;
pub mod requests;
pub mod schools;
pub mod staff;
pub mod surveys;

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use crate::error::{AppError, AppResult};

/// Renders a template into an HTML response.
pub fn render(template: &impl Template) -> AppResult<Response> {
    let html = template.render().map_err(AppError::internal)?;
    Ok(Html(html).into_response())
}
