//! The OpenAPI 3.1 document of the API, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    activities, activity_plans, clusters, communes, dashboard, development, directives, error, inbox, lesson_study, notifications, people, personnel, provinces,
    recommendations, recordings, report_figures, report_submissions, report_templates, requests, schools, staff, surveys,
};

/// Names of the security schemes, repeated as literals in `security(...)` below
/// because the derive accepts only literals there.
const BEARER_SCHEME: &str = "bearer";
const SESSION_SCHEME: &str = "session";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cầu Nối API",
        version = env!("CARGO_PKG_VERSION"),
        description = "The provinces, communes, professional clusters, schools and people of a Cầu Nối \
            deployment, its directives, school requests, report templates, report requests, submissions, \
            figures and dashboards, its professional-development activities, plans and records, and \
            lesson studies: \
            reads, and the writes each role may make. Every list returns \
            `{\"items\": [...], \"total\": N}` and takes `page` \
            (from 1) and `per_page` (1 to 500, 50 by default). Errors return \
            `{\"error\": {\"code\", \"message\"}}`; a record outside the caller's scope is a 404, the same \
            response as a missing one."
    ),
    paths(
        openapi_json,
        people::me,
        provinces::list,
        provinces::detail,
        communes::list,
        communes::detail,
        clusters::list,
        clusters::detail,
        schools::list,
        schools::detail,
        schools::people,
        people::list,
        people::detail,
        requests::list,
        requests::create,
        requests::detail,
        requests::reply,
        requests::status,
        requests::escalate,
        requests::assign,
        requests::answers,
        directives::list,
        directives::create,
        directives::detail,
        directives::publish,
        directives::amend,
        directives::withdraw,
        inbox::list,
        inbox::status,
        inbox::acknowledge,
        notifications::list,
        notifications::read,
        notifications::read_all,
    ),
    components(schemas(error::ErrorBody, error::ErrorDetail)),
    modifiers(&SecuritySchemes),
    security(("bearer" = []), ("session" = [])),
    tags(
        (name = "meta", description = "This document"),
        (name = "provinces", description = "The 34 provinces and their departments"),
        (name = "communes", description = "Commune-level units: xã, phường, đặc khu"),
        (name = "clusters", description = "Professional clusters (cụm chuyên môn) per school year"),
        (name = "schools", description = "Schools and their staff"),
        (name = "people", description = "People, their roles, and the caller"),
        (name = "requests", description = "Requests schools raise (kiến nghị, phản ánh), their threads, and published answers to frequent questions"),
        (name = "directives", description = "Directives (văn bản chỉ đạo) on the sender's side: drafts, publication, amendment, withdrawal"),
        (name = "inbox", description = "Directives on the receiving side: a school's inbox, acknowledgement, and each receiving school's status for those who track a directive"),
        (name = "notifications", description = "The caller's notifications: directives, deadline reminders, and requests"),
        (name = "report-templates", description = "Report templates and their versions, and report requests on the sender's side"),
        (name = "report-submissions", description = "Schools' report submissions (JSON and .xlsx), their review and completeness"),
        (name = "report-figures", description = "Aggregated report figures by cluster, commune, level, former district and province"),
        (name = "dashboard", description = "Monitoring figures of the department and cluster dashboards"),
    )
)]
pub struct ApiDoc;

/// Adds the two ways to authenticate: a bearer token, or the session cookie of a
/// signed-in browser.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("An API token issued to a person, sent as `Authorization: Bearer TOKEN`."))
            .build();
        components.add_security_scheme(BEARER_SCHEME, SecurityScheme::Http(bearer));
        let session = ApiKeyValue::with_description("caunoi_session", "The session cookie set by signing in to the web screens.");
        components.add_security_scheme(SESSION_SCHEME, SecurityScheme::ApiKey(ApiKey::Cookie(session)));
    }
}

/// Return this OpenAPI document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    operation_id = "get_openapi",
    tag = "meta",
    security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}

/// The whole document: [`ApiDoc`] and the paths each area module describes itself.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi();
    document.merge(report_templates::Doc::openapi());
    document.merge(report_submissions::Doc::openapi());
    document.merge(report_figures::Doc::openapi());
    document.merge(dashboard::Doc::openapi());
    document.merge(activities::Doc::openapi());
    document.merge(activity_plans::Doc::openapi());
    document.merge(recommendations::Doc::openapi());
    document.merge(development::Doc::openapi());
    document.merge(recordings::Doc::openapi());
    document.merge(lesson_study::Doc::openapi());
    document.merge(surveys::Doc::openapi());
    document.merge(personnel::Doc::openapi());
    document.merge(staff::Doc::openapi());
    document
}
