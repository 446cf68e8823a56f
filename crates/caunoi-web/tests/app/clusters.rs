//! Clusters: a province's list, one cluster's page, its board form and school overrides.

use axum::http::StatusCode;

use crate::harness::TestApp;

async fn audit_actions(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id").fetch_all(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn list_shows_clusters_and_map() {
    let app = TestApp::spawn().await;
    let client = app.login("giaovien_a1").await;

    let response = client.get("/p/79/clusters").await;

    assert_eq!(response.status, StatusCode::OK);
    let body = &response.body;
    assert!(body.contains(&format!("Cụm chuyên môn năm học {}", app.world.year)), "{body}");
    assert!(body.contains(&format!("<a href=\"/clusters/{}\">Cụm A</a>", app.world.cluster_a)));
    assert!(body.contains(&format!("<a href=\"/clusters/{}\">Cụm B</a>", app.world.cluster_b)));
    assert!(body.contains("<svg class=\"map\""));
    assert!(body.contains("class=\"swatch\""), "table rows carry their map colour");
    assert!(body.contains("2 cụm chuyên môn"));
}

#[tokio::test]
async fn list_other_province_not_found() {
    let app = TestApp::spawn().await;

    let response = app.login("chuyenvien_hn").await.get("/p/79/clusters").await;
    let unknown = app.login("chuyenvien").await.get("/p/7x/clusters").await;

    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn list_bad_year_shows_notice() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let bad = client.get("/p/79/clusters?year=n%C4%83m+nay").await; // "năm nay"
    let empty = client.get("/p/79/clusters?year=2001-2002").await;

    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.body.contains("Năm học “năm nay” không hợp lệ"), "{}", bad.body);
    assert!(bad.body.contains("Cụm A"), "falls back to the current year");
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("Năm học 2001-2002 chưa có cụm chuyên môn nào."));
}

#[tokio::test]
async fn detail_shows_communes_schools_map() {
    let app = TestApp::spawn().await;
    // Any person of the province may open any of its clusters.
    let client = app.login("hieutruong_b1").await;

    let response = client.get(&format!("/clusters/{}", app.world.cluster_a)).await;

    assert_eq!(response.status, StatusCode::OK);
    let body = &response.body;
    assert!(body.contains("<h1>Cụm A</h1>"), "{body}");
    assert!(body.contains("<a href=\"/communes/26743\">Phường Bến Thành</a>"));
    assert!(body.contains("<a href=\"/communes/26740\">Phường Sài Gòn</a>"));
    assert!(!body.contains("<a href=\"/communes/26737\">Phường Tân Định</a>"), "cluster B's ward listed");
    assert!(body.contains(&format!("<a href=\"/schools/{}\">Trường THPT Trưng Vương</a>", app.world.school_a1)));
    assert!(!body.contains("Trường THCS Đồng Khởi"));
    assert!(body.contains("Các cụm khác"), "highlight legend missing");
    assert!(!body.contains("/board\""), "no board form for a school leader");
    assert!(!body.contains("/overrides\""), "no override form for a school leader");
}

#[tokio::test]
async fn detail_other_province_not_found() {
    let app = TestApp::spawn().await;
    let path = format!("/clusters/{}", app.world.cluster_a);

    for username in ["hieutruong_hn", "chuyenvien_hn"] {
        let response = app.login(username).await.get(&path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username}");
    }
}

