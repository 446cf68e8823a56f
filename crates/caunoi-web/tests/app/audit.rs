//! The audit log page of a province.

use axum::http::StatusCode;
use caunoi_db::users;

use crate::harness::TestApp;

/// Inserts an audit record at a fixed instant.
async fn record(app: &TestApp, province: &str, occurred_at_ms: i64, username: Option<&str>, action: &str, details: &str) {
    let user_id = match username {
        Some(name) => Some(users::id_by_username(&app.db, name).await.expect("user")),
        None => None,
    };
    sqlx::query(
        "INSERT INTO audit_log (occurred_at, user_id, province_code, action, entity, entity_id, details) \
         VALUES ($1, $2, $3, $4, 'cluster', '7', $5)",
    )
    .bind(occurred_at_ms)
    .bind(user_id)
    .bind(province)
    .bind(action)
    .bind(details)
    .execute(&app.db.pool)
    .await
    .expect("audit record");
}

#[tokio::test]
async fn list_shows_records_in_vietnam_time() {
    let app = TestApp::spawn().await;
    // 2026-12-04T17:30:00Z is 05/12/2026 00:30 in Ho Chi Minh City.
    record(&app, "79", 1_796_405_400_000, Some("chuyenvien"), "clusters.rename", r#"{"clusters": 2}"#).await;
    let client = app.login("quantri79").await;

    let response = client.get("/p/79/audit").await;

    assert_eq!(response.status, StatusCode::OK);
    let body = &response.body;
    assert!(body.contains("05/12/2026 00:30"), "time not in Vietnam time:\n{body}");
    assert!(body.contains("chuyenvien"), "who missing");
    assert!(body.contains("Đổi tên cụm"), "action not translated");
    assert!(body.contains("Cụm 7"), "entity missing");
    assert!(body.contains("Số cụm: 2"), "details missing");
    // The seed saved this year's layout without a user.
    assert!(body.contains("Lưu bố cục cụm của năm học"));
    assert!(body.contains("Hệ thống"));
}

#[tokio::test]
async fn list_newest_first() {
    let app = TestApp::spawn().await;
    record(&app, "79", 1_900_000_000_000, None, "clusters.rename", "{}").await;
    record(&app, "79", 1_900_000_100_000, None, "clusters.override_school", "{}").await;
    let client = app.login("quantri79").await;

    let body = client.get("/p/79/audit").await.body;

    let newer = body.find("Xếp trường vào cụm khác").expect("newer record");
    let older = body.find("Đổi tên cụm").expect("older record");
    assert!(newer < older);
}

#[tokio::test]
async fn list_unknown_action_shows_identifier() {
    let app = TestApp::spawn().await;
    record(&app, "79", 1_800_000_000_000, None, "reports.archive", r#"{"reports": 3}"#).await;
    let client = app.login("quantri79").await;

    let response = client.get("/p/79/audit").await;

    assert!(response.body.contains("reports.archive"));
    assert!(response.body.contains("reports: 3"));
}

#[tokio::test]
async fn list_keeps_provinces_apart() {
    let app = TestApp::spawn().await;
    record(&app, "01", 1_800_000_000_000, Some("chuyenvien_hn"), "clusters.rename", "{}").await;
    let client = app.login("quantri79").await;

    let response = client.get("/p/79/audit").await;

    let hanoi_username = users::normalize_username("chuyenvien_hn");
    assert!(response.body.contains("Đổi tên cụm") == false, "Hà Nội's record shown in Ho Chi Minh City's log");
    assert!(!response.body.contains(&hanoi_username), "Hà Nội's user shown in Ho Chi Minh City's log");
}

#[tokio::test]
async fn list_only_for_department_admin() {
    let app = TestApp::spawn().await;
    let cases = [
        ("quantri79", "/p/79/audit", StatusCode::OK),
        ("admin", "/p/79/audit", StatusCode::OK),
        ("chuyenvien", "/p/79/audit", StatusCode::NOT_FOUND),
        ("dieuphoi_a", "/p/79/audit", StatusCode::NOT_FOUND),
        ("hieutruong_a1", "/p/79/audit", StatusCode::NOT_FOUND),
        ("chuyenvien_hn", "/p/79/audit", StatusCode::NOT_FOUND),
        ("hieutruong_hn", "/p/79/audit", StatusCode::NOT_FOUND),
        ("quantri79", "/p/01/audit", StatusCode::NOT_FOUND),
        ("admin", "/p/abc/audit", StatusCode::NOT_FOUND),
        ("admin", "/p/48/audit", StatusCode::NOT_FOUND),
    ];

    for (username, path, expected) in cases {
        let response = app.login(username).await.get(path).await;
        assert_eq!(response.status, expected, "{username} on {path}");
    }
}

#[tokio::test]
async fn list_bad_page_shows_notice() {
    let app = TestApp::spawn().await;
    let client = app.login("quantri79").await;

    let word = client.get("/p/79/audit?page=x").await;
    let past_end = client.get("/p/79/audit?page=40").await;

    assert_eq!(word.status, StatusCode::OK);
    assert!(word.body.contains("Số trang “x” không hợp lệ"));
    assert_eq!(past_end.status, StatusCode::OK);
    assert!(past_end.body.contains("Không có trang 40"));
    assert!(past_end.body.contains("Lưu bố cục cụm của năm học"), "last page not shown");
}
