//! The JSON API: authentication, the OpenAPI document, paging, provinces, communes and
//! clusters. Schools and people are in `api_people.rs`.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use caunoi_db::clusters::{self, NewBoardMember};
use caunoi_db::users;
use serde_json::Value;

use crate::harness::{TestApp, TestResponse};

/// Checks the JSON error envelope and returns its message.
pub fn error_message(response: &TestResponse, status: StatusCode, code: &str) -> String {
    assert_eq!(response.status, status, "{}", response.body);
    let body = response.json();
    assert_eq!(body["error"]["code"], code, "{}", response.body);
    body["error"]["message"].as_str().expect("message is a string").to_owned()
}

/// Returns a field of every item of a list response.
pub fn field_of_items(response: &TestResponse, field: &str) -> Vec<Value> {
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()["items"].as_array().expect("items is an array").iter().map(|item| item[field].clone()).collect()
}

pub fn strings(values: Vec<Value>) -> BTreeSet<String> {
    values.iter().map(|value| value.as_str().expect("a string").to_owned()).collect()
}

/// Returns usernames as stored, which is how the API returns them.
pub fn usernames(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|name| users::normalize_username(name)).collect()
}

pub fn total(response: &TestResponse) -> i64 {
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()["total"].as_i64().expect("total is a number")
}

async fn get_with_header(app: &TestApp, path: &str, name: header::HeaderName, value: &str) -> TestResponse {
    let request = Request::get(path).header(name, value).body(Body::empty()).expect("request");
    app.send(request).await
}

// Authentication ------------------------------------------------------------------

#[tokio::test]
async fn me_with_bearer_token() {
    let app = TestApp::spawn().await;
    let client = app.api_as("cotcan_a1").await;

    let response = client.get("/api/v1/me").await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let me = response.json();
    assert_eq!(me["username"], users::normalize_username("cotcan_a1").as_str());
    assert_eq!(me["full_name"], "Đặng Văn Cốt");
    assert_eq!(me["deployment_admin"], Value::Bool(false));
    assert_eq!(me["provinces"], serde_json::json!(["79"]));
    assert_eq!(me["roles"], serde_json::json!(["core_teacher", "teacher"]));
    let grant = &me["grants"][0];
    assert_eq!(grant["scope"], "school");
    assert_eq!(grant["school_id"], app.world.school_a1);
    assert_eq!(grant["school_name"], "Trường THPT Trưng Vương");
}

#[tokio::test]
async fn me_flags_deployment_admin() {
    let app = TestApp::spawn().await;

    let me = app.api_as("admin").await.get("/api/v1/me").await.json();

    assert_eq!(me["deployment_admin"], Value::Bool(true));
    assert_eq!(me["roles"], serde_json::json!([]));
}

#[tokio::test]
async fn me_with_session_cookie() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response = client.get("/api/v1/me").await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.json()["roles"], serde_json::json!(["department_specialist"]));
}

#[tokio::test]
async fn no_credentials_is_401_json() {
    let app = TestApp::spawn().await;

    for path in ["/api/v1/me", "/api/v1/provinces", "/api/v1/schools?province=79", "/api/v1/people/1"] {
        let response = app.anonymous().get(path).await;
        let message = error_message(&response, StatusCode::UNAUTHORIZED, "unauthenticated");
        assert!(message.contains("đăng nhập"), "{path}: {message}");
        assert!(response.location().is_none(), "{path} must not redirect");
    }
}

