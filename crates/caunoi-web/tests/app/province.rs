//! The province overview: counts, the school-year choice and the cluster map.

use axum::http::StatusCode;

use crate::harness::TestApp;

#[tokio::test]
async fn overview_shows_counts_and_map() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response = client.get("/p/79").await;

    assert_eq!(response.status, StatusCode::OK);
    let body = &response.body;
    assert!(body.contains("<h1>Thành phố Hồ Chí Minh</h1>"), "{body}");
    assert!(body.contains("Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh"));
    assert!(body.contains(">168</a>"), "commune count missing");
    assert!(body.contains("Đặc khu: 1"), "kind breakdown missing");
    assert!(body.contains("Trung học phổ thông: 1"), "level count missing");
    assert!(body.contains(&format!("/p/79/clusters?year={}\">2</a>", app.world.year)), "cluster count missing");
    assert!(body.contains("<svg class=\"map\""), "map missing");
    assert!(body.contains("Cụm A"));
}

#[tokio::test]
async fn overview_counts_people_of_province() {
    let app = TestApp::spawn().await;
    let client = app.login("giaovien_a1").await;

    let response = client.get("/p/79").await;

    assert_eq!(response.status, StatusCode::OK);
    // Ten people of the test world hold a role in Ho Chi Minh City.
    assert!(response.body.contains("/p/79/people\">10</a>"), "{}", response.body);
}

#[tokio::test]
async fn overview_other_province_not_found() {
    let app = TestApp::spawn().await;

    for username in ["hieutruong_hn", "chuyenvien_hn"] {
        let client = app.login(username).await;
        let response = client.get("/p/79").await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username}");
    }
    let own = app.login("hieutruong_hn").await.get("/p/01").await;
    assert_eq!(own.status, StatusCode::OK);
}

#[tokio::test]
async fn overview_bad_province_not_found() {
    let app = TestApp::spawn().await;
    let client = app.login("admin").await;

    // Đà Nẵng (48) exists but is not hosted; 99 does not exist; 079 is not canonical.
    for path in ["/p/48", "/p/99", "/p/abc", "/p/079", "/p/%3Cb%3E"] {
        let response = client.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert!(response.body.contains("Không tìm thấy"), "{path}");
    }
}

#[tokio::test]
async fn overview_bad_year_shows_notice() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response = client.get("/p/79?year=2025-2027").await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.contains("Năm học “2025-2027” không hợp lệ"), "{}", response.body);
    assert!(response.body.contains(&format!("đang hiển thị năm học {}", app.world.year)));
}

#[tokio::test]
async fn overview_year_without_clusters() {
    let app = TestApp::spawn().await;
    let client = app.login("quantri79").await;

    let response = client.get("/p/79?year=2010-2011").await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.contains("Năm học 2010-2011 chưa có cụm chuyên môn nào."), "{}", response.body);
    assert!(response.body.contains("<option value=\"2010-2011\" selected>"), "chosen year kept in the selector");
    assert!(response.body.contains("/p/79/proposals"), "department staff get the proposal link");
    assert!(response.body.contains("<svg class=\"map\""), "the map still shows the units");
}

#[tokio::test]
async fn overview_in_english() {
    let app = TestApp::spawn().await;
    let request = axum::http::Request::get("/p/79")
        .header("accept-language", "en")
        .header("cookie", client_cookie(&app).await)
        .body(axum::body::Body::empty())
        .unwrap();

    let response = app.send(request).await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.contains("Map of professional clusters"), "{}", response.body);
    assert!(response.body.contains("Special zone: 1"));
}

/// Logs chuyenvien in and returns the session cookie, for requests built by hand.
async fn client_cookie(app: &TestApp) -> String {
    let response = app
        .anonymous()
        .post_form("/login", &[("username", "chuyenvien"), ("password", crate::harness::PASSWORD), ("next", "/")])
        .await;
    let cookie = response.headers.get("set-cookie").expect("session cookie").to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}
