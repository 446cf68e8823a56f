use axum::http::StatusCode;

use crate::harness::TestApp;

#[tokio::test]
async fn healthz_reports_ok() {
    let app = TestApp::spawn().await;

    let response = app.anonymous().get("/healthz").await;

    assert_eq!(response.status, StatusCode::OK);
    let body = response.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"]["status"], "ok");
    assert!(body["version"].is_string());
}
