//! Schools: the province's list with search and filters, a school's page and its staff.

use axum::http::StatusCode;
use caunoi_core::org::{Ownership, SchoolLevel};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::clusters::{self, ClusterDraft};
use caunoi_db::schools::{self, NewSchool};

use crate::harness::TestApp;

const TRUNG_VUONG: &str = "Trường THPT Trưng Vương";
const LE_NGOC_HAN: &str = "Trường Tiểu học Lê Ngọc Hân";
const DONG_KHOI: &str = "Trường THCS Đồng Khởi";
const TRAN_PHU: &str = "Trường THPT Trần Phú";

/// Returns the rows of the page's table, without the header where the user's name shows.
fn table_rows(body: &str) -> &str {
    let start = body.find("<tbody>").unwrap_or(body.len());
    let end = body.find("</tbody>").unwrap_or(body.len());
    &body[start..end.max(start)]
}

/// Checks which of the test world's four schools a page's table lists.
fn assert_listed(body: &str, expected: &[&str]) {
    let rows = table_rows(body);
    for name in [TRUNG_VUONG, LE_NGOC_HAN, DONG_KHOI, TRAN_PHU] {
        assert_eq!(rows.contains(name), expected.contains(&name), "{name} listed wrongly in:\n{body}");
    }
}

#[tokio::test]
async fn list_shows_province_schools() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response = client.get("/p/79/schools").await;

    assert_eq!(response.status, StatusCode::OK);
    assert_listed(&response.body, &[TRUNG_VUONG, LE_NGOC_HAN, DONG_KHOI]);
    assert!(response.body.contains("Trung học phổ thông"), "level label missing");
    assert!(response.body.contains("Công lập"), "ownership label missing");
    assert!(response.body.contains("Cụm A"), "cluster missing");
    assert!(response.body.contains("Tìm thấy 3 trường."), "count missing");
}

#[tokio::test]
async fn list_open_to_teachers_of_province() {
    let app = TestApp::spawn().await;
    let client = app.login("giaovien_a1").await;

    let response = client.get("/p/79/schools").await;

    assert_eq!(response.status, StatusCode::OK);
    assert_listed(&response.body, &[TRUNG_VUONG, LE_NGOC_HAN, DONG_KHOI]);
}

