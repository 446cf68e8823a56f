//! People: the province's staff list within each user's reach, and one person's page.

use axum::http::StatusCode;
use caunoi_db::users;

use crate::harness::TestApp;

/// Full names of the test world's people of Ho Chi Minh City and Hà Nội.
const EVERYONE: &[&str] = &[
    "Nguyễn Văn Quản",
    "Trần Thị Chuyên",
    "Lê Văn Điều",
    "Phạm Thị Ban",
    "Hồ Văn Xã",
    "Võ Thị Hiệu",
    "Đặng Văn Cốt",
    "Bùi Thị Giáo",
    "Ngô Văn Hai",
    "Đỗ Thị Bê",
    "Lý Văn Hà",
    "Mai Thị Nội",
];

/// Returns the rows of the page's table, without the header where the user's name shows.
fn table_rows(body: &str) -> &str {
    let start = body.find("<tbody>").unwrap_or(body.len());
    let end = body.find("</tbody>").unwrap_or(body.len());
    &body[start..end.max(start)]
}

/// Checks exactly which people of the test world a page's table lists.
fn assert_listed(body: &str, expected: &[&str]) {
    let rows = table_rows(body);
    for name in EVERYONE {
        assert_eq!(rows.contains(name), expected.contains(name), "{name} listed wrongly in:\n{body}");
    }
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    users::id_by_username(&app.db, username).await.expect("known user")
}

#[tokio::test]
async fn list_department_sees_whole_province() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response = client.get("/p/79/people").await;

    assert_eq!(response.status, StatusCode::OK);
    assert_listed(&response.body, &EVERYONE[..10]);
    assert!(!response.body.contains("Bạn chỉ thấy nhân sự"), "department staff see everyone");
}

#[tokio::test]
async fn list_school_leader_sees_own_school() {
    let app = TestApp::spawn().await;
    let client = app.login("hieutruong_a1").await;

    let response = client.get("/p/79/people").await;

    assert_eq!(response.status, StatusCode::OK);
    assert_listed(&response.body, &["Võ Thị Hiệu", "Đặng Văn Cốt", "Bùi Thị Giáo"]);
    assert!(response.body.contains("Bạn chỉ thấy nhân sự"), "scope hint missing");
}

#[tokio::test]
async fn list_sorted_by_given_name() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response = client.get("/p/79/people").await;

    let body = table_rows(&response.body);
    let position = |name: &str| body.find(name).unwrap_or_else(|| panic!("{name} missing"));
    // Given names in Vietnamese order: Ban, Bê, Chuyên, Cốt, Điều, Giáo, Hai, Hiệu, Quản, Xã.
    let order = [
        "Phạm Thị Ban",
        "Đỗ Thị Bê",
        "Trần Thị Chuyên",
        "Đặng Văn Cốt",
        "Lê Văn Điều",
        "Bùi Thị Giáo",
        "Ngô Văn Hai",
        "Võ Thị Hiệu",
        "Nguyễn Văn Quản",
        "Hồ Văn Xã",
    ];
    for pair in order.windows(2) {
        assert!(position(pair[0]) < position(pair[1]), "{} should come before {}", pair[0], pair[1]);
    }
}

#[tokio::test]
async fn list_search_ignores_tone_marks() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    // "dieu" alone would also match the usernames dieuphoi_a and bandieuphoi_a.
    let plain = client.get("/p/79/people?q=van+dieu").await;
    let toned = client.get("/p/79/people?q=V%C4%83n%20%C4%90i%E1%BB%81u").await; // "Văn Điều"
    let username = client.get("/p/79/people?q=giaovien").await;

    assert_listed(&plain.body, &["Lê Văn Điều"]);
    assert_listed(&toned.body, &["Lê Văn Điều"]);
    assert_listed(&username.body, &["Bùi Thị Giáo"]);
}

