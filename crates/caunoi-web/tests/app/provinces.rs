//! Departments: the list of provinces and adding a department, for the deployment
//! administrator only.

use axum::http::StatusCode;
use caunoi_db::{audit, provinces, Page};

use crate::harness::TestApp;

#[tokio::test]
async fn list_shows_every_province() {
    let app = TestApp::spawn().await;
    let client = app.login("admin").await;

    let response = client.get("/provinces").await;

    assert_eq!(response.status, StatusCode::OK);
    let body = &response.body;
    assert_eq!(body.matches("<tr>").count(), 35, "a header row and 34 provinces expected");
    assert!(body.contains("Hệ thống đang phục vụ 2 trên 34 tỉnh, thành phố."), "{body}");
    assert!(body.contains(r#"<a href="/p/79">"#), "hosted province not linked");
    assert_eq!(body.matches("Đang phục vụ").count(), 2);
    assert!(body.contains(r#"action="/provinces/48/department""#), "no add button for Đà Nẵng");
    assert!(!body.contains(r#"action="/provinces/79/department""#), "add button on a hosted province");
    assert!(body.contains("Thành phố Đà Nẵng"));
}

#[tokio::test]
async fn list_refused_to_others() {
    let app = TestApp::spawn().await;

    for username in ["quantri79", "chuyenvien", "hieutruong_a1", "chuyenvien_hn"] {
        let response = app.login(username).await.get("/provinces").await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username}");
    }
}

#[tokio::test]
async fn add_hosts_department() {
    let app = TestApp::spawn().await;
    let client = app.login("admin").await;

    let response = client.post_form("/provinces/48/department", &[]).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(response.location(), Some("/p/48"));
    let department = provinces::department(&app.db, "48").await.expect("department added");
    assert_eq!(department.name, "Sở Giáo dục và Đào tạo Thành phố Đà Nẵng");
    let (records, _) = audit::list(&app.db, "48", Page::new(None, None)).await.expect("audit");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].action, "departments.add");
    assert_eq!(records[0].username.as_deref(), Some("admin"));
    let list = client.get("/provinces").await;
    assert!(list.body.contains(r#"<a href="/p/48">"#));
}

#[tokio::test]
async fn add_accepts_one_digit_code() {
    let app = TestApp::spawn().await;
    let client = app.login("admin").await;

    // Tuyên Quang's code is 08; a code copied from a spreadsheet cell may have lost the zero.
    let response = client.post_form("/provinces/8/department", &[]).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), Some("/p/08"));
}

#[tokio::test]
async fn add_twice_is_conflict() {
    let app = TestApp::spawn().await;
    let client = app.login("admin").await;

    let response = client.post_form("/provinces/79/department", &[]).await;

    assert_eq!(response.status, StatusCode::CONFLICT);
    assert!(
        response.body.contains("Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh đã có trên hệ thống"),
        "{}",
        response.body
    );
}

#[tokio::test]
async fn add_bad_code_rejected() {
    let app = TestApp::spawn().await;
    let client = app.login("admin").await;

    let word = client.post_form("/provinces/abc/department", &[]).await;
    let long = client.post_form("/provinces/123/department", &[]).await;
    let unknown = client.post_form("/provinces/99/department", &[]).await;

    assert_eq!(word.status, StatusCode::BAD_REQUEST);
    assert!(word.body.contains("Mã tỉnh “abc” không hợp lệ"), "{}", word.body);
    assert_eq!(long.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn add_refused_to_others() {
    let app = TestApp::spawn().await;

    for username in ["quantri79", "chuyenvien", "chuyenvien_hn"] {
        let client = app.login(username).await;
        for path in ["/provinces/48/department", "/provinces/abc/department"] {
            let response = client.post_form(path, &[]).await;
            assert_eq!(response.status, StatusCode::NOT_FOUND, "{username} on {path}");
        }
    }
    assert!(provinces::department(&app.db, "48").await.is_err(), "department added by a non-administrator");
}