#[tokio::test]
async fn unknown_token_is_401() {
    let app = TestApp::spawn().await;

    let response = get_with_header(&app, "/api/v1/me", header::AUTHORIZATION, "Bearer cn_not-a-real-token").await;

    error_message(&response, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn revoked_token_is_401() {
    let app = TestApp::spawn().await;
    let client = app.api_as("chuyenvien").await;
    assert_eq!(client.get("/api/v1/me").await.status, StatusCode::OK);

    let id = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    sqlx::query("UPDATE api_tokens SET revoked_at = 1 WHERE user_id = $1").bind(id).execute(&app.db.pool).await.unwrap();

    error_message(&client.get("/api/v1/me").await, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn deactivated_user_token_is_401() {
    let app = TestApp::spawn().await;
    let client = app.api_as("giaovien_a1").await;
    let id = users::id_by_username(&app.db, "giaovien_a1").await.unwrap();

    sqlx::query("UPDATE users SET is_active = 0 WHERE id = $1").bind(id).execute(&app.db.pool).await.unwrap();

    error_message(&client.get("/api/v1/me").await, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn unknown_api_path_is_404_json() {
    let app = TestApp::spawn().await;

    let response = app.api_as("chuyenvien").await.get("/api/v1/nothing-here").await;

    error_message(&response, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn errors_follow_accept_language() {
    let app = TestApp::spawn().await;

    let response = get_with_header(&app, "/api/v1/me", header::ACCEPT_LANGUAGE, "en").await;

    let message = error_message(&response, StatusCode::UNAUTHORIZED, "unauthenticated");
    assert!(message.to_lowercase().contains("log in"), "{message}");
}

// OpenAPI document ----------------------------------------------------------------

const API_PATHS: &[&str] = &[
    "/api/openapi.json",
    "/api/v1/activities",
    "/api/v1/activities/{id}",
    "/api/v1/activities/{id}/attendance",
    "/api/v1/activities/{id}/cancel",
    "/api/v1/activities/{id}/checkin",
    "/api/v1/activities/{id}/lesson-study",
    "/api/v1/activities/{id}/lesson-study/analysis",
    "/api/v1/activities/{id}/lesson-study/minutes.docx",
    "/api/v1/activities/{id}/lesson-study/minutes/send",
    "/api/v1/activities/{id}/lesson-study/notes",
    "/api/v1/activities/{id}/lesson-study/plan/versions",
    "/api/v1/activities/{id}/lesson-study/plan/versions/{version}",
    "/api/v1/activities/{id}/lesson-study/summary",
    "/api/v1/activities/{id}/nominations",
    "/api/v1/activities/{id}/publish",
    "/api/v1/activities/{id}/recordings",
    "/api/v1/activities/{id}/registrations",
    "/api/v1/activities/{id}/registrations/cancel",
    "/api/v1/activities/{id}/survey",
    "/api/v1/activity-plans/{id}",
    "/api/v1/activity-plans/{id}/items",
    "/api/v1/activity-plans/{id}/items/{item}",
    "/api/v1/answers",
    "/api/v1/clusters",
    "/api/v1/clusters/{id}",
    "/api/v1/clusters/{id}/activity-plans",
    "/api/v1/clusters/{id}/dashboard",
    "/api/v1/clusters/{id}/survey-action-items",
    "/api/v1/clusters/{id}/survey-results",
    "/api/v1/communes",
    "/api/v1/communes/{code}",
    "/api/v1/directives",
    "/api/v1/directives/{id}",
    "/api/v1/directives/{id}/acknowledge",
    "/api/v1/directives/{id}/amend",
    "/api/v1/directives/{id}/publish",
    "/api/v1/directives/{id}/status",
    "/api/v1/directives/{id}/withdraw",
    "/api/v1/inbox",
    "/api/v1/me",
    "/api/v1/me/calendar-feeds",
    "/api/v1/me/calendar-feeds/{id}/revoke",
    "/api/v1/me/development",
    "/api/v1/notifications",
    "/api/v1/notifications/read-all",
    "/api/v1/notifications/{id}/read",
    "/api/v1/people",
    "/api/v1/people/{id}",
    "/api/v1/provinces",
    "/api/v1/provinces/{code}",
    "/api/v1/provinces/{code}/activity-plans",
    "/api/v1/provinces/{code}/dashboard",
    "/api/v1/provinces/{code}/recommendations",
    "/api/v1/provinces/{code}/shortages",
    "/api/v1/provinces/{code}/staffing-rule-sets",
    "/api/v1/provinces/{code}/survey-results",
    "/api/v1/provinces/{code}/survey-templates",
    "/api/v1/recommendations/{id}",
    "/api/v1/recordings/{id}",
    "/api/v1/recordings/{id}/comments",
    "/api/v1/recordings/{id}/content",
    "/api/v1/report-requests",
    "/api/v1/report-requests/{id}",
    "/api/v1/report-requests/{id}/close",
    "/api/v1/report-requests/{id}/completeness",
    "/api/v1/report-requests/{id}/export.xlsx",
    "/api/v1/report-requests/{id}/figures",
    "/api/v1/report-requests/{id}/publish",
    "/api/v1/report-requests/{id}/schools/{school}/review",
    "/api/v1/report-requests/{id}/schools/{school}/submission",
    "/api/v1/report-requests/{id}/schools/{school}/submission.xlsx",
    "/api/v1/report-requests/{id}/schools/{school}/workbook.xlsx",
    "/api/v1/report-requests/{id}/submissions",
    "/api/v1/report-requests/{id}/values",
    "/api/v1/report-templates",
    "/api/v1/report-templates/{id}",
    "/api/v1/report-templates/{id}/definition",
    "/api/v1/report-templates/{id}/series",
    "/api/v1/requests",
    "/api/v1/requests/{id}",
    "/api/v1/requests/{id}/escalate",
    "/api/v1/requests/{id}/owner",
    "/api/v1/requests/{id}/replies",
    "/api/v1/requests/{id}/status",
    "/api/v1/schools",
    "/api/v1/schools/{id}",
    "/api/v1/schools/{id}/development",
    "/api/v1/schools/{id}/people",
    "/api/v1/schools/{id}/staff",
    "/api/v1/staff/{id}",
    "/api/v1/staff/{id}/load",
    "/api/v1/staffing-rule-sets/{id}",
    "/api/v1/survey-action-items/{id}/plan-item",
    "/api/v1/survey-templates/{id}",
    "/api/v1/surveys/{id}",
    "/api/v1/surveys/{id}/reminders",
    "/api/v1/surveys/{id}/responses",
    "/api/v1/surveys/{id}/results",
    "/api/v1/teaching-assignments/{id}/decision",
];

#[tokio::test]
async fn openapi_document_describes_api() {
    let app = TestApp::spawn().await;

    let response = app.anonymous().get("/api/openapi.json").await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let document = response.json();
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"), "{}", document["openapi"]);
    assert_eq!(document["info"]["title"], "Cầu Nối API");
    assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
    let paths: BTreeSet<&str> = document["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(paths, API_PATHS.iter().copied().collect());
}

#[tokio::test]
async fn openapi_operation_ids_are_unique() {
    let app = TestApp::spawn().await;

    let document = app.anonymous().get("/api/openapi.json").await.json();

    let mut ids: Vec<&str> = Vec::new();
    for (path, operations) in document["paths"].as_object().expect("paths") {
        for (method, operation) in operations.as_object().expect("operations") {
            ids.push(operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId")));
        }
    }
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
}

#[tokio::test]
async fn openapi_declares_bearer_scheme() {
    let app = TestApp::spawn().await;

    let document = app.anonymous().get("/api/openapi.json").await.json();

    let bearer = &document["components"]["securitySchemes"]["bearer"];
    assert_eq!(bearer["type"], "http");
    assert_eq!(bearer["scheme"], "bearer");
    let requirements = document["security"].as_array().expect("global security");
    assert!(requirements.iter().any(|r| r.get("bearer").is_some()), "{requirements:?}");
}

#[tokio::test]
async fn openapi_documents_error_envelope() {
    let app = TestApp::spawn().await;

    let document = app.anonymous().get("/api/openapi.json").await.json();

    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["ErrorBody"]["properties"]["error"]["$ref"], "#/components/schemas/ErrorDetail");
    for field in ["code", "message"] {
        assert!(schemas["ErrorDetail"]["properties"].get(field).is_some(), "ErrorDetail lacks {field}");
    }
    for path in API_PATHS.iter().filter(|path| path.starts_with("/api/v1/")) {
        for (method, operation) in document["paths"][path].as_object().expect("operations") {
            let responses = &operation["responses"];
            let error = &responses["401"]["content"]["application/json"]["schema"]["$ref"];
            assert_eq!(error, "#/components/schemas/ErrorBody", "{method} {path}");
            let success = ["200", "201", "204"].iter().any(|code| responses.get(*code).is_some());
            assert!(success, "{method} {path} has no success response");
        }
    }
}

#[tokio::test]
async fn openapi_lists_paging_parameters() {
    let app = TestApp::spawn().await;

    let document = app.anonymous().get("/api/openapi.json").await.json();

    for path in ["/api/v1/provinces", "/api/v1/communes", "/api/v1/clusters", "/api/v1/schools", "/api/v1/people"] {
        let names: BTreeSet<&str> = document["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path} has no parameters"))
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert!(names.contains("page"), "{path}: {names:?}");
        assert!(names.contains("per_page"), "{path}: {names:?}");
    }
}

// Paging --------------------------------------------------------------------------

#[tokio::test]
async fn paging_counts_and_slices() {
    let app = TestApp::spawn().await;
    let client = app.api_as("chuyenvien").await;

    let first = client.get("/api/v1/provinces?per_page=10").await;
    let fourth = client.get("/api/v1/provinces?per_page=10&page=4").await;
    let past_end = client.get("/api/v1/provinces?per_page=10&page=5").await;

    assert_eq!(total(&first), 34);
    assert_eq!(field_of_items(&first, "code").len(), 10);
    assert_eq!(total(&fourth), 34);
    assert_eq!(field_of_items(&fourth, "code").len(), 4);
    assert_eq!(total(&past_end), 34);
    assert!(field_of_items(&past_end, "code").is_empty());
}

#[tokio::test]
async fn paging_pages_do_not_overlap() {
    let app = TestApp::spawn().await;
    let client = app.api_as("chuyenvien").await;

    let first = strings(field_of_items(&client.get("/api/v1/communes?province=79&per_page=100").await, "code"));
    let second = strings(field_of_items(&client.get("/api/v1/communes?province=79&per_page=100&page=2").await, "code"));

    assert_eq!(first.len(), 100);
    assert!(!second.is_empty());
    assert!(first.is_disjoint(&second));
}

#[tokio::test]
async fn paging_accepts_bounds() {
    let app = TestApp::spawn().await;
    let client = app.api_as("chuyenvien").await;

    assert_eq!(field_of_items(&client.get("/api/v1/provinces?per_page=500").await, "code").len(), 34);
    assert_eq!(field_of_items(&client.get("/api/v1/provinces?per_page=1").await, "code").len(), 1);
    assert_eq!(field_of_items(&client.get("/api/v1/provinces?page=&per_page=").await, "code").len(), 34);
}

#[tokio::test]
async fn paging_rejects_bad_values() {
    let app = TestApp::spawn().await;
    let client = app.api_as("chuyenvien").await;
    let cases = [
        ("page=abc", "page", "abc"),
        ("page=0", "page", "0"),
        ("page=-2", "page", "-2"),
        ("page=99999999999999999999", "page", "99999999999999999999"),
        ("page=9223372036854775807&per_page=500", "page", "9223372036854775807"),
        ("per_page=0", "per_page", "0"),
        ("per_page=501", "per_page", "501"),
        ("per_page=ten", "per_page", "ten"),
    ];

    for (query, name, value) in cases {
        for list in ["/api/v1/provinces", "/api/v1/schools", "/api/v1/people"] {
            let response = client.get(&format!("{list}?{query}")).await;
            let message = error_message(&response, StatusCode::BAD_REQUEST, "bad_request");
            assert!(message.contains("không hợp lệ"), "{list}?{query}: {message}");
            assert!(message.contains(name), "{list}?{query}: {message}");
            assert!(message.contains(&format!("“{value}”")), "{list}?{query}: {message}");
        }
    }
}

#[tokio::test]
async fn repeated_parameter_is_400() {
    let app = TestApp::spawn().await;

    let response = app.api_as("chuyenvien").await.get("/api/v1/schools?page=1&page=2").await;

    let message = error_message(&response, StatusCode::BAD_REQUEST, "bad_request");
    assert!(message.contains("một lần"), "{message}");
}

// Provinces -----------------------------------------------------------------------

#[tokio::test]
async fn provinces_list_all_34() {
    let app = TestApp::spawn().await;

    let response = app.api_as("hieutruong_a1").await.get("/api/v1/provinces").await;

    assert_eq!(total(&response), 34);
    let items = response.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 34);
    let hcmc = items.iter().find(|p| p["code"] == "79").expect("Ho Chi Minh City listed");
    assert_eq!(hcmc["hosted"], Value::Bool(true));
    assert_eq!(hcmc["accessible"], Value::Bool(true));
    let hanoi = items.iter().find(|p| p["code"] == "01").expect("Hà Nội listed");
    assert_eq!(hanoi["hosted"], Value::Bool(true));
    assert_eq!(hanoi["accessible"], Value::Bool(false));
    let hosted = items.iter().filter(|p| p["hosted"] == Value::Bool(true)).count();
    assert_eq!(hosted, 2);
}

#[tokio::test]
async fn province_detail_counts() {
    let app = TestApp::spawn().await;

    let response = app.api_as("chuyenvien").await.get("/api/v1/provinces/79").await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let province = response.json();
    assert_eq!(province["code"], "79");
    assert_eq!(province["hosted"], Value::Bool(true));
    assert!(province["department_name"].as_str().unwrap().starts_with("Sở Giáo dục và Đào tạo"));
    assert_eq!(province["school_year"], app.world.year.as_str());
    assert_eq!(province["cluster_count"], 2);
    assert_eq!(province["school_count"], 3);
    assert_eq!(province["schools_by_level"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn province_detail_normalises_code() {
    let app = TestApp::spawn().await;
    let client = app.api_as("chuyenvien_hn").await;

    for code in ["1", "01"] {
        let response = client.get(&format!("/api/v1/provinces/{code}")).await;
        assert_eq!(response.status, StatusCode::OK, "{code}: {}", response.body);
        assert_eq!(response.json()["code"], "01");
    }
}

#[tokio::test]
async fn province_detail_other_province_404() {
    let app = TestApp::spawn().await;

    let response = app.api_as("hieutruong_hn").await.get("/api/v1/provinces/79").await;

    error_message(&response, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn province_detail_unhosted_for_admin() {
    let app = TestApp::spawn().await;
    let client = app.api_as("admin").await;

    let response = client.get("/api/v1/provinces/48").await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.json()["hosted"], Value::Bool(false));
    assert_eq!(response.json()["department_name"], Value::Null);
}

#[tokio::test]
async fn province_detail_bad_codes() {
    let app = TestApp::spawn().await;
    let client = app.api_as("admin").await;

    let message = error_message(&client.get("/api/v1/provinces/abc").await, StatusCode::BAD_REQUEST, "bad_request");
    assert!(message.contains("“abc”"), "{message}");
    assert!(message.contains("Mã tỉnh"), "{message}");
    error_message(&client.get("/api/v1/provinces/99").await, StatusCode::NOT_FOUND, "not_found");
}

// Communes ------------------------------------------------------------------------

#[tokio::test]
async fn communes_list_searches_names() {
    let app = TestApp::spawn().await;

    let response = app.api_as("chuyenvien").await.get("/api/v1/communes?province=79&q=ben%20thanh").await;

    let codes = strings(field_of_items(&response, "code"));
    assert!(codes.contains("26743"), "{codes:?}");
    let provinces = strings(field_of_items(&response, "province_code"));
    assert_eq!(provinces, BTreeSet::from(["79".to_owned()]));
}

#[tokio::test]
async fn communes_list_defaults_to_own_province() {
    let app = TestApp::spawn().await;
    let client = app.api_as("hieutruong_a1").await;

    let implicit = client.get("/api/v1/communes").await;
    let explicit = client.get("/api/v1/communes?province=79").await;

    assert!(total(&implicit) > 100, "{}", implicit.body);
    assert_eq!(total(&implicit), total(&explicit));
}

#[tokio::test]
async fn communes_list_other_province_404() {
    let app = TestApp::spawn().await;
    let client = app.api_as("hieutruong_hn").await;

    error_message(&client.get("/api/v1/communes?province=79").await, StatusCode::NOT_FOUND, "not_found");
    assert_eq!(client.get("/api/v1/communes?province=1").await.status, StatusCode::OK);
}

#[tokio::test]
async fn communes_list_bad_province_400() {
    let app = TestApp::spawn().await;

    let response = app.api_as("chuyenvien").await.get("/api/v1/communes?province=HCM").await;

    let message = error_message(&response, StatusCode::BAD_REQUEST, "bad_request");
    assert!(message.contains("province"), "{message}");
    assert!(message.contains("“HCM”"), "{message}");
}

#[tokio::test]
async fn commune_detail_with_cluster() {
    let app = TestApp::spawn().await;

    let response = app.api_as("giaovien_a1").await.get(&format!("/api/v1/communes/{}", app.world.commune_b1)).await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let commune = response.json();
    assert_eq!(commune["code"], app.world.commune_b1.as_str());
    assert_eq!(commune["cluster_id"], app.world.cluster_b);
    assert_eq!(commune["school_year"], app.world.year.as_str());
    assert_eq!(commune["school_count"], 1);
}

#[tokio::test]
async fn commune_detail_accepts_short_code() {
    let app = TestApp::spawn().await;

    let response = app.api_as("chuyenvien_hn").await.get("/api/v1/communes/70").await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.json()["code"], "00070");
    assert_eq!(response.json()["cluster_id"], Value::Null);
}

#[tokio::test]
async fn commune_detail_refusals() {
    let app = TestApp::spawn().await;
    let hanoi = app.api_as("hieutruong_hn").await;

    error_message(&hanoi.get("/api/v1/communes/26743").await, StatusCode::NOT_FOUND, "not_found");
    error_message(&hanoi.get("/api/v1/communes/99999").await, StatusCode::NOT_FOUND, "not_found");
    let message = error_message(&hanoi.get("/api/v1/communes/123456").await, StatusCode::BAD_REQUEST, "bad_request");
    assert!(message.contains("“123456”"), "{message}");
}

// Clusters ------------------------------------------------------------------------

#[tokio::test]
async fn clusters_list_current_year() {
    let app = TestApp::spawn().await;

    let response = app.api_as("giaovien_a1").await.get("/api/v1/clusters?province=79").await;

    assert_eq!(total(&response), 2);
    assert_eq!(strings(field_of_items(&response, "name")), BTreeSet::from(["Cụm A".to_owned(), "Cụm B".to_owned()]));
    assert_eq!(strings(field_of_items(&response, "school_year")), BTreeSet::from([app.world.year.clone()]));
    let first = &response.json()["items"][0];
    assert_eq!(first["id"], app.world.cluster_a);
    assert_eq!(first["commune_count"], 2);
    assert_eq!(first["school_count"], 2);
}

#[tokio::test]
async fn clusters_list_other_year() {
    let app = TestApp::spawn().await;
    let client = app.api_as("chuyenvien").await;

    assert_eq!(total(&client.get(&format!("/api/v1/clusters?province=79&year={}", app.world.year)).await), 2);
    assert_eq!(total(&client.get("/api/v1/clusters?province=79&year=2099-2100").await), 0);
}

#[tokio::test]
async fn clusters_list_bad_year_400() {
    let app = TestApp::spawn().await;

    let response = app.api_as("chuyenvien").await.get("/api/v1/clusters?province=79&year=2025-2027").await;

    let message = error_message(&response, StatusCode::BAD_REQUEST, "bad_request");
    assert!(message.contains("Năm học"), "{message}");
    assert!(message.contains("“2025-2027”"), "{message}");
}

#[tokio::test]
async fn clusters_list_other_province_404() {
    let app = TestApp::spawn().await;

    let response = app.api_as("chuyenvien_hn").await.get("/api/v1/clusters?province=79").await;

    error_message(&response, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn cluster_detail_members_and_board() {
    let app = TestApp::spawn().await;
    let coordinator = users::id_by_username(&app.db, "dieuphoi_a").await.unwrap();
    let member = NewBoardMember {
        cluster_id: app.world.cluster_a,
        user_id: coordinator,
        board_role: "coordinator".into(),
        level: None,
        affiliation: "school".into(),
    };
    clusters::add_board_member(&app.db, &member).await.unwrap();

    let response = app.api_as("hieutruong_b1").await.get(&format!("/api/v1/clusters/{}", app.world.cluster_a)).await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let cluster = response.json();
    assert_eq!(cluster["name"], "Cụm A");
    assert_eq!(cluster["school_year"], app.world.year.as_str());
    let communes = strings(cluster["communes"].as_array().unwrap().iter().map(|c| c["code"].clone()).collect());
    assert_eq!(communes, BTreeSet::from([app.world.commune_a1.clone(), app.world.commune_a2.clone()]));
    assert!(cluster["communes"][0]["name"].is_string());
    let schools: BTreeSet<i64> = cluster["schools"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
    assert_eq!(schools, BTreeSet::from([app.world.school_a1, app.world.school_a2]));
    let trung_vuong = cluster["schools"].as_array().unwrap().iter().find(|s| s["id"] == app.world.school_a1).unwrap();
    assert_eq!(trung_vuong["level"], "upper_secondary");
    assert_eq!(trung_vuong["is_generated"], Value::Bool(false));
    assert_eq!(cluster["board"][0]["username"], users::normalize_username("dieuphoi_a").as_str());
    assert_eq!(cluster["board"][0]["board_role"], "coordinator");
}

#[tokio::test]
async fn cluster_detail_follows_override() {
    let app = TestApp::spawn().await;
    clusters::set_override(&app.db, app.world.cluster_b, app.world.school_a2, "Gần cụm B hơn", None).await.unwrap();
    let client = app.api_as("chuyenvien").await;

    let a = client.get(&format!("/api/v1/clusters/{}", app.world.cluster_a)).await.json();
    let b = client.get(&format!("/api/v1/clusters/{}", app.world.cluster_b)).await.json();

    let ids = |cluster: &Value| -> BTreeSet<i64> {
        cluster["schools"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect()
    };
    assert_eq!(ids(&a), BTreeSet::from([app.world.school_a1]));
    assert_eq!(ids(&b), BTreeSet::from([app.world.school_a2, app.world.school_b1]));
}

#[tokio::test]
async fn cluster_detail_refusals() {
    let app = TestApp::spawn().await;
    let hanoi = app.api_as("chuyenvien_hn").await;

    error_message(&hanoi.get(&format!("/api/v1/clusters/{}", app.world.cluster_a)).await, StatusCode::NOT_FOUND, "not_found");
    error_message(&hanoi.get("/api/v1/clusters/999999").await, StatusCode::NOT_FOUND, "not_found");
    let message = error_message(&hanoi.get("/api/v1/clusters/abc").await, StatusCode::BAD_REQUEST, "bad_request");
    assert!(message.contains("“abc”"), "{message}");
}
