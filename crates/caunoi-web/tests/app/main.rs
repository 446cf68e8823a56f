//! The one integration-test binary of the web layer: routes, policy and stories, run
//! against a real database (SQLite in a temp file, or PostgreSQL when
//! `TEST_DATABASE_URL` is set) through the real router.

mod harness;

mod activity_plans;
mod api;
mod api_people;
mod calendar;
mod development;
mod auth;
mod health;
mod locales;
mod audit;
mod isolation;
mod people;
mod personnel;
mod provinces;
mod schools;
mod proposals;
mod province;
mod clusters;
mod communes;
mod map;
mod imports;
mod attachments;
mod directives_core;
mod directives;
mod jobs;
mod notifications;
mod reminders;
mod requests;
mod inbox;
mod tracking;
mod report_templates;
mod report_submissions;
mod dashboard;
mod report_figures;
mod activities;
mod recommendations;
mod recordings;
mod browser;
mod lesson_study;
mod surveys;
mod staff;