#[tokio::test]
async fn list_search_ignores_tone_marks() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let plain = client.get("/p/79/schools?q=trung+vuong").await;
    let toned = client.get("/p/79/schools?q=%C4%90%E1%BB%93ng%20Kh%E1%BB%9Fi").await; // "Đồng Khởi"
    let d_letter = client.get("/p/79/schools?q=dong").await;

    assert_eq!(plain.status, StatusCode::OK);
    assert_listed(&plain.body, &[TRUNG_VUONG]);
    assert_listed(&toned.body, &[DONG_KHOI]);
    assert_listed(&d_letter.body, &[DONG_KHOI]);
    assert!(plain.body.contains(r#"value="trung vuong""#), "search text not kept in the form");
}

#[tokio::test]
async fn list_filters_by_level_cluster_commune() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let world = &app.world;

    let by_level = client.get("/p/79/schools?level=primary").await;
    let by_cluster = client.get(&format!("/p/79/schools?cluster={}", world.cluster_b)).await;
    let by_commune = client.get(&format!("/p/79/schools?commune={}", world.commune_a1)).await;
    let combined = client.get(&format!("/p/79/schools?cluster={}&level=primary", world.cluster_a)).await;

    assert_listed(&by_level.body, &[LE_NGOC_HAN]);
    assert_listed(&by_cluster.body, &[DONG_KHOI]);
    assert_listed(&by_commune.body, &[TRUNG_VUONG]);
    assert_listed(&combined.body, &[LE_NGOC_HAN]);
    assert!(by_level.body.contains(r#"<option value="primary" selected>"#), "level not selected");
    assert!(by_cluster.body.contains(&format!(r#"<option value="{}" selected>"#, world.cluster_b)), "cluster not selected");
}

#[tokio::test]
async fn list_invalid_filters_show_notice() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let cases = [
        ("level=dai_hoc", "Không có cấp học “dai_hoc”"),
        ("cluster=abc", "Không có cụm “abc”"),
        ("cluster=999999", "Không có cụm “999999”"),
        // Hoàn Kiếm is a ward of Hà Nội, not of Ho Chi Minh City.
        ("commune=00070", "Mã xã, phường “00070” không thuộc"),
        ("commune=xyz", "Mã xã, phường “xyz” không thuộc"),
    ];

    for (query, notice) in cases {
        let response = client.get(&format!("/p/79/schools?{query}")).await;

        assert_eq!(response.status, StatusCode::OK, "{query}");
        assert!(response.body.contains(notice), "{query}: notice missing in:\n{}", response.body);
        assert_listed(&response.body, &[TRUNG_VUONG, LE_NGOC_HAN, DONG_KHOI]);
    }
}

#[tokio::test]
async fn list_bad_page_shows_notice() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let word = client.get("/p/79/schools?page=abc").await;
    let zero = client.get("/p/79/schools?page=0").await;
    let past_end = client.get("/p/79/schools?page=7").await;
    let huge = client.get("/p/79/schools?page=9223372036854775807").await;
    let overflow = client.get("/p/79/schools?page=99999999999999999999").await;

    for response in [&word, &zero, &past_end, &huge, &overflow] {
        assert_eq!(response.status, StatusCode::OK);
        assert_listed(&response.body, &[TRUNG_VUONG, LE_NGOC_HAN, DONG_KHOI]);
    }
    assert!(word.body.contains("Số trang “abc” không hợp lệ"), "{}", word.body);
    assert!(zero.body.contains("Số trang “0” không hợp lệ"), "{}", zero.body);
    assert!(past_end.body.contains("Không có trang 7 vì danh sách chỉ có 1 trang"), "{}", past_end.body);
    assert!(huge.body.contains("Không có trang"), "{}", huge.body);
    assert!(overflow.body.contains("không hợp lệ"), "{}", overflow.body);
}

#[tokio::test]
async fn list_pages_through_many_schools() {
    let app = TestApp::spawn().await;
    let many: Vec<NewSchool> = (1..=60).map(|n| generated_school(&format!("Trường Mầm non Số {n:02}"), &format!("g:{n}"))).collect();
    schools::insert_many(&app.db, &many).await.expect("schools");
    let client = app.login("chuyenvien").await;

    let first = client.get("/p/79/schools?level=preschool").await;
    let second = client.get("/p/79/schools?level=preschool&page=2").await;

    assert!(first.body.contains("Trang 1/2"), "{}", first.body);
    // Askama writes `&` in attributes as `&#38;`.
    assert!(first.body.contains("/p/79/schools?level=preschool&#38;page=2"), "next link keeps the filter");
    assert!(first.body.contains("Trường Mầm non Số 50"));
    assert!(!first.body.contains("Trường Mầm non Số 51"));
    assert!(second.body.contains("Trường Mầm non Số 60"));
    assert!(second.body.contains("Trang 2/2"));
}

#[tokio::test]
async fn list_marks_generated_schools() {
    let app = TestApp::spawn().await;
    schools::insert_many(&app.db, &[generated_school("Trường Mầm non Sinh Tự Động", "g:1")]).await.expect("school");
    let client = app.login("chuyenvien").await;

    let response = client.get("/p/79/schools?q=sinh+tu+dong").await;

    assert!(response.body.contains("Trường Mầm non Sinh Tự Động"));
    assert!(response.body.contains("Dữ liệu sinh tự động"), "badge missing");
    let real = client.get("/p/79/schools?q=trung+vuong").await;
    assert!(!real.body.contains("Dữ liệu sinh tự động"), "badge on a real school");
}

#[tokio::test]
async fn list_other_province_not_found() {
    let app = TestApp::spawn().await;

    for username in ["chuyenvien_hn", "hieutruong_hn"] {
        let response = app.login(username).await.get("/p/79/schools").await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username}");
    }
    let own = app.login("chuyenvien_hn").await.get("/p/01/schools").await;
    assert_eq!(own.status, StatusCode::OK);
    assert_listed(&own.body, &[TRAN_PHU]);
}

#[tokio::test]
async fn list_bad_province_not_found() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin").await;

    for province in ["abc", "079", "7", "48", "99"] {
        let response = admin.get(&format!("/p/{province}/schools")).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "/p/{province}/schools");
        assert!(response.body.contains("Không tìm thấy"), "{}", response.body);
    }
}

#[tokio::test]
async fn detail_shows_facts() {
    let app = TestApp::spawn().await;
    let last_year = SchoolYear::parse(&app.world.year).map(|y| y.start_year() - 1).and_then(SchoolYear::starting).expect("year");
    let drafts = [ClusterDraft { name: "Cụm Trung tâm cũ".into(), communes: vec![app.world.commune_a1.clone()] }];
    clusters::save_layout(&app.db, "79", last_year, &drafts, None).await.expect("last year's layout");
    let client = app.login("hieutruong_b1").await;

    let response = client.get(&format!("/schools/{}", app.world.school_a1)).await;

    assert_eq!(response.status, StatusCode::OK);
    let body = &response.body;
    assert!(body.contains(TRUNG_VUONG));
    assert!(body.contains("Trung học phổ thông"));
    assert!(body.contains("Công lập"));
    assert!(body.contains("Bến Thành"), "commune missing");
    assert!(body.contains(&format!("Cụm chuyên môn năm học {}", app.world.year)));
    assert!(body.contains("Cụm A"), "this year's cluster missing");
    assert!(body.contains("Cụm Trung tâm cũ"), "last year's cluster missing");
    assert!(body.contains(&last_year.to_string()));
    assert!(!body.contains(&format!("/schools/{}/staff", app.world.school_a1)), "staff link shown to another school's leader");
}