#[tokio::test]
async fn detail_bad_id_not_found() {
    let app = TestApp::spawn().await;
    let client = app.login("admin").await;

    for path in ["/clusters/abc", "/clusters/0", "/clusters/-1", "/clusters/999999", "/clusters/99999999999999999999"] {
        let response = client.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn detail_filters_schools_by_level() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let path = format!("/clusters/{}", app.world.cluster_a);

    let primary = client.get(&format!("{path}?level=primary")).await;
    let bad_level = client.get(&format!("{path}?level=dai_hoc")).await;
    let bad_page = client.get(&format!("{path}?page=hai")).await;
    let past_end = client.get(&format!("{path}?page=9")).await;

    assert!(primary.body.contains("Trường Tiểu học Lê Ngọc Hân"));
    assert!(!primary.body.contains("Trường THPT Trưng Vương"));
    assert_eq!(bad_level.status, StatusCode::OK);
    assert!(bad_level.body.contains("Không có cấp học “dai_hoc”"), "{}", bad_level.body);
    assert!(bad_level.body.contains("Trường THPT Trưng Vương"), "the bad filter is ignored");
    assert!(bad_page.body.contains("Số trang “hai” không hợp lệ"));
    assert!(past_end.body.contains("Không có trang 9"));
    assert!(past_end.body.contains("Trường THPT Trưng Vương"));
}

#[tokio::test]
async fn board_form_only_for_managers() {
    let app = TestApp::spawn().await;
    let path = format!("/clusters/{}", app.world.cluster_a);
    let form = format!("action=\"/clusters/{}/board\"", app.world.cluster_a);
    let overrides = format!("action=\"/clusters/{}/overrides\"", app.world.cluster_a);

    let coordinator = app.login("dieuphoi_a").await.get(&path).await;
    let member = app.login("bandieuphoi_a").await.get(&path).await;
    let specialist = app.login("chuyenvien").await.get(&path).await;

    assert!(coordinator.body.contains(&form));
    assert!(!coordinator.body.contains(&overrides), "overrides are the department's");
    assert!(!member.body.contains(&form));
    assert!(specialist.body.contains(&form));
    assert!(specialist.body.contains(&overrides));
}

#[tokio::test]
async fn board_add_member_records_audit() {
    let app = TestApp::spawn().await;
    let client = app.login("dieuphoi_a").await;
    let path = format!("/clusters/{}/board", app.world.cluster_a);

    let response = client
        .post_form(&path, &[("username", "hieutruong_a1"), ("board_role", "member"), ("level", ""), ("affiliation", "school")])
        .await;

    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(response.location(), Some(format!("/clusters/{}#board", app.world.cluster_a).as_str()));
    let page = client.get(&format!("/clusters/{}", app.world.cluster_a)).await;
    assert!(page.body.contains("Võ Thị Hiệu"), "{}", page.body);
    assert!(page.body.contains("<td>Thành viên</td>"));
    assert_eq!(audit_actions(&app).await.last().map(String::as_str), Some("clusters.add_board_member"));
}

#[tokio::test]
async fn board_level_head_needs_level() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let path = format!("/clusters/{}/board", app.world.cluster_a);

    let missing = client
        .post_form(&path, &[("username", "cotcan_a1"), ("board_role", "level_head"), ("level", ""), ("affiliation", "school")])
        .await;
    let valid = client
        .post_form(&path, &[("username", "cotcan_a1"), ("board_role", "level_head"), ("level", "upper_secondary"), ("affiliation", "school")])
        .await;

    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("Chọn cấp học mà người này phụ trách."), "{}", missing.body);
    assert!(missing.body.contains("value=\"cotcan_a1\""), "typed values are kept");
    assert!(missing.body.contains("<option value=\"level_head\" selected>"));
    assert_eq!(valid.status, StatusCode::SEE_OTHER);
    let stored: (String, Option<String>) =
        sqlx::query_as("SELECT board_role, level FROM cluster_board_members WHERE cluster_id = $1")
            .bind(app.world.cluster_a)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(stored, ("level_head".to_owned(), Some("upper_secondary".to_owned())));
}

#[tokio::test]
async fn board_rejects_bad_values() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let path = format!("/clusters/{}/board", app.world.cluster_a);

    let blank = client.post_form(&path, &[]).await;
    let bad = client
        .post_form(&path, &[("username", "giaovien_a1"), ("board_role", "truong_cum"), ("affiliation", "bo")])
        .await;

    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains("Nhập tên đăng nhập của người cần thêm vào ban điều phối."));
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Chọn vai trò trong ban"), "{}", bad.body);
    assert!(bad.body.contains("Chọn đơn vị công tác"));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cluster_board_members").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn board_rejects_person_of_other_province() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let path = format!("/clusters/{}/board", app.world.cluster_a);
    let fields = |username| [("username", username), ("board_role", "member"), ("affiliation", "school")];

    let other_province = client.post_form(&path, &fields("hieutruong_hn")).await;
    let unknown = client.post_form(&path, &fields("khong_co_ai")).await;

    assert_eq!(other_province.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(other_province.body.contains("Không có người dùng “hieutruong_hn” trong tỉnh, thành phố của cụm."));
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("Không có người dùng “khong_co_ai” trong tỉnh, thành phố của cụm."));
}

