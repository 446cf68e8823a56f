//! The route table: every screen and API route of the application, in one place.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post};
use time::Duration;
use axum::http::{Extensions, HeaderMap, StatusCode, Version, header};
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::auth::{self, store::DbSessionStore};
use crate::error::render_errors;
use crate::pages::{
    activities, activity_plans, attachments, audit, calendar, clusters, communes, dashboard, development, directives, health, home, imports, inbox, lesson_study, notifications, people, personnel,
    proposals, province, provinces, recordings, report_figures, report_submissions, report_templates, requests, schools, staff, surveys,
};
use crate::security_headers::add_security_headers;
use crate::state::AppState;
use crate::{api, static_files};

/// Builds the application with every route and layer.
pub fn router(state: AppState) -> Router {
    // Only the upload route accepts large bodies; every other route keeps axum's 2 MB.
    let upload_limit = state.config.max_upload_bytes + 64 * 1024;
    let screens = Router::new()
        .route("/", get(home::index))
        .route("/login", get(auth::login_form).post(auth::login_submit))
        .route("/logout", post(auth::logout))
        .route("/lang/{code}", get(home::set_language))
        .route("/me", get(home::me))
        .route("/me/password", get(auth::password_form).post(auth::password_submit))
        .route("/provinces", get(provinces::list))
        .route("/provinces/{code}/department", post(provinces::add_department))
        .route("/p/{province}", get(province::overview))
        .route("/p/{province}/clusters", get(clusters::list))
        .route("/p/{province}/communes", get(communes::list))
        .route("/p/{province}/schools", get(schools::list))
        .route("/p/{province}/people", get(people::list))
        .route("/p/{province}/audit", get(audit::list))
        .route("/p/{province}/proposals", get(proposals::form).post(proposals::create))
        .route(
            "/p/{province}/imports",
            get(imports::list).post(imports::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/clusters/{id}", get(clusters::detail))
        .route("/clusters/{id}/board", post(clusters::add_board_member))
        .route("/clusters/{id}/overrides", post(clusters::add_override))
        .route("/communes/{code}", get(communes::detail))
        .route("/schools/{id}", get(schools::detail))
        .route("/schools/{id}/staff", get(schools::staff))
        .route("/schools/{id}/staff-records", get(staff::list))
        .route("/schools/{id}/staff-records.xlsx", get(staff::export))
        .route(
            "/schools/{id}/staff-records/import",
            get(staff::import_form).post(staff::import_upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/p/{code}/staff-import",
            get(staff::province_form).post(staff::province_upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/staff-imports/{id}", get(staff::import_preview))
        .route("/staff-imports/{id}/apply", post(staff::import_apply))
        .route("/staff-imports/{id}/discard", post(staff::import_discard))
        .route("/staff/mine", get(staff::my_record))
        .route("/staff/{id}", get(staff::show))
        .route("/staff/{id}/edit", get(staff::edit_form).post(staff::edit_submit))
        .route("/people/{id}", get(people::detail))
        .route("/proposals/{id}", get(proposals::show))
        .route("/proposals/{id}/move", post(proposals::move_commune))
        .route("/proposals/{id}/rename", post(proposals::rename))
        .route("/proposals/{id}/save", post(proposals::save))
        .route("/imports/{id}", get(imports::show))
        .route("/imports/{id}/rows/{row}", post(imports::decide))
        .route("/imports/{id}/apply", post(imports::apply))
        .route("/imports/{id}/discard", post(imports::discard))
        // Areas that list their own routes in their module.
        .merge(directives::routes())
        .merge(inbox::routes())
        .merge(requests::routes())
        .merge(notifications::routes())
        .merge(attachments::routes())
        .merge(report_templates::routes())
        .merge(report_submissions::routes())
        .merge(report_figures::routes())
        .merge(dashboard::routes())
        .merge(activity_plans::routes())
        .merge(crate::pages::recommendations::routes())
        .merge(calendar::routes())
        .merge(development::routes())
        .merge(activities::routes())
        .merge(recordings::routes())
        .merge(lesson_study::routes())
        .merge(surveys::routes())
        .merge(personnel::routes());

    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("caunoi_session")
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(Duration::hours(12)));
    let mut csrf = CsrfLayer::new();
    for origin in &state.config.trusted_origins {
        csrf = match csrf.clone().add_trusted_origin(origin) {
            Ok(layer) => layer,
            Err(error) => {
                tracing::warn!(?error, "ignoring an invalid trusted origin");
                csrf
            }
        };
    }

    Router::new()
        .merge(screens)
        .merge(api::router())
        .route("/healthz", get(health::healthz))
        .route("/static/{name}", get(static_files::asset))
        .layer(sessions)
        .layer(csrf)
        // Outside the CSRF layer, so its rejections get the translated page too.
        .layer(middleware::from_fn(render_errors))
        .layer(middleware::from_fn(add_security_headers))
        // Downloads keep their Content-Length, so phones show progress and resume.
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(
            |_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions| !headers.contains_key(header::CONTENT_DISPOSITION),
        )))
        .layer(PropagateRequestIdLayer::x_request_id())
        // The span names the path with any calendar feed token redacted.
        .layer(TraceLayer::new_for_http().make_span_with(calendar::request_span::<axum::body::Body>))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}
