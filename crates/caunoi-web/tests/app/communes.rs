//! Communes: a province's list with search and paging, and one unit's page.

use axum::http::StatusCode;

use crate::harness::TestApp;

#[tokio::test]
async fn list_shows_facts_and_cluster() {
    let app = TestApp::spawn().await;
    let client = app.login("giaovien_a1").await;

    let response = client.get("/p/79/communes?q=ben+thanh").await;

    assert_eq!(response.status, StatusCode::OK);
    let body = &response.body;
    assert!(body.contains("<a href=\"/communes/26743\">Phường Bến Thành</a>"), "{body}");
    assert!(body.contains(&format!("<a href=\"/clusters/{}\">Cụm A</a>", app.world.cluster_a)));
    assert!(body.contains("<td>Phường</td>"));
    assert!(body.contains("Tìm thấy 1 đơn vị."));
}

#[tokio::test]
async fn list_search_ignores_tone_marks() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    // "tan dinh" and "TÂN ĐỊNH" both find Phường Tân Định: the search folds đ to d.
    let plain = client.get("/p/79/communes?q=tan+dinh").await;
    let toned = client.get("/p/79/communes?q=T%C3%82N%20%C4%90%E1%BB%8ANH").await;
    let none = client.get("/p/79/communes?q=khong+co+xa+nay").await;

    assert!(plain.body.contains("Phường Tân Định"), "{}", plain.body);
    assert!(toned.body.contains("Phường Tân Định"), "{}", toned.body);
    assert!(toned.body.contains("value=\"TÂN ĐỊNH\""), "the query is kept as typed");
    assert_eq!(none.status, StatusCode::OK);
    assert!(none.body.contains("Không có xã, phường, đặc khu nào khớp với từ khóa."));
}

#[tokio::test]
async fn list_pages_through_units() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let first = client.get("/p/79/communes").await;
    let last = client.get("/p/79/communes?page=4").await;
    let bad = client.get("/p/79/communes?page=-2").await;
    let past_end = client.get("/p/79/communes?page=40").await;

    // 168 units at 50 a page make 4 pages.
    assert!(first.body.contains("Tìm thấy 168 đơn vị."));
    assert!(first.body.contains("Trang 1/4"), "{}", first.body);
    assert!(first.body.contains("/p/79/communes?page=2"));
    assert_eq!(last.status, StatusCode::OK);
    assert!(last.body.contains("Trang 4/4"));
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.body.contains("Số trang “-2” không hợp lệ"));
    assert_eq!(past_end.status, StatusCode::OK);
    assert!(past_end.body.contains("Không có trang 40"));
    assert!(past_end.body.contains("Trang 4/4"));
}

#[tokio::test]
async fn list_other_province_not_found() {
    let app = TestApp::spawn().await;

    let other = app.login("hieutruong_hn").await.get("/p/79/communes").await;
    let unhosted = app.login("admin").await.get("/p/48/communes").await;
    let own = app.login("hieutruong_hn").await.get("/p/01/communes?q=hoan+kiem").await;

    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(unhosted.status, StatusCode::NOT_FOUND);
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("Phường Hoàn Kiếm"));
}

#[tokio::test]
async fn detail_shows_former_units_schools_clusters() {
    let app = TestApp::spawn().await;
    let client = app.login("hieutruong_b1").await;

    let response = client.get("/communes/26743").await;

    assert_eq!(response.status, StatusCode::OK);
    let body = &response.body;
    assert!(body.contains("<h1>Phường Bến Thành</h1>"), "{body}");
    // From the official conversion table: Phạm Ngũ Lão merged whole, Cầu Ông Lãnh in part.
    assert!(body.contains("<td>Phường Phạm Ngũ Lão</td>"));
    assert!(body.contains("<td>Phường Cầu Ông Lãnh</td>"));
    assert!(body.contains("Quận 1"));
    assert!(body.contains("Nhập một phần"));
    assert!(body.contains(&format!("<a href=\"/schools/{}\">Trường THPT Trưng Vương</a>", app.world.school_a1)));
    assert!(body.contains(&format!("<td>{}</td>", app.world.year)), "cluster history missing");
    assert!(body.contains(&format!("<a href=\"/clusters/{}\">Cụm A</a>", app.world.cluster_a)));
}

#[tokio::test]
async fn detail_other_province_not_found() {
    let app = TestApp::spawn().await;

    for username in ["hieutruong_hn", "chuyenvien_hn"] {
        let response = app.login(username).await.get("/communes/26743").await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username}");
    }
    let own = app.login("hieutruong_hn").await.get("/communes/00070").await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("Trường THPT Trần Phú"));
}

#[tokio::test]
async fn detail_bad_code_not_found() {
    let app = TestApp::spawn().await;
    let client = app.login("admin").await;

    for path in ["/communes/abc", "/communes/99999", "/communes/2674", "/communes/267430", "/communes/%27%3B--"] {
        let response = client.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn detail_without_clusters_or_schools() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    // Côn Đảo has no school and no cluster in the test world.
    let response = client.get("/communes/26732").await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.contains("Đặc khu Côn Đảo"));
    assert!(response.body.contains("Đơn vị này chưa thuộc cụm chuyên môn nào."));
    assert!(response.body.contains("Chưa có trường nào gắn với đơn vị này."));
}