#[tokio::test]
async fn board_refused_outside_scope() {
    let app = TestApp::spawn().await;
    let fields = [("username", "hieutruong_a1"), ("board_role", "member"), ("affiliation", "school")];
    let cluster_a = format!("/clusters/{}/board", app.world.cluster_a);
    let cluster_b = format!("/clusters/{}/board", app.world.cluster_b);

    // A board member, the coordinator of another cluster, and people of Hà Nội.
    let cases = [
        ("bandieuphoi_a", cluster_a.as_str()),
        ("hieutruong_a1", cluster_a.as_str()),
        ("dieuphoi_a", cluster_b.as_str()),
        ("chuyenvien_hn", cluster_a.as_str()),
        ("hieutruong_hn", cluster_a.as_str()),
        ("chuyenvien", "/clusters/abc/board"),
    ];
    for (username, path) in cases {
        let response = app.login(username).await.post_form(path, &fields).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username} on {path}");
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cluster_board_members").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn override_moves_school_to_cluster() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let school = app.world.school_a1.to_string();

    let response = client
        .post_form(
            &format!("/clusters/{}/overrides", app.world.cluster_b),
            &[("school", school.as_str()), ("reason", "Gần các trường của cụm B")],
        )
        .await;

    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let cluster_b = client.get(&format!("/clusters/{}", app.world.cluster_b)).await;
    let cluster_a = client.get(&format!("/clusters/{}", app.world.cluster_a)).await;
    assert!(cluster_b.body.contains("Trường THPT Trưng Vương"));
    assert!(!cluster_a.body.contains("Trường THPT Trưng Vương"));
    assert_eq!(audit_actions(&app).await.last().map(String::as_str), Some("clusters.override_school"));
}

#[tokio::test]
async fn override_rejects_bad_values() {
    let app = TestApp::spawn().await;
    let client = app.login("quantri79").await;
    let path = format!("/clusters/{}/overrides", app.world.cluster_b);
    let hanoi_school = app.world.school_hn.to_string();
    let long_reason = "a".repeat(501);
    let school_a1 = app.world.school_a1.to_string();

    let other_province = client.post_form(&path, &[("school", hanoi_school.as_str()), ("reason", "x")]).await;
    let not_number = client.post_form(&path, &[("school", "abc"), ("reason", "x")]).await;
    let no_reason = client.post_form(&path, &[("school", school_a1.as_str()), ("reason", "  ")]).await;
    let too_long = client.post_form(&path, &[("school", school_a1.as_str()), ("reason", long_reason.as_str())]).await;

    assert_eq!(other_province.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(other_province.body.contains(&format!("Không có trường mã số “{hanoi_school}”")), "{}", other_province.body);
    assert_eq!(not_number.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_number.body.contains("Không có trường mã số “abc”"));
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("Nhập lý do xếp trường vào cụm này."));
    assert!(no_reason.body.contains(&format!("value=\"{school_a1}\"")), "typed school kept");
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.body.contains("Lý do dài 501 ký tự; tối đa 500 ký tự."));
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM cluster_school_overrides").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn override_refused_outside_department() {
    let app = TestApp::spawn().await;
    let school = app.world.school_a1.to_string();
    let fields = [("school", school.as_str()), ("reason", "x")];
    let path = format!("/clusters/{}/overrides", app.world.cluster_b);

    // The coordinator manages the board but not the province, and people of Hà Nội get 404.
    for username in ["dieuphoi_a", "hieutruong_b1", "chuyenvien_hn", "hieutruong_hn"] {
        let response = app.login(username).await.post_form(&path, &fields).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username}");
    }
}

#[tokio::test]
async fn board_role_change_replaces_grant() {
    use caunoi_core::org::{Role, Scope};
    use caunoi_db::clusters::{NewBoardMember, add_board_member};

    let app = TestApp::spawn().await;
    let user_id = caunoi_db::users::id_by_username(&app.db, "bandieuphoi_a").await.unwrap();
    let member = |board_role: &str| NewBoardMember {
        cluster_id: app.world.cluster_a,
        user_id,
        board_role: board_role.into(),
        level: None,
        affiliation: "school".into(),
    };

    add_board_member(&app.db, &member("coordinator")).await.unwrap();
    add_board_member(&app.db, &member("member")).await.unwrap();

    let actor = caunoi_db::users::actor(&app.db, user_id).await.unwrap();
    let scope = Scope::Cluster(app.world.cluster_a);
    assert!(actor.grants.iter().any(|g| g.role == Role::BoardMember && g.scope == scope));
    assert!(!actor.grants.iter().any(|g| g.role == Role::ClusterCoordinator && g.scope == scope));
}