#[tokio::test]
async fn list_filters_by_role() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let leaders = client.get("/p/79/people?role=school_leader").await;
    let bogus = client.get("/p/79/people?role=hieu_truong").await;

    assert_listed(&leaders.body, &["Võ Thị Hiệu", "Ngô Văn Hai", "Đỗ Thị Bê"]);
    assert!(leaders.body.contains(r#"<option value="school_leader" selected>"#));
    assert_eq!(bogus.status, StatusCode::OK);
    assert!(bogus.body.contains("Không có vai trò “hieu_truong”"), "{}", bogus.body);
    assert_listed(&bogus.body, &EVERYONE[..10]);
}

#[tokio::test]
async fn list_bad_page_shows_notice() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let word = client.get("/p/79/people?page=hai").await;
    let past_end = client.get("/p/79/people?page=3").await;

    assert_eq!(word.status, StatusCode::OK);
    assert!(word.body.contains("Số trang “hai” không hợp lệ"));
    assert_eq!(past_end.status, StatusCode::OK);
    assert!(past_end.body.contains("Không có trang 3"));
    assert_listed(&past_end.body, &EVERYONE[..10]);
}

#[tokio::test]
async fn list_other_province_not_found() {
    let app = TestApp::spawn().await;

    for username in ["chuyenvien_hn", "hieutruong_hn"] {
        let response = app.login(username).await.get("/p/79/people").await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username}");
    }
    let own = app.login("chuyenvien_hn").await.get("/p/01/people").await;
    assert_listed(&own.body, &["Lý Văn Hà", "Mai Thị Nội"]);
}

#[tokio::test]
async fn list_links_only_visible_profiles() {
    let app = TestApp::spawn().await;
    let client = app.login("dieuphoi_a").await;
    let colleague = user_id(&app, "hieutruong_a1").await;
    let board_member = user_id(&app, "bandieuphoi_a").await;

    let response = client.get("/p/79/people").await;

    assert!(response.body.contains(&format!("/people/{colleague}\"")), "school leader in the cluster not linked");
    assert!(table_rows(&response.body).contains("Phạm Thị Ban"), "board member of the cluster not listed");
    let linked = response.body.contains(&format!("/people/{board_member}\""));
    let opens = client.get(&format!("/people/{board_member}")).await.status == StatusCode::OK;
    assert_eq!(linked, opens, "a link must lead to a page that opens");
}

#[tokio::test]
async fn detail_shows_roles_and_scopes() {
    let app = TestApp::spawn().await;
    let id = user_id(&app, "cotcan_a1").await;

    let response = app.login("hieutruong_a1").await.get(&format!("/people/{id}")).await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.contains("Đặng Văn Cốt"));
    // Usernames are stored folded, without the underscore.
    assert!(response.body.contains(&users::normalize_username("cotcan_a1")));
    assert!(response.body.contains("Giáo viên cốt cán"));
    assert!(response.body.contains("Trường THPT Trưng Vương"));
}

#[tokio::test]
async fn detail_contact_for_self_and_department() {
    let app = TestApp::spawn().await;
    let id = user_id(&app, "giaovien_a1").await;
    sqlx::query("UPDATE users SET email = 'giao@example.edu.vn', phone = '0901234567' WHERE id = $1")
        .bind(id)
        .execute(&app.db.pool)
        .await
        .expect("contact");
    let path = format!("/people/{id}");
    let cases = [
        ("giaovien_a1", true),
        ("chuyenvien", true),
        ("quantri79", true),
        ("hieutruong_a1", false),
        ("dieuphoi_a", false),
    ];

    for (username, sees_contact) in cases {
        let response = app.login(username).await.get(&path).await;
        assert_eq!(response.status, StatusCode::OK, "{username}");
        assert_eq!(response.body.contains("giao@example.edu.vn"), sees_contact, "{username}: email");
        assert_eq!(response.body.contains("0901234567"), sees_contact, "{username}: phone");
    }
}

#[tokio::test]
async fn detail_outside_scope_not_found() {
    let app = TestApp::spawn().await;
    let teacher = user_id(&app, "giaovien_a1").await;
    let cases = [
        ("hieutruong_b1", teacher),
        ("hieutruong_a2", teacher),
        ("hieutruong_hn", teacher),
        ("chuyenvien_hn", teacher),
        ("hieutruong_a1", user_id(&app, "hieutruong_b1").await),
        ("chuyenvien", user_id(&app, "hieutruong_hn").await),
    ];

    for (username, id) in cases {
        let response = app.login(username).await.get(&format!("/people/{id}")).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username} on person {id}");
    }
}

#[tokio::test]
async fn detail_bad_id_not_found() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin").await;

    for id in ["abc", "0", "-3", "999999", "99999999999999999999"] {
        let response = admin.get(&format!("/people/{id}")).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "/people/{id}");
        assert!(response.body.contains("Không tìm thấy"));
    }
}