#[tokio::test]
async fn detail_links_staff_when_allowed() {
    let app = TestApp::spawn().await;

    let response = app.login("hieutruong_a1").await.get(&format!("/schools/{}", app.world.school_a1)).await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.contains(&format!("/schools/{}/staff", app.world.school_a1)));
}

#[tokio::test]
async fn detail_other_province_not_found() {
    let app = TestApp::spawn().await;

    for username in ["chuyenvien_hn", "hieutruong_hn"] {
        let response = app.login(username).await.get(&format!("/schools/{}", app.world.school_a1)).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username}");
    }
    let hanoi = app.login("chuyenvien").await.get(&format!("/schools/{}", app.world.school_hn)).await;
    assert_eq!(hanoi.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn detail_bad_id_not_found() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin").await;

    for id in ["abc", "0", "-1", "999999", "1.5", "99999999999999999999"] {
        let response = admin.get(&format!("/schools/{id}")).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "/schools/{id}");
        assert!(response.body.contains("Không tìm thấy"), "{}", response.body);
        let staff = admin.get(&format!("/schools/{id}/staff")).await;
        assert_eq!(staff.status, StatusCode::NOT_FOUND, "/schools/{id}/staff");
    }
}

#[tokio::test]
async fn staff_visible_only_within_scope() {
    let app = TestApp::spawn().await;
    let path = format!("/schools/{}/staff", app.world.school_a1);
    let cases = [
        ("hieutruong_a1", StatusCode::OK),
        ("dieuphoi_a", StatusCode::OK),
        ("bandieuphoi_a", StatusCode::OK),
        ("canboxa_a", StatusCode::OK),
        ("chuyenvien", StatusCode::OK),
        ("quantri79", StatusCode::OK),
        ("admin", StatusCode::OK),
        ("hieutruong_b1", StatusCode::NOT_FOUND),
        ("hieutruong_a2", StatusCode::NOT_FOUND),
        ("hieutruong_hn", StatusCode::NOT_FOUND),
        ("chuyenvien_hn", StatusCode::NOT_FOUND),
    ];

    for (username, expected) in cases {
        let response = app.login(username).await.get(&path).await;
        assert_eq!(response.status, expected, "{username} on {path}");
    }
}

#[tokio::test]
async fn staff_refusal_matches_missing_school() {
    let app = TestApp::spawn().await;
    let client = app.login("hieutruong_b1").await;

    let refused = client.get(&format!("/schools/{}/staff", app.world.school_a1)).await;
    let missing = client.get("/schools/999999/staff").await;

    assert_eq!(refused.status, missing.status);
    assert_eq!(refused.body, missing.body);
}

#[tokio::test]
async fn staff_sorted_by_given_name() {
    let app = TestApp::spawn().await;
    let client = app.login("hieutruong_a1").await;

    let response = client.get(&format!("/schools/{}/staff", app.world.school_a1)).await;

    assert_eq!(response.status, StatusCode::OK);
    let body = table_rows(&response.body);
    let position = |name: &str| body.find(name).unwrap_or_else(|| panic!("{name} missing in:\n{body}"));
    // Given names Cốt, Giáo, Hiệu in Vietnamese alphabetical order.
    assert!(position("Đặng Văn Cốt") < position("Bùi Thị Giáo"));
    assert!(position("Bùi Thị Giáo") < position("Võ Thị Hiệu"));
    assert!(body.contains("Giáo viên cốt cán, Giáo viên"), "roles of the core teacher missing");
    assert!(body.contains("Cán bộ quản lý trường"));
    assert!(!body.contains("Ngô Văn Hai"), "another school's leader listed");
    assert!(response.body.contains("3 người, xếp theo tên."));
}

fn generated_school(name: &str, key: &str) -> NewSchool {
    NewSchool {
        province_code: "79".into(),
        commune_code: Some("26743".into()),
        name: name.into(),
        level: SchoolLevel::Preschool,
        ownership: Ownership::Public,
        moet_code: None,
        former_district: None,
        import_key: key.into(),
        is_generated: true,
    }
}

#[tokio::test]
async fn huge_search_text_is_cut_not_refused() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    // Past SQLite's 50,000-byte limit on LIKE patterns, within what a URI may carry.
    let query = "trung+".repeat(9_000);
    for path in ["/p/79/schools", "/p/79/people", "/p/79/communes"] {
        let response = client.get(&format!("{path}?q={query}")).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
    }
}
